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
use std::fmt;

use crate::graph::Outcome;
use crate::graph::{Accepts, FlowId, Graph, MAX_TYPED, NodeId, NodeKind, SKIP, TYPED};
use crate::text::shown;

/// Known facts: fact id → value id.
pub type Facts = BTreeMap<String, String>;

/// Why an answer or a fact was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkError {
    UnknownAnswer {
        answer: String,
        expected: Vec<String>,
    },
    Finished {
        answer: String,
    },
    UnknownFact {
        fact: String,
        expected: Vec<String>,
    },
    UnknownFactValue {
        fact: String,
        value: String,
        expected: Vec<String>,
    },
    Loop {
        node: String,
    },
    /// A note with nothing to attach to, or one that is too long or not one line.
    BadNote {
        reason: String,
    },
    /// A typed value that does not fit what its fact accepts.
    InvalidInput {
        fact: String,
        reason: String,
        example: Option<String>,
        /// Whether `skip` would have been accepted.
        skip: bool,
        /// The example, and `skip` when it would have been accepted.
        expected: Vec<String>,
    },
}

impl WalkError {
    /// What would have been accepted.
    pub fn expected(&self) -> &[String] {
        match self {
            WalkError::UnknownAnswer { expected, .. }
            | WalkError::UnknownFact { expected, .. }
            | WalkError::UnknownFactValue { expected, .. } => expected,
            WalkError::InvalidInput { expected, .. } => expected,
            WalkError::Finished { .. } | WalkError::Loop { .. } | WalkError::BadNote { .. } => &[],
        }
    }
}

impl fmt::Display for WalkError {
    /// Answers, facts and values come from outside, so they are printed through
    /// [`shown`]; so are the expected ids, which come from tree files.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let list = |ids: &[String]| shown(&ids.join(", ")).into_owned();
        match self {
            WalkError::UnknownAnswer { answer, expected } => write!(
                f,
                "unknown answer `{}`: expected one of {} or a number from 1 to {}",
                shown(answer),
                list(expected),
                expected.len()
            ),
            WalkError::Finished { answer } => {
                write!(
                    f,
                    "the walk has already ended; answer `{}` has nothing to answer",
                    shown(answer)
                )
            }
            WalkError::UnknownFact { fact, expected } => {
                write!(
                    f,
                    "unknown fact `{}`: expected one of {}",
                    shown(fact),
                    list(expected)
                )
            }
            WalkError::UnknownFactValue {
                fact,
                value,
                expected,
            } => write!(
                f,
                "fact `{}` has no value `{}`: expected one of {}",
                shown(fact),
                shown(value),
                list(expected)
            ),
            WalkError::Loop { node } => {
                write!(
                    f,
                    "the known facts lead around in a loop at node `{}`",
                    shown(node)
                )
            }
            WalkError::BadNote { reason } => write!(f, "the note cannot be kept: {reason}"),
            WalkError::InvalidInput {
                fact,
                reason,
                example,
                skip,
                ..
            } => {
                write!(f, "that is not a value for `{}`: {reason}", shown(fact))?;
                if let Some(example) = example {
                    write!(f, " (for example {})", shown(example))?;
                }
                if *skip {
                    write!(f, "; answer `skip` if you don't know it")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for WalkError {}

/// What a node asks of the person walking it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Question,
    Step,
    /// A detail to type: the answer is the value.
    Input,
    /// Something to read; the one answer goes on.
    Tell,
    End,
}

/// What an input node accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputView {
    /// The typed fact the value becomes.
    pub fact: String,
    pub accepts: Accepts,
    pub example: Option<String>,
    /// The label of "I don't know", when the person may skip it (answer `skip`).
    pub skip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceView {
    pub id: String,
    pub label: String,
}

/// One answer in the trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailEntry {
    pub flow: String,
    pub node: String,
    pub answer: String,
    /// What the person added in their own words; never interpreted.
    pub note: Option<String>,
    /// Who gave the answer and when, as the front end that took it recorded.
    pub stamp: Option<Stamp>,
}

/// Who gave an answer, and when (seconds since the Unix epoch). The walker keeps it with
/// the answer and never reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub by: Origin,
    pub at: u64,
}

/// Who gave an answer or a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The watch owner at a terminal.
    Person,
    /// A support agent or an LLM, through `step`, `--answers` or MCP.
    Agent,
    /// Known before the walk began (a fact given up front).
    Given,
}

/// The longest note, in characters: a sentence or two, not a document.
pub const MAX_NOTE: usize = 500;

/// What a front end shows: the node the walk stands at. Its JSON form for agents is
/// [`crate::wire::Node`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub flow: String,
    pub title: String,
    pub node: String,
    pub kind: ViewKind,
    pub text: String,
    pub choices: Vec<ChoiceView>,
    pub outcome: Option<Outcome>,
    pub sources: Vec<String>,
    /// The titles of the flows that called into this one, outermost first: the "part of"
    /// breadcrumb.
    pub callers: Vec<String>,
    /// For an input node: what it accepts.
    pub input: Option<InputView>,
}

/// One node passed through, and the choice taken there (by the user or by a known fact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub flow: FlowId,
    pub node: NodeId,
    pub choice: Option<usize>,
}

#[derive(Debug, Clone)]
struct State {
    flow: FlowId,
    node: NodeId,
    /// Callers to return to: (flow, node to continue at).
    stack: Vec<(FlowId, NodeId)>,
    facts: Facts,
    trail: Vec<TrailEntry>,
    visits: Vec<Visit>,
}

/// What an answer may change besides appending to the trail and the visits.
struct Checkpoint {
    flow: FlowId,
    node: NodeId,
    stack: Vec<(FlowId, NodeId)>,
    facts: Facts,
    trail: usize,
    visits: usize,
}

impl Checkpoint {
    fn of(state: &State) -> Checkpoint {
        Checkpoint {
            flow: state.flow,
            node: state.node,
            stack: state.stack.clone(),
            facts: state.facts.clone(),
            trail: state.trail.len(),
            visits: state.visits.len(),
        }
    }

    fn restore(self, state: &mut State) {
        state.flow = self.flow;
        state.node = self.node;
        state.stack = self.stack;
        state.facts = self.facts;
        state.trail.truncate(self.trail);
        state.visits.truncate(self.visits);
    }
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

/// Takes choice `index` at the current node.
fn take(graph: &Graph, state: &mut State, index: usize, by_user: bool) {
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
fn settle(graph: &Graph, state: &mut State) -> Result<(), WalkError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;
    use crate::load::Loaded;
    use crate::wire::ErrorKind;

    const FACTS: &str = r#"Facts(facts: {
        "phone_os": (name: "Phone", question: "Phone?", values: {"android": "Android", "ios": "iPhone"}),
    })"#;

    const MAIN: &str = r#"Flow(id: "main", title: "Main", category: "C", start: "phone",
        nodes: {
            "phone": Ask(fact: "phone_os", text: "Which phone?", choices: [
                (id: "android", label: "Android", next: "try"),
                (id: "ios", label: "iPhone", next: "try"),
            ]),
            "try": Step(text: "Restart.", source: "Q", fixed: "done", not_fixed: "sub"),
            "sub": Call(flow: "sub", then: "after"),
            "after": Ask(text: "Better?", choices: [
                (id: "yes", label: "Yes", next: "done"),
                (id: "no", label: "No", next: "help"),
            ]),
            "done": End(outcome: Resolved, text: "Fixed."),
            "help": End(outcome: Escalate, text: "Contact support."),
        },
        scenarios: [(name: "s", answers: ["android", "fixed"], expect: "done")],
    )"#;

    const SUB: &str = r#"Flow(id: "sub", title: "Sub", category: "C", start: "phone",
        nodes: {
            "phone": Ask(fact: "phone_os", text: "Which phone?", choices: [
                (id: "android", label: "Android", next: "forget"),
                (id: "ios", label: "iPhone", next: "forget"),
            ]),
            "forget": Step(text: "Forget the device.", source: "Q", fixed: "ok", not_fixed: "fail"),
            "ok": End(outcome: Resolved, text: "Re-paired."),
            "fail": End(outcome: Escalate, text: "Contact support."),
        },
        scenarios: [(name: "s", answers: ["ios", "fixed"], expect: "ok")],
    )"#;

    fn graph() -> Graph {
        let mut loaded = Loaded::default();
        loaded.add("facts.ron", FACTS);
        loaded.add("main.ron", MAIN);
        loaded.add("sub.ron", SUB);
        let checked = check(loaded);
        assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics);
        checked.graph.expect("valid")
    }

    fn walk<'g>(graph: &'g Graph, facts: &[(&str, &str)]) -> Walk<'g> {
        let facts = facts
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Walk::new(graph, graph.flow_by_id("main").unwrap(), facts).unwrap()
    }

    #[test]
    fn known_facts_skip_questions_in_the_flow_and_its_subflows() {
        let graph = graph();
        let mut walk = walk(&graph, &[("phone_os", "ios")]);
        assert_eq!(walk.current().node, "try");
        walk.answer("not-fixed").unwrap();
        // Entered the subflow; its phone question is skipped too.
        let view = walk.current();
        assert_eq!((view.flow.as_str(), view.node.as_str()), ("sub", "forget"));
        assert_eq!(walk.callers(), vec![graph.flow_by_id("main").unwrap()]);
    }

    #[test]
    fn a_fact_answered_in_the_caller_is_not_asked_in_the_subflow() {
        let graph = graph();
        let mut walk = walk(&graph, &[]);
        assert_eq!(walk.current().node, "phone");
        walk.answer("2").unwrap();
        assert_eq!(
            walk.facts().get("phone_os").map(String::as_str),
            Some("ios")
        );
        walk.answer("not-fixed").unwrap();
        assert_eq!(walk.current().node, "forget");
        walk.answer("fixed").unwrap();
        // The subflow's resolved end returns to the caller.
        let view = walk.current();
        assert_eq!((view.flow.as_str(), view.node.as_str()), ("main", "after"));
        walk.answer("yes").unwrap();
        assert_eq!(walk.outcome(), Some(Outcome::Resolved));
        assert_eq!(walk.trail().len(), 4);
    }

    #[test]
    fn escalate_in_a_subflow_ends_the_walk() {
        let graph = graph();
        let mut walk = walk(&graph, &[("phone_os", "android")]);
        walk.answer("not-fixed").unwrap();
        walk.answer("not-fixed").unwrap();
        let view = walk.current();
        assert_eq!((view.flow.as_str(), view.node.as_str()), ("sub", "fail"));
        assert_eq!(view.outcome, Some(Outcome::Escalate));
        assert!(view.choices.is_empty());
        assert!(matches!(walk.answer("1"), Err(WalkError::Finished { .. })));
    }

    #[test]
    fn back_crosses_the_subflow_boundary_and_unlearns_facts() {
        let graph = graph();
        let mut walk = walk(&graph, &[]);
        walk.answer("android").unwrap();
        walk.answer("not-fixed").unwrap();
        walk.answer("fixed").unwrap();
        assert_eq!(walk.current().node, "after");
        assert!(walk.back());
        let view = walk.current();
        assert_eq!((view.flow.as_str(), view.node.as_str()), ("sub", "forget"));
        assert!(walk.back());
        let view = walk.current();
        assert_eq!((view.flow.as_str(), view.node.as_str()), ("main", "try"));
        assert!(walk.callers().is_empty());
        assert!(walk.back());
        assert_eq!(walk.current().node, "phone");
        assert!(walk.facts().is_empty());
        assert!(!walk.back());
    }

    #[test]
    fn restart_keeps_given_facts_and_drops_answers() {
        let graph = graph();
        let mut walk = walk(&graph, &[("phone_os", "ios")]);
        walk.answer("not-fixed").unwrap();
        walk.restart();
        assert_eq!(walk.current().node, "try");
        assert!(walk.trail().is_empty());
        assert_eq!(walk.facts().len(), 1);
    }

    #[test]
    fn bad_answers_and_facts_are_refused_with_what_was_expected() {
        let graph = graph();
        let mut walk = walk(&graph, &[]);
        let error = walk.answer("windows").unwrap_err();
        assert_eq!(ErrorKind::from(&error), ErrorKind::UnknownAnswer);
        assert_eq!(error.expected(), ["android", "ios"]);
        assert!(walk.answer("3").is_err());
        assert!(walk.answer("0").is_err());
        let main = graph.flow_by_id("main").unwrap();
        let bad_value = [("phone_os".to_string(), "nokia".to_string())].into();
        assert_eq!(
            ErrorKind::from(&Walk::new(&graph, main, bad_value).unwrap_err()),
            ErrorKind::UnknownFactValue
        );
        let bad_fact = [("os".to_string(), "ios".to_string())].into();
        assert_eq!(
            ErrorKind::from(&Walk::new(&graph, main, bad_fact).unwrap_err()),
            ErrorKind::UnknownFact
        );
    }

    /// A graph the checker would refuse: `phone` sends `android` to a call whose subflow
    /// returns to `phone` by itself. With many flows beside it, the walker must still give
    /// up after a few moves per node, not after a number that grows with the flows.
    #[test]
    fn automatic_moves_are_bounded_by_the_size_of_the_graph() {
        let mut loaded = Loaded::default();
        loaded.add("facts.ron", FACTS);
        loaded.add("main.ron", MAIN);
        loaded.add("sub.ron", SUB);
        for index in 0..200 {
            let other = SUB.replace(r#"id: "sub""#, &format!(r#"id: "other-{index}""#));
            loaded.add(&format!("other-{index}.ron"), &other);
        }
        let mut graph = check(loaded).graph.expect("valid");
        let main = graph.flow_by_id("main").unwrap();
        let sub = graph.flow_by_id("sub").unwrap();
        let phone = graph.flow(main).node_by_id("phone").unwrap();
        let call = graph.flow(main).node_by_id("sub").unwrap();
        let ok = graph.flow(sub).node_by_id("ok").unwrap();
        // main/phone --android--> main/sub (call, then: phone); sub/phone --android--> ok.
        let flows = &mut graph.flows;
        if let NodeKind::Ask { choices, .. } = &mut flows[main.0].nodes[phone.0].kind {
            choices[0].next = call;
        }
        if let NodeKind::Call { then, .. } = &mut flows[main.0].nodes[call.0].kind {
            *then = phone;
        }
        if let NodeKind::Ask { choices, .. } = &mut flows[sub.0].nodes[0].kind {
            choices[0].next = ok;
        }
        let nodes: usize = graph.flows().map(|(_, f)| f.nodes.len()).sum();
        let mut state = State {
            flow: main,
            node: phone,
            stack: Vec::new(),
            facts: [("phone_os".to_string(), "android".to_string())].into(),
            trail: Vec::new(),
            visits: Vec::new(),
        };
        let error = settle(&graph, &mut state).unwrap_err();
        assert!(matches!(error, WalkError::Loop { .. }), "{error:?}");
        assert!(
            state.visits.len() <= 8 * nodes + 64,
            "{} visits for {nodes} nodes",
            state.visits.len()
        );
        let facts = [("phone_os".to_string(), "android".to_string())].into();
        assert!(matches!(
            Walk::new(&graph, main, facts),
            Err(WalkError::Loop { .. })
        ));
    }
}
