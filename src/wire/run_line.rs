//! One line of `run --json` per node visited.
//!
//! The node as `step` shows it, without `trail`: the trail only grows, so repeating it on
//! every line made the output grow with the square of the walk's length. Each line has
//! `answered` instead, the answer that led to it (the trail's last entry; absent before
//! the first answer), and the closing `{"summary": ...}` line holds the whole trail.
//!
//! ```json
//! {"flow": "pairing", "title": "...", "node": "line-of-sight", "kind": "step",
//!  "text": "...", "choices": [...], "outcome": null, "facts": {},
//!  "answered": {"flow": "pairing", "node": "problem", "answer": "drops"}, "sources": [...]}
//! ```

use serde::Serialize;

use crate::graph::Outcome;
use crate::walk::{self, Facts};

use super::{Choice, Input, Node, TrailEntry};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunLine<'a> {
    pub flow: &'a str,
    pub title: &'a str,
    pub node: &'a str,
    pub kind: walk::ViewKind,
    pub text: &'a str,
    pub choices: &'a [Choice],
    pub outcome: Option<Outcome>,
    pub facts: &'a Facts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered: Option<&'a TrailEntry>,
    pub sources: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<&'a Input>,
}

impl<'a> From<&'a Node> for RunLine<'a> {
    fn from(node: &'a Node) -> RunLine<'a> {
        RunLine {
            flow: &node.flow,
            title: &node.title,
            node: &node.node,
            kind: node.kind,
            text: &node.text,
            choices: &node.choices,
            outcome: node.outcome,
            facts: &node.facts,
            answered: node.trail.last(),
            sources: &node.sources,
            input: node.input.as_ref(),
        }
    }
}
