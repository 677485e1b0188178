//! The JSON Schemas of the tools' arguments and results, built from the loaded graph.
//!
//! Derived schemas can only say "a string": these carry the valid values themselves — the
//! flow ids, each declared fact with its values — so an agent's host can offer them and an
//! agent never needs the whole of `list_flows` to make a valid call. They are built once,
//! when the server starts, because `--trees` decides what is valid.
//!
//! Every result schema is `{"type": "object", "anyOf": [result, error]}`: a refused call
//! (`isError: true`) carries the error object as its structured content, and hosts that
//! validate structured content on errors too must accept it. The root `type` keeps the
//! schema an object schema, as protocol versions before 2026-07-28 require. Objects are
//! closed (`additionalProperties: false`), so a field added in `wire.rs` and not here fails
//! the schema tests instead of surprising a strict host.

use serde_json::{Map, Value, json};

use watchfix::graph::{Graph, Outcome};
use watchfix::session::handoff;
use watchfix::walk::ViewKind;

/// A node's possible kinds; the match fails to compile when the walker grows a kind, so
/// that the schema grows with it.
fn kinds() -> Vec<Value> {
    let all = [
        ViewKind::Question,
        ViewKind::Step,
        ViewKind::Input,
        ViewKind::Tell,
        ViewKind::End,
    ];
    for kind in all {
        match kind {
            ViewKind::Question
            | ViewKind::Step
            | ViewKind::Input
            | ViewKind::Tell
            | ViewKind::End => {}
        }
    }
    all.iter()
        .map(|k| serde_json::to_value(k).expect("a kind serializes"))
        .collect()
}

fn outcomes() -> Vec<Value> {
    let all = [Outcome::Resolved, Outcome::Escalate, Outcome::Info];
    for outcome in all {
        match outcome {
            Outcome::Resolved | Outcome::Escalate | Outcome::Info => {}
        }
    }
    all.iter().map(|o| json!(o.as_str())).collect()
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// The letter to support in parts (`watchfix::letter::Letter`), plus its text.
fn letter() -> Value {
    let text = json!({"type": "string"});
    let optional = json!({"type": ["string", "null"]});
    object(
        json!({
            "to": optional,
            "subject": text,
            "problem": text,
            "details": {"type": "array", "items": object(json!({
                "fact": text,
                "name": text,
                "value": optional,
                "missing": optional,
            }), &["fact", "name", "value", "missing"])},
            "tried": {"type": "array", "items": object(json!({
                "done": text,
                "result": text,
                "note": optional,
            }), &["done", "result", "note"])},
            "notes": strings(),
            "ask": text,
            "terms": optional,
            "text": text,
        }),
        &[
            "to", "subject", "problem", "details", "tried", "notes", "ask", "terms", "text",
        ],
    )
}

fn strings() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

/// The schemas for one graph.
#[derive(Debug)]
pub struct Schemas {
    flow_ids: Vec<Value>,
    facts: Value,
}

impl Schemas {
    pub fn of(graph: &Graph) -> Schemas {
        let mut ids: Vec<&str> = graph.flows().map(|(_, f)| f.id.as_str()).collect();
        ids.sort_unstable();
        let mut properties = Map::new();
        for fact in graph.facts() {
            let schema = match fact.accepts {
                // A typed detail: any value that fits, checked when the walk starts.
                Some(accepts) => {
                    let example = fact
                        .example
                        .as_ref()
                        .map_or_else(String::new, |e| format!(", such as {e}"));
                    json!({
                        "type": "string",
                        "maxLength": match accepts {
                            watchfix::graph::Accepts::Text(max) => max,
                            _ => watchfix::graph::MAX_TYPED,
                        },
                        "description": format!("{}: {}{example}", fact.name, accepts.describe()),
                    })
                }
                None => {
                    let values: Vec<String> = fact
                        .values
                        .iter()
                        .map(|(id, label)| format!("`{id}` ({label})"))
                        .collect();
                    json!({
                        "type": "string",
                        "enum": fact.value_ids(),
                        "description": format!("{}: {}", fact.name, values.join(", ")),
                    })
                }
            };
            properties.insert(fact.id.clone(), schema);
        }
        Schemas {
            flow_ids: ids.into_iter().map(Value::from).collect(),
            facts: json!({
                "type": "object",
                "properties": properties,
                "additionalProperties": false,
            }),
        }
    }

    fn flow(&self, description: &str) -> Value {
        json!({"type": "string", "enum": self.flow_ids, "description": description})
    }

    fn facts(&self, description: &str) -> Value {
        let mut facts = self.facts.clone();
        facts["description"] = json!(description);
        facts
    }

    fn trail(&self) -> Value {
        json!({
            "type": "array",
            "items": object(json!({
                "flow": {"type": "string"},
                "node": {"type": "string"},
                "answer": {"type": "string"},
                "note": {"type": "string"},
            }), &["flow", "node", "answer"]),
        })
    }

    /// The node of `step`; with `session` for the node results of a walk.
    fn node(&self, with_session: bool) -> Value {
        let mut properties = json!({
            "flow": {"type": "string", "enum": self.flow_ids},
            "title": {"type": "string"},
            "node": {"type": "string"},
            "kind": {"enum": kinds()},
            "text": {"type": "string"},
            "choices": {
                "type": "array",
                "items": object(json!({
                    "id": {"type": "string"},
                    "label": {"type": "string"},
                }), &["id", "label"]),
            },
            "outcome": {"enum": outcomes().into_iter().chain([Value::Null]).collect::<Vec<_>>()},
            "facts": self.facts.clone(),
            "trail": self.trail(),
            "sources": strings(),
            "input": object(json!({
                "fact": {"type": "string"},
                "accepts": {"enum": ["text", "version", "date", "number"]},
                "description": {"type": "string"},
                "max_length": {"type": "integer"},
                "example": {"type": "string"},
                "skip": {"type": "string"},
            }), &["fact", "accepts", "description"]),
        });
        let mut required = vec![
            "flow", "title", "node", "kind", "text", "choices", "outcome", "facts", "trail",
            "sources",
        ];
        if with_session {
            properties["session"] = json!({"type": "string"});
            // The trail holds the latest answers; this many came before them.
            properties["earlier"] = json!({"type": "integer", "minimum": 1});
            required.insert(0, "session");
        }
        object(properties, &required)
    }

    /// A handoff document, as the `handoff` tool returns it and `start_walk` takes it.
    pub fn handoff_document(&self) -> Value {
        let position = object(
            json!({"flow": {"type": "string"}, "node": {"type": "string"}}),
            &["flow", "node"],
        );
        let mut document = object(
            json!({
                "format": {"const": handoff::FORMAT},
                "version": {"type": "integer", "minimum": 1, "maximum": handoff::VERSION},
                "watchfix": {"type": "string"},
                "revision": {"type": "string"},
                "flow": {"type": "string"},
                "facts": {"type": "object", "additionalProperties": {"type": "string"}},
                "known": {"type": "object", "additionalProperties": {"type": "string"}},
                "answers": {"type": "array", "items": object(json!({
                    "flow": {"type": "string"},
                    "node": {"type": "string"},
                    "answer": {"type": "string"},
                    "note": {"type": "string"},
                    "at": {"type": "string"},
                    "by": {"enum": ["person", "agent", "given"]},
                }), &["flow", "node", "answer", "by"])},
                "at": position,
                "outcome": {"enum": outcomes().into_iter().chain([Value::Null]).collect::<Vec<_>>()},
                "written": {"type": "string"},
            }),
            &[
                "format", "version", "watchfix", "revision", "flow", "facts", "known", "answers",
                "at", "outcome", "written",
            ],
        );
        document["description"] = json!(
            "A watchfix handoff document, exactly as the handoff tool, `watchfix run --handoff` \
             or `watchfix step --handoff` wrote it."
        );
        document
    }

    fn error() -> Value {
        object(
            json!({
                "error": object(json!({
                    "kind": {
                        "type": "string",
                        "description": "unknown_session, unknown_flow, unknown_fact, \
                            unknown_fact_value, unknown_answer, walk_finished, invalid_note, \
                            bad_handoff, invalid_argument, ...",
                    },
                    "message": {"type": "string"},
                    "expected": strings(),
                }), &["kind", "message", "expected"]),
            }),
            &["error"],
        )
    }

    fn or_error(result: Value) -> Value {
        json!({"type": "object", "anyOf": [result, Schemas::error()]})
    }

    /// The result schema of each tool.
    pub fn output(&self, tool: &str) -> Option<Value> {
        let result = match tool {
            "start_walk" | "answer" | "back" | "restart" | "current_node" => self.node(true),
            "list_flows" => {
                let fact = object(
                    json!({
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "question": {"type": "string"},
                        "values": {"type": "array", "items": object(json!({
                            "id": {"type": "string"},
                            "label": {"type": "string"},
                        }), &["id", "label"])},
                        "accepts": {"enum": ["text", "version", "date", "number"]},
                        "example": {"type": "string"},
                    }),
                    &["id", "name", "question", "values"],
                );
                let entry = object(
                    json!({
                        "id": {"type": "string", "enum": self.flow_ids},
                        "title": {"type": "string"},
                        "category": {"type": "string"},
                        "symptoms": strings(),
                        "facts": {"type": "array", "items": fact},
                        "calls": strings(),
                        "sources": strings(),
                        "start": self.node(false),
                    }),
                    &[
                        "id", "title", "category", "symptoms", "facts", "calls", "sources", "start",
                    ],
                );
                object(
                    json!({"flows": {"type": "array", "items": entry}}),
                    &["flows"],
                )
            }
            "find_flow" => object(
                json!({
                    "symptom": {"type": "string"},
                    "matches": {"type": "array", "items": object(json!({
                        "id": {"type": "string", "enum": self.flow_ids},
                        "title": {"type": "string"},
                        "category": {"type": "string"},
                        "score": {"type": "number", "minimum": 0, "maximum": 1},
                        "confidence": {"enum": ["high", "medium", "low"]},
                        "matched": {"type": ["string", "null"]},
                    }), &["id", "title", "category", "score", "confidence", "matched"])},
                    "advice": {"type": "string"},
                }),
                &["symptom", "matches", "advice"],
            ),
            "walk_summary" => object(
                json!({
                    "session": {"type": "string"},
                    "flow": {"type": "string"},
                    "title": {"type": "string"},
                    "finished": {"type": "boolean"},
                    "outcome": {"enum": outcomes().into_iter().chain([Value::Null]).collect::<Vec<_>>()},
                    "facts": self.facts.clone(),
                    "trail": self.trail(),
                    "summary": {"type": "string"},
                    "letter": letter(),
                    "handoff": self.handoff_document(),
                }),
                &[
                    "session", "flow", "title", "finished", "outcome", "facts", "trail", "summary",
                    "letter", "handoff",
                ],
            ),
            "flow_outline" => object(
                json!({
                    "flow": {"type": "string", "enum": self.flow_ids},
                    "title": {"type": "string"},
                    "uri": {"type": "string"},
                    "outline": {"type": "string"},
                }),
                &["flow", "title", "uri", "outline"],
            ),
            "handoff" => self.handoff_document(),
            _ => return None,
        };
        Some(Schemas::or_error(result))
    }

    /// The argument schema of each tool.
    pub fn input(&self, tool: &str) -> Option<Value> {
        let session = json!({
            "type": "string",
            "description": "The session of the latest result of this walk (start_walk, \
                answer, back or restart return it).",
        });
        Some(match tool {
            "list_flows" => object(json!({}), &[]),
            "find_flow" => object(
                json!({"symptom": {
                    "type": "string",
                    "maxLength": super::MAX_SYMPTOM,
                    "description": "The problem in the caller's own words, such as \"my watch \
                        keeps disconnecting\" (a sentence; at most 500 characters).",
                }}),
                &["symptom"],
            ),
            "start_walk" => object(
                json!({
                    "flow": self.flow("The flow to walk, from find_flow or list_flows."),
                    "facts": self.facts(
                        "Facts already known about the caller's phone and watch, fact → value. \
                         Their questions are skipped, in subflows too. Leave out what you do \
                         not know; never guess.",
                    ),
                    "handoff": self.handoff_document(),
                }),
                &["flow"],
            ),
            "answer" => object(
                json!({
                    "session": session,
                    "choice": {
                        "type": "string",
                        "description": "The id of one of the current node's choices, such as \
                            \"yes\" or \"not-fixed\", or its 1-based position in the choices, \
                            such as \"2\".",
                    },
                    "note": {
                        "type": "string",
                        "maxLength": watchfix::walk::MAX_NOTE,
                        "description": "A short note on this answer in the caller's words, \
                            such as \"the app says device not found\"; one line, kept in the \
                            summary and the handoff, never interpreted.",
                    },
                }),
                &["session", "choice"],
            ),
            "back" | "restart" | "current_node" | "walk_summary" | "handoff" => {
                object(json!({"session": session}), &["session"])
            }
            "flow_outline" => object(
                json!({"flow": self.flow("The flow to outline, from find_flow or list_flows.")}),
                &["flow"],
            ),
            _ => return None,
        })
    }
}
