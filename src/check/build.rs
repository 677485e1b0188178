//! The last stage: a clean check's flows, with their resolved references, become the
//! [`Graph`] the walker and the exporters take.
//!
//! It runs only when no pass found an error, so every reference has resolved; the
//! `Option`s of the resolved stage are unwrapped with `?`, which cannot fail here. The raw
//! flows are used up: their strings move into the graph rather than being copied.

use crate::check::State;
use crate::check::resolve::Links;
use crate::graph::{
    Choice, FIXED, FIXED_LABEL, Flow, Graph, Letter, NEXT, NOT_FIXED, NOT_FIXED_LABEL, Node,
    NodeId, NodeKind, Outcome, SKIP, Scenario, TYPED,
};
use crate::raw::{Located, RawFlow, RawNode, RawOutcome, RawScenario, Text};
use crate::source::Sources;

pub(super) fn graph(state: &mut State) -> Option<Graph> {
    let raw_flows = std::mem::take(&mut state.flows);
    let resolved = std::mem::take(&mut state.resolved);
    let src = &state.sources;
    let flows = (raw_flows.into_iter().zip(resolved))
        .map(|(raw, resolved)| {
            let file = src.get(raw.span.file).path.clone();
            let RawFlow {
                id,
                title,
                category,
                symptoms,
                nodes,
                scenarios,
                ..
            } = raw.value;
            let scenarios = scenarios_of(src, scenarios, id.read(src));
            let nodes = (nodes.0.into_iter().zip(&resolved.nodes))
                .map(|((key, node), links)| {
                    Some(Node {
                        id: value(src, key),
                        kind: kind(src, node, links)?,
                    })
                })
                .collect::<Option<_>>()?;
            Some(Flow {
                id: value(src, id),
                title: value(src, title),
                category: value(src, category),
                symptoms: symptoms.into_iter().map(|l| value(src, l)).collect(),
                start: resolved.start?,
                nodes: Vec::into(nodes),
                scenarios,
                file,
            })
        })
        .collect::<Option<Vec<Flow>>>()?;
    Some(Graph {
        settle_limit: Graph::compute_settle_limit(&flows),
        flows,
        facts: std::mem::take(&mut state.facts),
        revision: revision(&state.sources),
        synonyms: synonyms(state),
        letter: letter(state),
    })
}

fn value(src: &Sources, located: Located<Text>) -> String {
    located.read(src).to_string()
}

fn kind(src: &Sources, node: RawNode, links: &Links) -> Option<NodeKind> {
    let next = |index: usize| links.next.get(index).copied().flatten();
    Some(match node {
        RawNode::Ask {
            fact,
            text,
            choices,
        } => NodeKind::Ask {
            text: value(src, text),
            fact: fact.map(|l| value(src, l)),
            choices: (choices.into_iter().enumerate())
                .map(|(index, choice)| {
                    Some(Choice {
                        id: value(src, choice.id),
                        label: value(src, choice.label),
                        next: next(index)?,
                        says: choice.says.map(|says| value(src, *says)),
                    })
                })
                .collect::<Option<_>>()?,
        },
        RawNode::Step {
            text,
            source,
            fixed_label,
            not_fixed_label,
            done,
            ..
        } => {
            // The walk answers a step like a question: two choices, `fixed` and `not-fixed`.
            let answer = |id: &str, label: Option<Box<Located<Text>>>, default: &str, index| {
                Some(Choice {
                    id: id.into(),
                    label: label.map_or_else(|| default.to_string(), |l| value(src, *l)),
                    next: next(index)?,
                    says: None,
                })
            };
            NodeKind::Step {
                text: value(src, text),
                source: source.map(|l| value(src, l)),
                choices: vec![
                    answer(FIXED, fixed_label, FIXED_LABEL, 0)?,
                    answer(NOT_FIXED, not_fixed_label, NOT_FIXED_LABEL, 1)?,
                ],
                done: done.map(|l| value(src, l)),
            }
        }
        RawNode::Input {
            fact, text, skip, ..
        } => {
            let mut choices = vec![plain_choice(TYPED, "The value typed", next(0)?)];
            if let Some(skip) = skip {
                choices.push(plain_choice(SKIP, skip.read(src), next(1)?));
            }
            NodeKind::Input {
                text: value(src, text),
                fact: value(src, fact),
                choices,
            }
        }
        RawNode::Tell { text, source, .. } => NodeKind::Tell {
            text: value(src, text),
            source: source.map(|l| value(src, l)),
            choices: vec![plain_choice(NEXT, "Continue", next(0)?)],
        },
        RawNode::Call { .. } => NodeKind::Call {
            flow: links.call??,
            then: next(0)?,
        },
        RawNode::End {
            outcome,
            text,
            ask,
            terms,
        } => NodeKind::End {
            outcome: outcome_of(outcome),
            text: value(src, text),
            ask: ask.map(|l| value(src, l)),
            terms,
        },
    })
}

fn plain_choice(id: &str, label: &str, next: NodeId) -> Choice {
    Choice {
        id: id.into(),
        label: label.into(),
        next,
        says: None,
    }
}

/// The letter's words, from the first `Letter(...)` (the built-in one when a set of trees
/// has none).
fn letter(state: &State) -> Letter {
    let Some(raw) = state.letters.first() else {
        return Letter::default();
    };
    let src = &state.sources;
    let text = |l: &Located<Text>| l.read(src).to_string();
    Letter {
        to: raw.to.as_ref().map(text),
        subject: text(&raw.subject),
        greeting: text(&raw.greeting),
        opening: text(&raw.opening),
        details: text(&raw.details),
        tried: text(&raw.tried),
        notes: text(&raw.notes),
        nothing_tried: text(&raw.nothing_tried),
        asking: text(&raw.asking),
        sign_off: text(&raw.sign_off),
        terms: raw.terms.as_ref().map(text),
    }
}

/// Owners' words → the flows' words, from the first `Vocabulary(...)`.
fn synonyms(state: &State) -> Vec<(String, Vec<String>)> {
    let src = &state.sources;
    state.vocabularies.first().map_or_else(Vec::new, |v| {
        (v.synonyms.0.iter())
            .map(|(word, means)| {
                let means = means.iter().map(|m| m.read(src).to_lowercase()).collect();
                (word.read(src).to_lowercase(), means)
            })
            .collect()
    })
}

/// A short fingerprint of every file's text (FNV-1a, 64 bits): tells a saved
/// session or a support ticket exactly which trees were walked.
fn revision(sources: &Sources) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (_, file) in sources.iter() {
        for byte in file.text.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// `"node"` or `"flow/node"`.
pub(super) fn split_expect<'a>(expect: &'a str, own_flow: &'a str) -> (&'a str, &'a str) {
    expect.split_once('/').unwrap_or((own_flow, expect))
}

fn scenarios_of(
    src: &Sources,
    scenarios: Vec<Located<RawScenario>>,
    own_flow: &str,
) -> Vec<Scenario> {
    scenarios
        .into_iter()
        .map(|s| {
            let s = s.value;
            Scenario {
                name: value(src, s.name),
                facts: (s.facts.0.into_iter())
                    .map(|(k, v)| (value(src, k), value(src, v)))
                    .collect(),
                answers: s.answers.into_iter().map(|l| value(src, l)).collect(),
                expect: s.expect.map(|e| {
                    let (flow, node) = split_expect(e.read(src), own_flow);
                    (flow.to_string(), node.to_string())
                }),
                outcome: s.outcome.map(outcome_of),
            }
        })
        .collect()
}

fn outcome_of(raw: RawOutcome) -> Outcome {
    match raw {
        RawOutcome::Resolved => Outcome::Resolved,
        RawOutcome::Escalate => Outcome::Escalate,
        RawOutcome::Info => Outcome::Info,
    }
}
