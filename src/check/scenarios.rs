//! Scenarios: each flow has some, and each one can be run by `watchfix test`.
//!
//! A scenario gives facts and answers and names the end the walk must reach. It is checked
//! here rather than when it is run so that a typo in one shows up in `validate`, with a
//! position, like any other mistake in a tree.

use std::collections::HashMap;

use crate::check::build::split_expect;
use crate::check::{State, facts};
use crate::diagnostic::{Kind, closest};
use crate::raw::{Located, RawFlow, RawNode, RawScenario};
use crate::source::Span;

pub(super) fn check(state: &mut State) {
    let mut found: Vec<(Span, Kind)> = Vec::new();
    for flow in &state.flows {
        if flow.scenarios.is_empty() {
            let kind = Kind::NoScenarios {
                flow: flow.id.value.clone(),
            };
            found.push((flow.id.span, kind));
        }
        for scenario in &flow.scenarios {
            given_facts(state, scenario, &mut found);
            if scenario.expect.is_none() && scenario.outcome.is_none() {
                let kind = Kind::ExpectsNothing {
                    scenario: scenario.name.value.clone(),
                };
                found.push((scenario.name.span, kind));
            }
            if let Some(expect) = &scenario.expect
                && let Some(kind) = expectation(&state.flows, expect, &flow.id.value)
            {
                found.push((expect.span, kind));
            }
        }
    }
    state.report(found);
}

/// Each fact a scenario gives once, declared, with a value it allows.
fn given_facts(state: &State, scenario: &RawScenario, found: &mut Vec<(Span, Kind)>) {
    let mut given: HashMap<&str, &str> = HashMap::new();
    for (fact, value) in &scenario.facts.0 {
        if let Some(first) = given.insert(&fact.value, &value.value) {
            let kind = Kind::DuplicateScenarioFact {
                scenario: scenario.name.value.clone(),
                fact: fact.value.clone(),
                first: first.to_string(),
            };
            found.push((fact.span, kind));
            continue;
        }
        match state.facts.iter().find(|f| f.id == fact.value) {
            // A fact without values is reported with its declaration.
            Some(declared) if !declared.values.is_empty() && !declared.allows(&value.value) => {
                found.push((value.span, facts::unknown_value(declared, &value.value)));
            }
            Some(_) => {}
            None => found.push((fact.span, facts::unknown(&fact.value, &state.facts))),
        }
    }
}

/// What is wrong with a scenario's `expect`, which must name an `End`, in its own flow or
/// (`flow/node`) another.
fn expectation(
    flows: &[Located<RawFlow>],
    expect: &Located<String>,
    own_flow: &str,
) -> Option<Kind> {
    let (flow_id, node_id) = split_expect(&expect.value, own_flow);
    let target = flows.iter().find(|f| f.id.value == flow_id);
    let nodes = target.map_or(&[][..], |f| &f.nodes.0);
    match nodes.iter().find(|(key, _)| key.value == node_id) {
        Some((_, RawNode::End { .. })) => None,
        Some(_) => Some(Kind::ExpectNotEnd {
            expect: expect.value.clone(),
        }),
        None => {
            let ends: Vec<&str> = (nodes.iter())
                .filter(|(_, node)| matches!(node, RawNode::End { .. }))
                .map(|(key, _)| key.value.as_str())
                .collect();
            Some(Kind::ExpectNoEnd {
                expect: expect.value.clone(),
                closest: closest(node_id, ends.iter().copied()).map(str::to_string),
                ends: ends.into_iter().map(str::to_string).collect(),
            })
        }
    }
}
