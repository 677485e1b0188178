//! How far a walk has to go: the fewest and the most things the person may still have to
//! do or answer before the walk ends, from where it stands and with the facts it knows.
//!
//! Computed from the checked graph alone, the way the walker would move: a question whose
//! fact is known (or becomes known on the way) is answered for the person and costs
//! nothing, a `Call` enters its subflow, a subflow's resolved or info end returns to the
//! caller, and an escalate end, or any end of the outermost flow, ends the walk. A way
//! that comes back to a node it already passed is a loop the person may take any number
//! of times; it is not counted, so "at most" is the longest way that does not repeat
//! itself. The search is bounded: an estimate too costly to make is `None`.

use std::collections::HashSet;

use crate::graph::{FlowId, Graph, NodeId, NodeKind, Outcome};
use crate::walk::{Facts, Walk};

/// The things left to do or answer, the current node included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remaining {
    pub fewest: usize,
    pub most: usize,
}

/// Nodes the estimate may look at before it gives up.
const BUDGET: usize = 200_000;

/// The longest way looked at, in questions and steps: far beyond any real flow, and well
/// within the stack.
const MAX_DEPTH: usize = 1_000;

/// The remaining work of `walk`; `None` when the walk has ended or the estimate would
/// cost too much.
pub fn remaining(walk: &Walk) -> Option<Remaining> {
    if walk.is_finished() {
        return None;
    }
    let (flow, node) = walk.position();
    let mut search = Search {
        graph: walk.graph(),
        budget: BUDGET,
        on_path: HashSet::new(),
    };
    let at = Place {
        flow,
        node,
        stack: stack_of(walk),
    };
    search.from(at, &mut walk.facts().clone())
}

/// The callers waiting for the subflow the walk is in, rebuilt from the visits: each
/// `Call` passed pushes its `then`, each subflow end passed (other than the last visit,
/// which is where the walk stands) returns to it.
fn stack_of(walk: &Walk) -> Vec<(FlowId, NodeId)> {
    let graph = walk.graph();
    let visits = walk.visits();
    let mut stack = Vec::new();
    for visit in &visits[..visits.len().saturating_sub(1)] {
        match graph.flow(visit.flow).node(visit.node).kind {
            NodeKind::Call { then, .. } => stack.push((visit.flow, then)),
            NodeKind::End { .. } => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Place {
    flow: FlowId,
    node: NodeId,
    stack: Vec<(FlowId, NodeId)>,
}

struct Search<'g> {
    graph: &'g Graph,
    budget: usize,
    on_path: HashSet<Place>,
}

impl Search<'_> {
    /// The fewest and most actions from `at` to an end; `None` when every way from here
    /// loops back onto the path, or the budget ran out.
    fn from(&mut self, mut at: Place, facts: &mut Facts) -> Option<Remaining> {
        // Moves the walker makes by itself, until the person has something to do.
        loop {
            self.budget = self.budget.checked_sub(1)?;
            if self.on_path.contains(&at) || self.on_path.len() > MAX_DEPTH {
                return None;
            }
            let node = self.graph.flow(at.flow).node(at.node);
            at = match &node.kind {
                NodeKind::End { outcome, .. } => match at.stack.pop() {
                    Some((flow, then)) if *outcome != Outcome::Escalate => Place {
                        flow,
                        node: then,
                        stack: at.stack,
                    },
                    _ => return Some(Remaining { fewest: 0, most: 0 }),
                },
                NodeKind::Call { flow, then } => {
                    at.stack.push((at.flow, *then));
                    Place {
                        flow: *flow,
                        node: self.graph.flow(*flow).start,
                        stack: at.stack,
                    }
                }
                NodeKind::Ask {
                    fact: Some(fact),
                    choices,
                    ..
                } if facts.contains_key(fact) => {
                    let known = &facts[fact];
                    let next = choices.iter().find(|c| &c.id == known)?.next;
                    Place { node: next, ..at }
                }
                NodeKind::Ask { fact, choices, .. } => {
                    let ways = choices
                        .iter()
                        .map(|c| (c.next, fact.clone().map(|f| (f, c.id.clone()))))
                        .collect();
                    return self.branch(at, ways, facts);
                }
                NodeKind::Input { fact, choices, .. } if facts.contains_key(fact) => Place {
                    node: choices.first()?.next,
                    ..at
                },
                NodeKind::Input { fact, choices, .. } => {
                    // Typed, the fact becomes known; skipped, it stays unknown.
                    let ways = choices
                        .iter()
                        .map(|c| {
                            let typed =
                                (c.id == crate::graph::TYPED).then(|| (fact.clone(), c.id.clone()));
                            (c.next, typed)
                        })
                        .collect();
                    return self.branch(at, ways, facts);
                }
                NodeKind::Step { choices, .. } | NodeKind::Tell { choices, .. } => {
                    let ways = choices.iter().map(|c| (c.next, None)).collect();
                    return self.branch(at, ways, facts);
                }
            };
        }
    }

    /// One action here, then the best and worst of the ways on.
    fn branch(
        &mut self,
        at: Place,
        ways: Vec<(NodeId, Option<(String, String)>)>,
        facts: &mut Facts,
    ) -> Option<Remaining> {
        self.on_path.insert(at.clone());
        let mut total: Option<Remaining> = None;
        for (next, learnt) in ways {
            let before = learnt
                .as_ref()
                .map(|(fact, value)| (fact.clone(), facts.insert(fact.clone(), value.clone())));
            let place = Place {
                node: next,
                ..at.clone()
            };
            let way = self.from(place, facts);
            if let Some((fact, previous)) = before {
                match previous {
                    Some(value) => facts.insert(fact, value),
                    None => facts.remove(&fact),
                };
            }
            if let Some(way) = way {
                total = Some(match total {
                    None => way,
                    Some(t) => Remaining {
                        fewest: t.fewest.min(way.fewest),
                        most: t.most.max(way.most),
                    },
                });
            }
            if self.budget == 0 {
                break;
            }
        }
        self.on_path.remove(&at);
        total.map(|t| Remaining {
            fewest: t.fewest + 1,
            most: t.most + 1,
        })
    }
}
