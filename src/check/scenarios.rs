//! Scenarios: each flow has some, and each one can be run by `watchfix test`.
//!
//! A scenario gives facts and answers and names the end the walk must reach. It is checked
//! here rather than when it is run so that a typo in one shows up in `validate`, with a
//! position, like any other mistake in a tree.

use std::cell::OnceCell;
use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::check::build::split_expect;
use crate::check::{State, facts};
use crate::diagnostic::{Kind, closest};
use crate::raw::{Located, RawFlow, RawNode, RawScenario, Text};
use crate::source::Span;

pub(super) fn check(state: &mut State) {
    let mut found: Vec<(Span, Kind)> = Vec::new();
    let ends = Ends::new(&state.flows);
    for flow in &state.flows {
        if flow.scenarios.is_empty() {
            let kind = Kind::NoScenarios {
                flow: flow.id.value.to_string(),
            };
            found.push((flow.id.span, kind));
        }
        for scenario in &flow.scenarios {
            given_facts(state, scenario, &mut found);
            if scenario.expect.is_none() && scenario.outcome.is_none() {
                let kind = Kind::ExpectsNothing {
                    scenario: scenario.name.value.to_string(),
                };
                found.push((scenario.name.span, kind));
            }
            if let Some(expect) = &scenario.expect
                && let Some(kind) = expectation(&ends, expect, &flow.id.value)
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
                scenario: scenario.name.value.to_string(),
                fact: fact.value.to_string(),
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

/// Where scenarios' `expect`s are looked up: the flows by id, and each flow's nodes by id,
/// indexed the first time a scenario names that flow. Each lookup is then one hash, not a
/// scan of every flow and node.
struct Ends<'a> {
    flows: &'a [Located<RawFlow>],
    by_id: FxHashMap<&'a str, usize>,
    nodes: Vec<OnceCell<FxHashMap<&'a str, usize>>>,
}

impl<'a> Ends<'a> {
    fn new(flows: &'a [Located<RawFlow>]) -> Self {
        let mut by_id = FxHashMap::default();
        for (index, flow) in flows.iter().enumerate() {
            by_id.entry(flow.id.value.as_str()).or_insert(index);
        }
        Ends {
            flows,
            by_id,
            nodes: flows.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// The flow named `flow_id`, if any, and its node named `node_id`, the first of
    /// each id.
    fn find(&self, flow_id: &str, node_id: &str) -> Option<(usize, Option<usize>)> {
        let flow = *self.by_id.get(flow_id)?;
        let nodes = self.nodes[flow].get_or_init(|| {
            let mut nodes = FxHashMap::default();
            for (index, (key, _)) in self.flows[flow].nodes.0.iter().enumerate() {
                nodes.entry(key.value.as_str()).or_insert(index);
            }
            nodes
        });
        Some((flow, nodes.get(node_id).copied()))
    }
}

/// What is wrong with a scenario's `expect`, which must name an `End`, in its own flow or
/// (`flow/node`) another.
fn expectation(ends: &Ends, expect: &Located<Text>, own_flow: &str) -> Option<Kind> {
    let (flow_id, node_id) = split_expect(&expect.value, own_flow);
    let found = ends.find(flow_id, node_id);
    let nodes = found.map_or(&[][..], |(flow, _)| &ends.flows[flow].nodes.0[..]);
    match found.and_then(|(_, node)| node).map(|node| &nodes[node].1) {
        Some(RawNode::End { .. }) => None,
        Some(_) => Some(Kind::ExpectNotEnd {
            expect: expect.value.to_string(),
        }),
        None => {
            let ends: Vec<&str> = (nodes.iter())
                .filter(|(_, node)| matches!(node, RawNode::End { .. }))
                .map(|(key, _)| key.value.as_str())
                .collect();
            Some(Kind::ExpectNoEnd {
                expect: expect.value.to_string(),
                closest: closest(node_id, ends.iter().copied()).map(str::to_string),
                ends: ends.into_iter().map(str::to_string).collect(),
            })
        }
    }
}
