//! The walker: a pure state machine over a checked [`Graph`], with no I/O.
//!
//! A walk is its starting facts plus the answers given so far. `back` and `restart` replay
//! those answers from the start, so undoing across a subflow boundary or un-learning a fact
//! needs no bookkeeping of its own. Questions whose fact is known are answered
//! automatically, `Call` nodes push a frame and enter the subflow, and a subflow's
//! `Resolved` or `Info` end returns to the caller's `then` node; an `Escalate` end ends the
//! whole walk. Every front end (interactive, plain, `step`, `run`, scenarios, MCP) is a
//! thin loop around [`Walk::current`] and [`Walk::answer`].

use std::collections::BTreeMap;

mod error;
mod moves;
mod view;

#[cfg(test)]
mod tests;

pub use error::WalkError;

use moves::{Checkpoint, State, settle, take};
pub use view::{ChoiceView, InputView, MAX_NOTE, Origin, Stamp, TrailEntry, View, ViewKind};

use crate::graph::Outcome;
use crate::graph::{Accepts, FlowId, Graph, MAX_TYPED, NodeId, NodeKind, SKIP, TYPED};

/// Known facts: fact id → value id.
pub type Facts = BTreeMap<String, String>;

/// One node passed through, and the choice taken there (by the user or by a known fact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub flow: FlowId,
    pub node: NodeId,
    pub choice: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Walk<'g> {
    graph: &'g Graph,
    flow: FlowId,
    given: Facts,
    answers: Vec<String>,
    state: State,
}

impl<'g> Walk<'g> {
    /// Starts a walk of `flow` with facts known up front.
    pub fn new(graph: &'g Graph, flow: FlowId, given: Facts) -> Result<Self, WalkError> {
        for (fact, value) in &given {
            check_fact(graph, fact, value)?;
        }
        let state = Self::start(graph, flow, &given)?;
        Ok(Walk {
            graph,
            flow,
            given,
            answers: Vec::new(),
            state,
        })
    }

    fn start(graph: &Graph, flow: FlowId, given: &Facts) -> Result<State, WalkError> {
        let mut state = State {
            flow,
            node: graph.flow(flow).start,
            stack: Vec::new(),
            facts: given.clone(),
            trail: Vec::new(),
            visits: Vec::new(),
        };
        settle(graph, &mut state)?;
        Ok(state)
    }

    pub fn graph(&self) -> &'g Graph {
        self.graph
    }

    /// The flow this walk started with.
    pub fn root(&self) -> FlowId {
        self.flow
    }

    /// The flow and node the walk stands at.
    pub fn position(&self) -> (FlowId, NodeId) {
        (self.state.flow, self.state.node)
    }

    /// The flows that called into the current one, outermost first.
    pub fn callers(&self) -> Vec<FlowId> {
        self.state.stack.iter().map(|(flow, _)| *flow).collect()
    }

    /// Whether two walks stand at the same node in the same state: same facts, same
    /// callers waiting at the same nodes.
    pub fn same_state(&self, other: &Walk) -> bool {
        self.position() == other.position()
            && self.state.facts == other.state.facts
            && self.state.stack == other.state.stack
    }

    pub fn facts(&self) -> &Facts {
        &self.state.facts
    }

    /// Facts given when the walk started.
    pub fn given(&self) -> &Facts {
        &self.given
    }

    pub fn trail(&self) -> &[TrailEntry] {
        &self.state.trail
    }

    /// The user's answers so far, as choice ids.
    pub fn answers(&self) -> &[String] {
        &self.answers
    }

    /// Every node passed through, with the choice taken there.
    pub fn visits(&self) -> &[Visit] {
        &self.state.visits
    }

    /// The outcome, once the walk has reached an end.
    pub fn outcome(&self) -> Option<Outcome> {
        match self.graph.flow(self.state.flow).node(self.state.node).kind {
            NodeKind::End { outcome, .. } => Some(outcome),
            _ => None,
        }
    }

    pub fn is_finished(&self) -> bool {
        self.outcome().is_some()
    }

    pub fn current(&self) -> View {
        let flow = self.graph.flow(self.state.flow);
        let node = flow.node(self.state.node);
        let mut input = None;
        let (kind, sources) = match &node.kind {
            NodeKind::Ask { .. } => (ViewKind::Question, Vec::new()),
            NodeKind::Step { source, .. } => (ViewKind::Step, source.iter().cloned().collect()),
            NodeKind::Input { fact, choices, .. } => {
                let declared = self.graph.fact(fact);
                input = Some(InputView {
                    fact: fact.clone(),
                    accepts: declared
                        .and_then(|f| f.accepts)
                        .unwrap_or(Accepts::Text(MAX_TYPED)),
                    example: declared.and_then(|f| f.example.clone()),
                    skip: choices.get(1).map(|c| c.label.clone()),
                });
                (ViewKind::Input, Vec::new())
            }
            NodeKind::Tell { source, .. } => (ViewKind::Tell, source.iter().cloned().collect()),
            NodeKind::End { .. } => (ViewKind::End, Vec::new()),
            NodeKind::Call { .. } => unreachable!("a walk never rests on a call"),
        };
        View {
            flow: flow.id.clone(),
            title: flow.title.clone(),
            node: node.id.clone(),
            kind,
            text: node.text().to_string(),
            // An input's answer is the value typed, not a choice: only "I don't know" is one.
            choices: node
                .choices()
                .iter()
                .filter(|c| !(kind == ViewKind::Input && c.id == TYPED))
                .map(|c| ChoiceView {
                    id: c.id.clone(),
                    label: c.label.clone(),
                })
                .collect(),
            outcome: self.outcome(),
            sources,
            callers: self
                .state
                .stack
                .iter()
                .map(|(flow, _)| self.graph.flow(*flow).title.clone())
                .collect(),
            input,
        }
    }

    /// Answers the current node with a choice id or its 1-based position.
    pub fn answer(&mut self, answer: &str) -> Result<(), WalkError> {
        let answer = answer.trim();
        let node = self.graph.flow(self.state.flow).node(self.state.node);
        if self.is_finished() {
            return Err(WalkError::Finished {
                answer: answer.to_string(),
            });
        }
        if let NodeKind::Input { fact, choices, .. } = &node.kind {
            return self.answer_input(fact, choices, answer);
        }
        let choices = node.choices();
        let index = choices
            .iter()
            .position(|c| c.id == answer)
            .or_else(|| {
                answer
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=choices.len()).contains(n))
                    .map(|n| n - 1)
            })
            .ok_or_else(|| WalkError::UnknownAnswer {
                answer: answer.to_string(),
                expected: choices.iter().map(|c| c.id.clone()).collect(),
            })?;
        // Answering only appends to the trail and the visits, so a refused answer is undone
        // by cutting them back; the rest of the state is small. Cloning the whole state
        // would make every answer cost as much as the walk so far.
        let saved = Checkpoint::of(&self.state);
        take(self.graph, &mut self.state, index, true);
        if let Err(error) = settle(self.graph, &mut self.state) {
            saved.restore(&mut self.state);
            return Err(error);
        }
        self.answers.push(choices[index].id.clone());
        Ok(())
    }

    /// Answers an input node: `skip` when it may be skipped, otherwise the value, which
    /// must fit what the fact accepts.
    fn answer_input(
        &mut self,
        fact: &str,
        choices: &[crate::graph::Choice],
        answer: &str,
    ) -> Result<(), WalkError> {
        let skip = choices.iter().position(|c| c.id == SKIP);
        let index = match skip {
            Some(index) if answer == SKIP => index,
            _ => {
                let declared = self.graph.fact(fact);
                let accepts = declared
                    .and_then(|f| f.accepts)
                    .unwrap_or(Accepts::Text(MAX_TYPED));
                if let Err(reason) = accepts.check(answer) {
                    let example = declared.and_then(|f| f.example.clone());
                    let mut expected: Vec<String> = example.iter().cloned().collect();
                    if skip.is_some() {
                        expected.push(SKIP.to_string());
                    }
                    return Err(WalkError::InvalidInput {
                        fact: fact.to_string(),
                        reason,
                        example,
                        skip: skip.is_some(),
                        expected,
                    });
                }
                0
            }
        };
        let saved = Checkpoint::of(&self.state);
        if index == 0 {
            self.state
                .facts
                .insert(fact.to_string(), answer.to_string());
        }
        take(self.graph, &mut self.state, index, true);
        if let Some(entry) = self.state.trail.last_mut() {
            // The trail keeps what was typed, so a replay types it again.
            entry.answer = if index == 0 {
                answer.to_string()
            } else {
                SKIP.to_string()
            };
        }
        if let Err(error) = settle(self.graph, &mut self.state) {
            saved.restore(&mut self.state);
            return Err(error);
        }
        self.answers.push(
            self.state
                .trail
                .last()
                .map_or_else(String::new, |t| t.answer.clone()),
        );
        Ok(())
    }

    /// Attaches a note to the last answer given, replacing any note it had.
    pub fn note(&mut self, text: &str) -> Result<(), WalkError> {
        let text = text.trim();
        let bad = |reason: &str| {
            Err(WalkError::BadNote {
                reason: reason.to_string(),
            })
        };
        if text.is_empty() {
            return bad("it is empty");
        }
        if text.chars().count() > MAX_NOTE {
            return bad(&format!("it is longer than {MAX_NOTE} characters"));
        }
        if text.chars().any(char::is_control) {
            return bad("it must be one line of text");
        }
        match self.state.trail.last_mut() {
            Some(entry) => {
                entry.note = Some(text.to_string());
                Ok(())
            }
            None => bad("no answer has been given yet to attach it to"),
        }
    }

    /// Records who gave the last answer, and when.
    pub fn stamp(&mut self, stamp: Stamp) {
        if let Some(entry) = self.state.trail.last_mut() {
            entry.stamp = Some(stamp);
        }
    }

    /// Undoes the last answer. Returns false when there is nothing to undo.
    pub fn back(&mut self) -> bool {
        if self.answers.pop().is_none() {
            return false;
        }
        let kept: Vec<(Option<String>, Option<Stamp>)> = self
            .state
            .trail
            .iter()
            .map(|t| (t.note.clone(), t.stamp))
            .collect();
        let answers = std::mem::take(&mut self.answers);
        self.replay(&answers);
        for (entry, (note, stamp)) in self.state.trail.iter_mut().zip(kept) {
            entry.note = note;
            entry.stamp = stamp;
        }
        true
    }

    /// Goes back to the start, keeping the facts given up front.
    pub fn restart(&mut self) {
        self.replay(&[]);
    }

    fn replay(&mut self, answers: &[String]) {
        self.answers.clear();
        self.state = Self::start(self.graph, self.flow, &self.given)
            .expect("the start settled once already with the same facts");
        for answer in answers {
            self.answer(answer)
                .expect("answers that were accepted once are accepted again");
        }
    }
}

/// Checks a fact id and value against the declarations.
pub fn check_fact(graph: &Graph, fact: &str, value: &str) -> Result<(), WalkError> {
    let declared = graph.fact(fact).ok_or_else(|| WalkError::UnknownFact {
        fact: fact.to_string(),
        expected: graph.facts().iter().map(|f| f.id.clone()).collect(),
    })?;
    if declared.allows(value) {
        Ok(())
    } else {
        Err(WalkError::UnknownFactValue {
            fact: fact.to_string(),
            value: value.to_string(),
            expected: declared.values.iter().map(|(id, _)| id.clone()).collect(),
        })
    }
}
