//! The handoff file: one walk, written down so that another front end, another person or
//! another agent can carry it on. An LLM agent that got a caller halfway writes it; a human
//! agent or the owner opens it with `watchfix resume --from FILE`, or an agent continues it
//! with `watchfix step --from FILE` or the MCP `start_walk` tool.
//!
//! The document is versioned (`"format": "watchfix-handoff", "version": 1`) and its fields
//! are a public contract, documented in the README. Reading it replays its answers on the
//! current trees, like a saved session: a handoff from other trees resumes when its answers
//! still lead the same way, and otherwise says where they stop fitting.

use serde::{Deserialize, Serialize};

use crate::graph::{Graph, Outcome};
use crate::session::Fit;
use crate::walk::{Facts, Origin, Stamp, Walk};

/// The value of `format`.
pub const FORMAT: &str = "watchfix-handoff";
/// The version this build writes and the newest it reads.
pub const VERSION: u32 = 1;
/// A handoff file larger than this is refused before it is read.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    /// Always `"watchfix-handoff"`.
    pub format: String,
    pub version: u32,
    /// The watchfix that wrote it, such as `0.1.0`.
    pub watchfix: String,
    /// The fingerprint of the trees the walk was made on.
    pub revision: String,
    /// The flow the walk started with.
    pub flow: String,
    /// Facts known before the walk began (their origin is `given`).
    pub facts: Facts,
    /// Every fact known where the walk stands: the given ones and those answered since.
    pub known: Facts,
    /// Every answer, in order.
    pub answers: Vec<Answer>,
    /// Where the walk stands.
    pub at: Position,
    /// How the walk ended, or `null` while it is under way.
    pub outcome: Option<HandoffOutcome>,
    /// When the file was written, RFC 3339 in UTC.
    pub written: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub flow: String,
    pub node: String,
    /// The choice id.
    pub answer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When it was given, RFC 3339 in UTC, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// `person`, `agent` or `given`.
    pub by: By,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Person,
    Agent,
    Given,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub flow: String,
    pub node: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HandoffOutcome {
    Resolved,
    Escalate,
    Info,
}

impl From<Outcome> for HandoffOutcome {
    fn from(outcome: Outcome) -> HandoffOutcome {
        match outcome {
            Outcome::Resolved => HandoffOutcome::Resolved,
            Outcome::Escalate => HandoffOutcome::Escalate,
            Outcome::Info => HandoffOutcome::Info,
        }
    }
}

impl From<Origin> for By {
    fn from(origin: Origin) -> By {
        match origin {
            Origin::Person => By::Person,
            Origin::Agent => By::Agent,
            Origin::Given => By::Given,
        }
    }
}

impl From<By> for Origin {
    fn from(by: By) -> Origin {
        match by {
            By::Person => Origin::Person,
            By::Agent => Origin::Agent,
            By::Given => Origin::Given,
        }
    }
}

/// Seconds since the Unix epoch as RFC 3339 in UTC.
pub fn rfc3339(seconds: u64) -> String {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
    humantime::format_rfc3339_seconds(time).to_string()
}

fn seconds(text: &str) -> Option<u64> {
    let time = humantime::parse_rfc3339(text).ok()?;
    time.duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

impl Handoff {
    /// Writes a walk down; answers without a stamp are counted as `unstamped`'s.
    pub fn of(walk: &Walk, unstamped: Origin, now: u64) -> Handoff {
        let graph = walk.graph();
        let view = walk.current();
        Handoff {
            format: FORMAT.to_string(),
            version: VERSION,
            watchfix: env!("CARGO_PKG_VERSION").to_string(),
            revision: graph.revision().to_string(),
            flow: graph.flow(walk.root()).id.clone(),
            facts: walk.given().clone(),
            known: walk.facts().clone(),
            answers: walk
                .trail()
                .iter()
                .map(|t| Answer {
                    flow: t.flow.clone(),
                    node: t.node.clone(),
                    answer: t.answer.clone(),
                    note: t.note.clone(),
                    at: t.stamp.map(|s| rfc3339(s.at)),
                    by: t.stamp.map_or(unstamped, |s| s.by).into(),
                })
                .collect(),
            at: Position {
                flow: view.flow,
                node: view.node,
            },
            outcome: walk.outcome().map(HandoffOutcome::from),
            written: rfc3339(now),
        }
    }

    /// Reads a handoff document, checking its format and version.
    pub fn parse(text: &str) -> Result<Handoff, String> {
        let handoff: Handoff =
            serde_json::from_str(text).map_err(|e| format!("not a watchfix handoff file ({e})"))?;
        if handoff.format != FORMAT {
            return Err(format!(
                "not a watchfix handoff file (its format is `{}`, not `{FORMAT}`)",
                crate::text::shown(&handoff.format)
            ));
        }
        if handoff.version > VERSION {
            return Err(format!(
                "written by a newer watchfix (handoff version {}; this one reads up to {VERSION})",
                handoff.version
            ));
        }
        Ok(handoff)
    }

    /// The walk the document describes, replayed on `graph`.
    pub fn replay<'g>(&self, graph: &'g Graph) -> Fit<'g> {
        let Some(flow) = graph.flow_by_id(&self.flow) else {
            return Fit::Changed(format!(
                "the flow `{}` does not exist in these trees",
                crate::text::shown(&self.flow)
            ));
        };
        let mut walk = match Walk::new(graph, flow, self.facts.clone()) {
            Ok(walk) => walk,
            Err(error) => return Fit::Changed(format!("its facts do not fit: {error}")),
        };
        for (index, given) in self.answers.iter().enumerate() {
            let here = walk.current();
            if given.flow != here.flow || given.node != here.node {
                return Fit::Changed(format!(
                    "answer {} was given at `{}/{}`, which the flow no longer reaches there",
                    index + 1,
                    crate::text::shown(&given.flow),
                    crate::text::shown(&given.node)
                ));
            }
            if let Err(error) = walk.answer(&given.answer) {
                return Fit::Changed(format!("answer {} no longer fits: {error}", index + 1));
            }
            if let Some(note) = &given.note
                && let Err(error) = walk.note(note)
            {
                return Fit::Changed(format!("the note on answer {}: {error}", index + 1));
            }
            walk.stamp(Stamp {
                by: given.by.into(),
                at: given.at.as_deref().and_then(seconds).unwrap_or(0),
            });
        }
        Fit::Resumed(walk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;
    use crate::load::Loaded;

    fn graph() -> Graph {
        let flow = r#"Flow(id: "f", title: "F", category: "C", start: "q", nodes: {
            "q": Ask(text: "Q?", choices: [(id: "a", label: "A", next: "s"), (id: "b", label: "B", next: "end")]),
            "s": Step(text: "Do it.", source: "S", fixed: "end", not_fixed: "end"),
            "end": End(outcome: Resolved, text: "Done."),
        }, scenarios: [(name: "s", answers: ["a", "fixed"], expect: "end")])"#;
        let mut loaded = Loaded::default();
        loaded.add("f.ron", flow);
        check(loaded).graph.unwrap()
    }

    #[test]
    fn a_walk_round_trips_through_its_handoff() {
        let graph = graph();
        let mut walk = Walk::new(&graph, graph.flow_by_id("f").unwrap(), Facts::new()).unwrap();
        walk.answer("a").unwrap();
        walk.note("the app froze").unwrap();
        walk.stamp(Stamp {
            by: Origin::Person,
            at: 1_764_000_000,
        });
        let handoff = Handoff::of(&walk, Origin::Agent, 1_764_000_060);
        let text = serde_json::to_string_pretty(&handoff).unwrap();
        let read = Handoff::parse(&text).unwrap();
        assert_eq!(read, handoff);
        assert_eq!(read.answers[0].by, By::Person);
        assert_eq!(read.answers[0].at.as_deref(), Some("2025-11-24T16:00:00Z"));
        let Fit::Resumed(again) = read.replay(&graph) else {
            panic!("the handoff no longer fits");
        };
        assert_eq!(again.current().node, "s");
        assert_eq!(again.trail()[0].note.as_deref(), Some("the app froze"));
    }

    #[test]
    fn another_format_or_a_newer_version_is_refused() {
        assert!(
            Handoff::parse("{}")
                .unwrap_err()
                .contains("not a watchfix handoff")
        );
        let graph = graph();
        let walk = Walk::new(&graph, graph.flow_by_id("f").unwrap(), Facts::new()).unwrap();
        let mut handoff = Handoff::of(&walk, Origin::Agent, 0);
        handoff.version = 99;
        let text = serde_json::to_string(&handoff).unwrap();
        assert!(
            Handoff::parse(&text)
                .unwrap_err()
                .contains("newer watchfix")
        );
    }
}
