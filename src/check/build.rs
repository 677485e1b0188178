//! The last stage: a clean check's flows, with their resolved references, become the
//! [`Graph`] the walker and the exporters take.
//!
//! It runs only when no pass found an error, so every reference has resolved; the
//! `Option`s of the resolved stage are unwrapped with `?`, which cannot fail here.

use crate::check::State;
use crate::check::resolve::Links;
use crate::graph::{Choice, FIXED, Flow, Graph, NOT_FIXED, Node, NodeKind, Outcome, Scenario};
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
                nodes,
                scenarios: scenarios_of(raw),
                file: state.sources.get(raw.span.file).path.clone(),
            })
        })
        .collect::<Option<_>>()?;
    Some(Graph {
        flows,
        facts: state.facts.clone(),
        revision: revision(&state.sources),
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
                    })
                })
                .collect::<Option<_>>()?,
        },
        RawNode::Step {
            text,
            source,
            fixed_label,
            not_fixed_label,
            ..
        } => {
            // The walk answers a step like a question: two choices, `fixed` and `not-fixed`.
            let answer = |id: &str, label: &Option<Located<String>>, default: &str, index| {
                Some(Choice {
                    id: id.into(),
                    label: label.as_ref().map_or(default, |l| &l.value).to_string(),
                    next: next(index)?,
                })
            };
            NodeKind::Step {
                text: text.value.clone(),
                source: source.as_ref().map(|s| s.value.clone()),
                choices: vec![
                    answer(FIXED, fixed_label, "That fixed it", 0)?,
                    answer(NOT_FIXED, not_fixed_label, "Still not working", 1)?,
                ],
            }
        }
        RawNode::Call { .. } => NodeKind::Call {
            flow: links.call?.0?,
            then: next(0)?,
        },
        RawNode::End { outcome, text } => NodeKind::End {
            outcome: outcome_of(*outcome),
            text: text.value.clone(),
        },
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
