//! The last stage: a clean check's flows, with their resolved references, become the
//! [`Graph`] the walker and the exporters take.
//!
//! It runs only when no pass found an error, so every reference has resolved; the
//! `Option`s of the resolved stage are unwrapped with `?`, which cannot fail here.

use crate::check::State;
use crate::check::resolve::Links;
use crate::graph::{
    Choice, FIXED, Flow, Graph, Letter, NEXT, NOT_FIXED, Node, NodeId, NodeKind, Outcome, SKIP,
    Scenario, TYPED,
};
use crate::raw::{Located, RawFlow, RawNode, RawOutcome};
use crate::source::Sources;

pub(super) fn graph(state: &State) -> Option<Graph> {
    let flows = (state.flows.iter().zip(&state.resolved))
        .map(|(raw, resolved)| {
            let nodes = (raw.nodes.0.iter().zip(&resolved.nodes))
                .map(|((key, node), links)| {
                    Some(Node {
                        id: key.value.clone(),
                        kind: kind(node, links)?,
                    })
                })
                .collect::<Option<_>>()?;
            Some(Flow {
                id: raw.id.value.clone(),
                title: raw.title.value.clone(),
                category: raw.category.value.clone(),
                symptoms: raw.symptoms.iter().map(|s| s.value.clone()).collect(),
                start: resolved.start?,
                nodes: Vec::into(nodes),
                scenarios: scenarios_of(raw),
                file: state.sources.get(raw.span.file).path.clone(),
            })
        })
        .collect::<Option<Vec<Flow>>>()?;
    Some(Graph {
        settle_limit: Graph::compute_settle_limit(&flows),
        flows,
        facts: state.facts.clone(),
        revision: revision(&state.sources),
        synonyms: synonyms(state),
        letter: letter(state),
    })
}

fn kind(node: &RawNode, links: &Links) -> Option<NodeKind> {
    let next = |index: usize| links.next.get(index).copied().flatten();
    Some(match node {
        RawNode::Ask {
            fact,
            text,
            choices,
        } => NodeKind::Ask {
            text: text.value.clone(),
            fact: fact.as_ref().map(|f| f.value.clone()),
            choices: (choices.iter().enumerate())
                .map(|(index, choice)| {
                    Some(Choice {
                        id: choice.id.value.clone(),
                        label: choice.label.value.clone(),
                        next: next(index)?,
                        says: choice.says.as_ref().map(|s| s.value.clone()),
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
            let answer = |id: &str, label: &Option<Located<String>>, default: &str, index| {
                Some(Choice {
                    id: id.into(),
                    label: label.as_ref().map_or(default, |l| &l.value).to_string(),
                    next: next(index)?,
                    says: None,
                })
            };
            NodeKind::Step {
                text: text.value.clone(),
                source: source.as_ref().map(|s| s.value.clone()),
                choices: vec![
                    answer(FIXED, fixed_label, "That fixed it", 0)?,
                    answer(NOT_FIXED, not_fixed_label, "Still not working", 1)?,
                ],
                done: done.as_ref().map(|d| d.value.clone()),
            }
        }
        RawNode::Input {
            fact, text, skip, ..
        } => {
            let mut choices = vec![plain_choice(TYPED, "The value typed", next(0)?)];
            if let Some(skip) = skip {
                choices.push(plain_choice(SKIP, &skip.value, next(1)?));
            }
            NodeKind::Input {
                text: text.value.clone(),
                fact: fact.value.clone(),
                choices,
            }
        }
        RawNode::Tell { text, source, .. } => NodeKind::Tell {
            text: text.value.clone(),
            source: source.as_ref().map(|s| s.value.clone()),
            choices: vec![plain_choice(NEXT, "Continue", next(0)?)],
        },
        RawNode::Call { .. } => NodeKind::Call {
            flow: links.call?.0?,
            then: next(0)?,
        },
        RawNode::End {
            outcome,
            text,
            ask,
            terms,
        } => NodeKind::End {
            outcome: outcome_of(*outcome),
            text: text.value.clone(),
            ask: ask.as_ref().map(|a| a.value.clone()),
            terms: *terms,
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
    let text = |l: &Located<String>| l.value.clone();
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
    state.vocabularies.first().map_or_else(Vec::new, |v| {
        (v.synonyms.0.iter())
            .map(|(word, means)| {
                let means = means.iter().map(|m| m.value.to_lowercase()).collect();
                (word.value.to_lowercase(), means)
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

fn scenarios_of(raw: &RawFlow) -> Vec<Scenario> {
    raw.scenarios
        .iter()
        .map(|s| Scenario {
            name: s.name.value.clone(),
            facts: s
                .facts
                .0
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value.clone()))
                .collect(),
            answers: s.answers.iter().map(|a| a.value.clone()).collect(),
            expect: s.expect.as_ref().map(|e| {
                let (flow, node) = split_expect(&e.value, &raw.id.value);
                (flow.to_string(), node.to_string())
            }),
            outcome: s.outcome.map(outcome_of),
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
