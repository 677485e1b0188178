//! What the tools send back: results, refusals an agent can act on, and the small lookups
//! the tools share.

use rmcp::ErrorData;
use rmcp::model::{CallToolResult, ContentBlock, Resource};
use serde::Serialize;

use crate::trees;
use watchfix::export::outline;
use watchfix::graph::{Flow, FlowId, Graph};
use watchfix::session::handoff::{self, Handoff};
use watchfix::session::{self, Fit};
use watchfix::walk::{MAX_NOTE, Origin, Walk, WalkError};
use watchfix::wire::{self, ErrorKind, ErrorObject, Node, SessionNode};

/// The longest choice or flow id worth looking up; longer ones are refused unread.
pub(super) const MAX_ID: usize = 200;

/// The walk in a handoff document, replayed on these trees.
pub(super) fn continue_handoff(
    graph: &'static Graph,
    flow: &str,
    document: &serde_json::Value,
) -> Result<Walk<'static>, CallToolResult> {
    let text = document.to_string();
    if text.len() as u64 > handoff::MAX_BYTES {
        return Err(refuse(
            ErrorKind::BadHandoff,
            format!(
                "the handoff is larger than {} bytes; no walk's handoff is that large",
                handoff::MAX_BYTES
            ),
            &[],
        ));
    }
    let handoff = Handoff::parse(&text).map_err(|e| refuse(ErrorKind::BadHandoff, e, &[]))?;
    if handoff.flow != flow {
        return Err(refuse(
            ErrorKind::BadHandoff,
            format!(
                "the handoff is a walk of `{}`, not of `{flow}`: pass its flow",
                watchfix::text::shown(&handoff.flow)
            ),
            std::slice::from_ref(&handoff.flow),
        ));
    }
    match handoff.replay(graph) {
        Fit::Resumed(walk) => Ok(walk),
        Fit::Changed(why) => Err(refuse(
            ErrorKind::BadHandoff,
            format!("the handoff no longer fits these trees: {why}"),
            &[],
        )),
    }
}

/// Why a note would be refused, checked before the answer it goes with is given.
pub(super) fn bad_note(note: &str) -> Option<String> {
    if note.chars().count() > MAX_NOTE {
        return Some(format!("it is longer than {MAX_NOTE} characters"));
    }
    if note.chars().any(char::is_control) {
        return Some("it must be one line of text".to_string());
    }
    None
}

/// The flow with this id, or a refusal listing the flows (and the id, when it is short).
pub(super) fn find(graph: &Graph, id: &str) -> Result<FlowId, CallToolResult> {
    if id.chars().count() > MAX_ID {
        let ids: Vec<String> = graph.flows().map(|(_, f)| f.id.clone()).collect();
        let message = format!(
            "no flow has an id that long; the flows are: {}",
            ids.join(", ")
        );
        return Err(refuse(ErrorKind::UnknownFlow, message, &ids));
    }
    trees::find_flow(graph, id)
        .map_err(|(message, ids)| refuse(ErrorKind::UnknownFlow, message, &ids))
}

/// A link to a flow's outline, for the first result of a walk.
pub(super) fn outline_link(flow: &Flow) -> Resource {
    Resource::new(outline::uri(flow), flow.id.clone())
        .with_title(format!("Outline: {}", flow.title))
        .with_description("Every node of this flow and where each choice leads")
        .with_mime_type("text/markdown")
}

/// The flow's symptom phrase, or its title, sharing the most words with the query: words
/// are compared by their first four letters, so "pairing" meets "pair". `None` when no
/// word is shared (the search matched synonyms or near spellings).
pub(super) fn matched_phrase(flow: &Flow, query: &str) -> Option<String> {
    fn keys(text: &str) -> Vec<String> {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(|w| w.chars().take(4).collect())
            .collect()
    }
    let query = keys(query);
    flow.symptoms
        .iter()
        .chain(std::iter::once(&flow.title))
        .map(|phrase| {
            let shared = keys(phrase).iter().filter(|k| query.contains(k)).count();
            (shared, std::cmp::Reverse(phrase.len()), phrase)
        })
        .filter(|(shared, _, _)| *shared > 0)
        .max()
        .map(|(_, _, phrase)| phrase.clone())
}

/// The walk written up for a ticket, as text and as structured content.
pub(super) fn summary(id: &str, walk: &Walk) -> Result<CallToolResult, ErrorData> {
    let content = wire::WalkSummary::of(Some(id), walk, Origin::Agent, session::now());
    let mut result = CallToolResult::success(vec![ContentBlock::text(content.summary.clone())]);
    result.structured_content = Some(serde_json::to_value(&content).map_err(internal)?);
    Ok(result)
}

/// A successful result: the value as JSON text, and the same JSON as structured content.
pub(super) fn success<T: Serialize>(value: &T) -> Result<CallToolResult, ErrorData> {
    // The text keeps the fields in their wire order; the structured content is the same JSON.
    let text = serde_json::to_string(value).map_err(internal)?;
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(serde_json::to_value(value).map_err(internal)?);
    Ok(result)
}

pub(super) fn node_result(
    session: &str,
    (node, earlier): (Node, usize),
) -> Result<CallToolResult, ErrorData> {
    success(&SessionNode {
        session,
        node,
        earlier,
    })
}

/// A tool error the agent can act on: the message says what would have been accepted,
/// and the structured content is the error object of `watchfix step`.
pub(super) fn refuse(kind: ErrorKind, message: String, expected: &[String]) -> CallToolResult {
    let mut result = CallToolResult::error(vec![ContentBlock::text(message.clone())]);
    result.structured_content =
        serde_json::to_value(ErrorObject::new(kind, message, expected)).ok();
    result
}

/// An answer the walk refused, with where the walk stands.
pub(super) fn refuse_answer(walk: &Walk, error: WalkError) -> CallToolResult {
    let view = walk.current();
    let message = match &error {
        WalkError::Finished { .. } => format!(
            "this walk has already ended at `{}` ({}); call walk_summary for its summary, or \
             back or restart to change an answer",
            view.node,
            view.outcome.map_or("", |o| o.as_str())
        ),
        _ => format!(
            "this walk stands at node `{}` of flow `{}`: {error}",
            view.node, view.flow
        ),
    };
    refuse((&error).into(), message, error.expected())
}

pub(super) fn internal(error: serde_json::Error) -> ErrorData {
    ErrorData::internal_error(format!("cannot encode the result: {error}"), None)
}
