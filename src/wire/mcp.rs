//! The results of the MCP tools and of `run --json`'s closing line, around the shapes of
//! [`crate::wire`]: a walk's node with its session, a walk written up, the flows found for
//! a symptom.

use serde::Serialize;

use crate::graph::Outcome;
use crate::search;
use crate::walk::{Facts, Origin, Walk};
use crate::wire::{FlowEntry, FlowMatch, Node, TrailEntry, trail};

/// An MCP walk's node: the node of `step`, and the session it belongs to. Its trail
/// holds the last [`RECENT`] answers, so that a reply costs the same at the thousandth
/// answer as at the first; `earlier` counts the answers before them (`walk_summary` and
/// `handoff` give them all).
#[derive(Debug, Serialize)]
pub struct SessionNode<'a> {
    pub session: &'a str,
    #[serde(flatten)]
    pub node: Node,
    #[serde(skip_serializing_if = "is_zero")]
    pub earlier: usize,
}

/// How many of the latest answers a node result's trail holds.
pub const RECENT: usize = 20;

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A walk written up: the MCP `walk_summary` result, and (without `session`) the
/// `{"summary": ...}` line that ends `run --json`.
#[derive(Debug, Serialize)]
pub struct WalkSummary<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<&'a str>,
    pub flow: String,
    pub title: String,
    pub finished: bool,
    pub outcome: Option<Outcome>,
    pub facts: Facts,
    pub trail: Vec<TrailEntry>,
    /// The summary as Markdown, ready to paste into a ticket.
    pub summary: String,
    /// The letter to support in parts, to file in any helpdesk, and as text.
    pub letter: LetterParts,
    /// The walk as a handoff document, to carry on elsewhere.
    pub handoff: crate::session::handoff::Handoff,
}

/// The letter's parts and its text.
#[derive(Debug, Serialize)]
pub struct LetterParts {
    #[serde(flatten)]
    pub parts: crate::letter::Letter,
    pub text: String,
}

impl WalkSummary<'_> {
    pub fn of<'a>(
        session: Option<&'a str>,
        walk: &Walk,
        origin: Origin,
        now: u64,
    ) -> WalkSummary<'a> {
        let summary = crate::summary::Summary::of(walk);
        WalkSummary {
            session,
            flow: summary.flow.clone(),
            title: summary.title.clone(),
            finished: walk.is_finished(),
            outcome: walk.outcome(),
            facts: walk.facts().clone(),
            trail: trail(walk),
            summary: summary.markdown(),
            letter: LetterParts::of(walk),
            handoff: crate::session::handoff::Handoff::of(walk, origin, now),
        }
    }
}

/// The last line of `run --json`: `{"summary": {...}}`, the walk written up.
#[derive(Debug, Serialize)]
pub struct RunSummary<'a> {
    pub summary: WalkSummary<'a>,
}

impl LetterParts {
    pub fn of(walk: &Walk) -> LetterParts {
        let parts = crate::letter::Letter::of(walk);
        let text = parts.text();
        LetterParts { parts, text }
    }
}

/// The MCP `find_flow` result.
#[derive(Debug, Serialize)]
pub struct FindResult<'a> {
    pub symptom: &'a str,
    pub matches: Vec<FlowMatch>,
}

/// The MCP `list_flows` result.
#[derive(Debug, Serialize)]
pub struct FlowList {
    pub flows: Vec<FlowEntry>,
}

/// How far to trust a flow that `find_flow` offers, in words: `high` (score of 0.8 or
/// more), `medium` (at least [`search::WEAK`]) or `low` (the flow is only the nearest;
/// confirm it with the caller before starting it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

/// Scores from here up are `high`.
pub const HIGH: f64 = 0.8;

impl Confidence {
    pub fn of(score: f64) -> Confidence {
        if score >= HIGH {
            Confidence::High
        } else if score >= search::WEAK {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }
}

/// A flow the MCP `find_flow` tool offers: a [`FlowMatch`], how far to trust it, and the
/// flow's own phrase nearest the caller's words.
#[derive(Debug, Serialize)]
pub struct FlowCandidate {
    pub id: String,
    pub title: String,
    pub category: String,
    pub score: f64,
    pub confidence: Confidence,
    /// The flow's symptom phrase (or title) sharing most words with the query; `null` when
    /// the flow matched through synonyms or near spellings only.
    pub matched: Option<String>,
}

/// The MCP `find_flow` result: the symptom searched for, the matches best first, and what
/// to do with them.
#[derive(Debug, Serialize)]
pub struct FindFlowResult<'a> {
    pub symptom: &'a str,
    pub matches: Vec<FlowCandidate>,
    pub advice: String,
}

/// The MCP `flow_outline` result: the outline the resource `uri` serves.
#[derive(Debug, Serialize)]
pub struct FlowOutline {
    pub flow: String,
    pub title: String,
    pub uri: String,
    /// The outline as Markdown.
    pub outline: String,
}
