//! What a front end shows of a walk: the node it stands at, as plain data. Its JSON form
//! for agents is [`crate::wire::Node`]; nothing here knows about JSON.

use crate::graph::{Accepts, Outcome};

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
