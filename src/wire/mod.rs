//! The JSON that leaves the program, in one place.
//!
//! This module defines the types watchfix serializes for agents and scripts: the node of
//! `step` and the MCP tools (and, without its trail, of `run --json`: [`RunLine`]), the error object, the flow entries of
//! `list --json` and `list_flows`, and the MCP results built around them. The walker's own
//! types ([`crate::walk::View`]) carry no wire concerns, so a field renamed there cannot
//! change what an agent reads; a field renamed here is a change of the contract, and
//! `tests/cli.rs` deserializes these shapes into mirror structs to catch it.
//!
//! # The node
//!
//! ```json
//! {
//!   "flow": "pairing", "title": "The watch won't pair with my phone",
//!   "node": "remove-devices", "kind": "question | step | end",
//!   "text": "...", "choices": [{"id": "fixed", "label": "It pairs now"}],
//!   "outcome": null, "facts": {"phone_os": "android"},
//!   "trail": [{"flow": "pairing", "node": "first-time", "answer": "yes"}],
//!   "sources": ["When first using the watch/band, why can’t I pair it with my phone?"]
//! }
//! ```
//!
//! `choices` is empty and `outcome` is `"resolved"`, `"escalate"` or `"info"` exactly when
//! `kind` is `"end"`. A walk inside a subflow reports the subflow's `flow` and node.
//!
//! # The error object
//!
//! `{"error": {"kind": "unknown_answer", "message": "...", "expected": ["yes", "no"]}}`,
//! with `kind` one of [`ErrorKind`]'s names and `expected` what would have been accepted.
//!
//! # Diagnostics
//!
//! `validate --format json` prints an array of
//! `{"file", "line", "column", "severity": "error" | "warning", "code", "message"}` with
//! 1-based positions (0 and an empty file for problems of the whole load); the message ends
//! with `(help: ...)` when there is advice.

mod mcp;
mod run_line;

pub use mcp::{
    Confidence, FindFlowResult, FindResult, FlowCandidate, FlowList, FlowOutline, HIGH,
    LetterParts, RECENT, RunSummary, SessionNode, WalkSummary,
};
pub use run_line::RunLine;

use serde::Serialize;

use crate::diagnostic::render::located;
use crate::diagnostic::{self, Severity};
use crate::graph::{FlowId, Graph, Outcome};
use crate::search;
use crate::source::Sources;
use crate::walk::{self, Facts, Walk, WalkError};

/// A node's `kind`: `"question"`, `"step"` or `"end"`. The walker's type is serialized
/// here, so the walker itself stays free of wire concerns.
impl Serialize for walk::ViewKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            walk::ViewKind::Question => "question",
            walk::ViewKind::Step => "step",
            walk::ViewKind::Input => "input",
            walk::ViewKind::Tell => "tell",
            walk::ViewKind::End => "end",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// One answer the person gave, where they gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrailEntry {
    pub flow: String,
    pub node: String,
    pub answer: String,
    /// The note given with the answer, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The node a walk stands at, with the facts known and the answers given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    pub flow: String,
    pub title: String,
    pub node: String,
    pub kind: walk::ViewKind,
    pub text: String,
    pub choices: Vec<Choice>,
    pub outcome: Option<Outcome>,
    pub facts: Facts,
    pub trail: Vec<TrailEntry>,
    pub sources: Vec<String>,
    /// For `kind: "input"`: what the value must be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Input>,
}

/// What an input node accepts: `{"fact": "firmware", "accepts": "version",
/// "description": "a version number, such as 1.2.3", "example": "1.2.3", "skip": "I don't
/// know"}`. The answer is the value; `skip` is an answer only when `skip` is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    pub fact: String,
    pub accepts: &'static str,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip: Option<String>,
}

impl From<walk::InputView> for Input {
    fn from(view: walk::InputView) -> Input {
        Input {
            fact: view.fact,
            accepts: view.accepts.name(),
            description: view.accepts.describe(),
            max_length: match view.accepts {
                crate::graph::Accepts::Text(max) => Some(max),
                _ => Some(crate::graph::MAX_TYPED),
            },
            example: view.example,
            skip: view.skip,
        }
    }
}

impl Node {
    pub fn of(walk: &Walk) -> Node {
        Node::with_trail(walk, trail(walk))
    }

    /// The node with only the last `most` answers of its trail, for a reply that must not
    /// grow with the walk; the first of them is answer number `earlier` (from 0).
    pub fn recent(walk: &Walk, most: usize) -> (Node, usize) {
        let earlier = walk.trail().len().saturating_sub(most);
        (
            Node::with_trail(walk, entries(&walk.trail()[earlier..])),
            earlier,
        )
    }

    fn with_trail(walk: &Walk, trail: Vec<TrailEntry>) -> Node {
        let view = walk.current();
        Node {
            flow: view.flow,
            title: view.title,
            node: view.node,
            kind: view.kind,
            text: view.text,
            choices: view
                .choices
                .into_iter()
                .map(|c| Choice {
                    id: c.id,
                    label: c.label,
                })
                .collect(),
            outcome: view.outcome,
            facts: walk.facts().clone(),
            trail,
            sources: view.sources,
            input: view.input.map(Input::from),
        }
    }
}

/// The answers given so far, where each was given.
pub fn trail(walk: &Walk) -> Vec<TrailEntry> {
    entries(walk.trail())
}

fn entries(trail: &[walk::TrailEntry]) -> Vec<TrailEntry> {
    trail
        .iter()
        .map(|t| TrailEntry {
            flow: t.flow.clone(),
            node: t.node.clone(),
            answer: t.answer.clone(),
            note: t.note.clone(),
        })
        .collect()
}

/// The `kind` of an error object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The answer is none of the node's choice ids or positions.
    UnknownAnswer,
    /// The walk has ended; there is nothing left to answer.
    WalkFinished,
    /// A fact id that the trees do not declare.
    UnknownFact,
    /// A value the fact does not allow.
    UnknownFactValue,
    /// The known facts send the walk round in a circle.
    Loop,
    /// No flow has that id.
    UnknownFlow,
    /// A `--fact` or `--facts-json` that cannot be read.
    BadFact,
    /// The tree directory is missing or is not a directory.
    TreesNotFound,
    /// No open MCP walk has that session id.
    UnknownSession,
    /// A handoff file that cannot be read, or whose walk does not fit these trees.
    BadHandoff,
    /// A typed value that does not fit what its input node accepts.
    InvalidInput,
    /// A note that cannot be kept: nothing to attach it to, too long, or not one line.
    InvalidNote,
    /// An MCP tool argument out of bounds: too long, or two that cannot go together.
    InvalidArgument,
}

impl From<&WalkError> for ErrorKind {
    fn from(error: &WalkError) -> ErrorKind {
        match error {
            WalkError::UnknownAnswer { .. } => ErrorKind::UnknownAnswer,
            WalkError::Finished { .. } => ErrorKind::WalkFinished,
            WalkError::UnknownFact { .. } => ErrorKind::UnknownFact,
            WalkError::UnknownFactValue { .. } => ErrorKind::UnknownFactValue,
            WalkError::Loop { .. } => ErrorKind::Loop,
            WalkError::BadNote { .. } => ErrorKind::InvalidNote,
            WalkError::InvalidInput { .. } => ErrorKind::InvalidInput,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorBody {
    pub kind: ErrorKind,
    pub message: String,
    pub expected: Vec<String>,
}

/// `{"error": {...}}`: what `step` prints, and the structured content of a refused MCP call.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorObject {
    pub error: ErrorBody,
}

impl ErrorObject {
    pub fn new(kind: ErrorKind, message: impl Into<String>, expected: &[String]) -> ErrorObject {
        ErrorObject {
            error: ErrorBody {
                kind,
                message: message.into(),
                expected: expected.to_vec(),
            },
        }
    }
}

/// A flow as `list --json` and the MCP `list_flows` tool describe it.
#[derive(Debug, Serialize)]
pub struct FlowEntry {
    pub id: String,
    pub title: String,
    pub category: String,
    pub symptoms: Vec<String>,
    /// Facts a walk of this flow may ask for, subflows included.
    pub facts: Vec<FactEntry>,
    /// Flows it may call.
    pub calls: Vec<String>,
    /// The FAQ questions its steps cite.
    pub sources: Vec<String>,
    /// The node a walk with no known facts starts at.
    pub start: Node,
}

#[derive(Debug, Serialize)]
pub struct FactEntry {
    pub id: String,
    pub name: String,
    pub question: String,
    /// The values to choose from; empty for a typed detail.
    pub values: Vec<ValueEntry>,
    /// For a typed detail: `text`, `version`, `date` or `number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepts: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ValueEntry {
    pub id: String,
    pub label: String,
}

impl FlowEntry {
    pub fn of(graph: &Graph, id: FlowId) -> FlowEntry {
        let flow = graph.flow(id);
        FlowEntry {
            id: flow.id.clone(),
            title: flow.title.clone(),
            category: flow.category.clone(),
            symptoms: flow.symptoms.clone(),
            facts: graph
                .facts_asked(id)
                .into_iter()
                .map(|fact| FactEntry {
                    id: fact.id.clone(),
                    name: fact.name.clone(),
                    question: fact.question.clone(),
                    values: fact
                        .values
                        .iter()
                        .map(|(id, label)| ValueEntry {
                            id: id.clone(),
                            label: label.clone(),
                        })
                        .collect(),
                    accepts: fact.accepts.map(|a| a.name()),
                    example: fact.example.clone(),
                })
                .collect(),
            calls: graph
                .callees(id)
                .into_iter()
                .map(|c| graph.flow(c).id.clone())
                .collect(),
            sources: flow.sources().into_iter().map(String::from).collect(),
            start: Node::of(
                &Walk::new(graph, id, Facts::new()).expect("no facts, nothing to refuse"),
            ),
        }
    }
}

/// Every flow, by category then id.
pub fn flow_entries(graph: &Graph) -> Vec<FlowEntry> {
    graph
        .flows_by_category()
        .into_iter()
        .map(|(id, _)| FlowEntry::of(graph, id))
        .collect()
}

/// A flow that `find` or `find_flow` offers for a symptom.
#[derive(Debug, Serialize)]
pub struct FlowMatch {
    pub id: String,
    pub title: String,
    pub category: String,
    /// 0 to 1: how much of the query the flow explains, each term counted by how rare it
    /// is across the flows. Below [`search::WEAK`], the flow is only the nearest.
    pub score: f64,
}

impl From<&search::Match> for FlowMatch {
    fn from(m: &search::Match) -> FlowMatch {
        FlowMatch {
            id: m.id.clone(),
            title: m.title.clone(),
            category: m.category.clone(),
            score: m.score,
        }
    }
}

/// The flows for a symptom, best first.
pub fn flow_matches(matches: &[search::Match]) -> Vec<FlowMatch> {
    matches.iter().map(FlowMatch::from).collect()
}

/// One diagnostic of `validate --format json`.
#[derive(Debug, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

/// The diagnostics as the JSON array `validate --format json` prints.
pub fn diagnostics(diagnostics: &[diagnostic::Diagnostic], sources: &Sources) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            let (file, line, column) = located(d, sources);
            Diagnostic {
                file,
                line,
                column,
                severity: d.severity(),
                code: d.code().as_str(),
                message: match d.help() {
                    Some(help) => format!("{} (help: {help})", d.message()),
                    None => d.message(),
                },
            }
        })
        .collect()
}
