//! The walker's own moves: taking a choice, and settling, the moves it makes without the
//! person (known facts answered, subflows entered and left) until someone must answer. The
//! state they change, and the checkpoint that undoes a refused answer, live here with them.

use crate::graph::{FlowId, Graph, NodeId, NodeKind, Outcome};
use crate::walk::{Facts, TrailEntry, Visit, WalkError};

#[derive(Debug, Clone)]
pub(super) struct State {
    pub(super) flow: FlowId,
    pub(super) node: NodeId,
    /// Callers to return to: (flow, node to continue at).
    pub(super) stack: Vec<(FlowId, NodeId)>,
    pub(super) facts: Facts,
    pub(super) trail: Vec<TrailEntry>,
    pub(super) visits: Vec<Visit>,
}

/// What an answer may change besides appending to the trail and the visits.
pub(super) struct Checkpoint {
    flow: FlowId,
    node: NodeId,
    stack: Vec<(FlowId, NodeId)>,
    facts: Facts,
    trail: usize,
    visits: usize,
}

impl Checkpoint {
    pub(super) fn of(state: &State) -> Checkpoint {
        Checkpoint {
            flow: state.flow,
            node: state.node,
            stack: state.stack.clone(),
            facts: state.facts.clone(),
            trail: state.trail.len(),
            visits: state.visits.len(),
        }
    }

    pub(super) fn restore(self, state: &mut State) {
        state.flow = self.flow;
        state.node = self.node;
        state.stack = self.stack;
        state.facts = self.facts;
        state.trail.truncate(self.trail);
        state.visits.truncate(self.visits);
    }
}

/// Takes choice `index` at the current node.
pub(super) fn take(graph: &Graph, state: &mut State, index: usize, by_user: bool) {
    let flow = graph.flow(state.flow);
    let node = flow.node(state.node);
    let choice = &node.choices()[index];
    if let NodeKind::Ask {
        fact: Some(fact), ..
    } = &node.kind
    {
        state.facts.insert(fact.clone(), choice.id.clone());
    }
    if by_user {
        state.trail.push(TrailEntry {
            flow: flow.id.clone(),
            node: node.id.clone(),
            answer: choice.id.clone(),
            note: None,
            stamp: None,
        });
    }
    state.visits.push(Visit {
        flow: state.flow,
        node: state.node,
        choice: Some(index),
    });
    state.node = choice.next;
}

/// Moves on until the walk rests on a node that needs the user: skips questions whose fact
/// is known, enters subflows, and returns from finished ones.
/// Gives up after [`Graph::settle_limit`] moves: only a fact loop, which the checker
/// reports, can make that many.
pub(super) fn settle(graph: &Graph, state: &mut State) -> Result<(), WalkError> {
    for _ in 0..graph.settle_limit() {
        let node = graph.flow(state.flow).node(state.node);
        match &node.kind {
            NodeKind::Ask {
                fact: Some(fact),
                choices,
                ..
            } if state.facts.contains_key(fact) => {
                let value = &state.facts[fact];
                let Some(index) = choices.iter().position(|c| &c.id == value) else {
                    // The checker makes fact questions offer every value; stay and ask.
                    return Ok(());
                };
                take(graph, state, index, false);
            }
            NodeKind::Input { fact, .. } if state.facts.contains_key(fact) => {
                take(graph, state, 0, false);
            }
            NodeKind::Call { flow, then } => {
                state.visits.push(Visit {
                    flow: state.flow,
                    node: state.node,
                    choice: None,
                });
                state.stack.push((state.flow, *then));
                state.flow = *flow;
                state.node = graph.flow(*flow).start;
            }
            NodeKind::End { outcome, .. }
                if *outcome != Outcome::Escalate && !state.stack.is_empty() =>
            {
                state.visits.push(Visit {
                    flow: state.flow,
                    node: state.node,
                    choice: None,
                });
                let (flow, then) = state.stack.pop().expect("checked above");
                state.flow = flow;
                state.node = then;
            }
            _ => {
                state.visits.push(Visit {
                    flow: state.flow,
                    node: state.node,
                    choice: None,
                });
                return Ok(());
            }
        }
    }
    Err(WalkError::Loop {
        node: graph.flow(state.flow).node(state.node).id.clone(),
    })
}
