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
use crate::source::{Sources, Span, narrow};

pub(super) fn check(state: &mut State) {
    let src = &state.sources;
    let mut found: Vec<(Span, Kind)> = Vec::new();
    let ends = Ends::new(src, &state.flows);
    for flow in &state.flows {
        if flow.scenarios.is_empty() {
            let kind = Kind::NoScenarios {
                flow: flow.id.read(src).to_string(),
            };
            found.push((flow.id.span, kind));
        }
        for scenario in &flow.scenarios {
            given_facts(state, scenario, &mut found);
            if scenario.expect.is_none() && scenario.outcome.is_none() {
                let kind = Kind::ExpectsNothing {
                    scenario: scenario.name.read(src).to_string(),
                };
                found.push((scenario.name.span, kind));
            }
            if let Some(expect) = &scenario.expect
                && let Some(kind) = expectation(src, &ends, expect, flow.id.read(src))
            {
                found.push((expect.span, kind));
            }
        }
    }
    state.report(found);
}

/// Each fact a scenario gives once, declared, with a value it allows.
fn given_facts(state: &State, scenario: &RawScenario, found: &mut Vec<(Span, Kind)>) {
    let src = &state.sources;
    let mut given: HashMap<&str, &str> = HashMap::new();
    for (fact, value) in &scenario.facts.0 {
        if let Some(first) = given.insert(fact.read(src), value.read(src)) {
            let kind = Kind::DuplicateScenarioFact {
                scenario: scenario.name.read(src).to_string(),
                fact: fact.read(src).to_string(),
                first: first.to_string(),
            };
            found.push((fact.span, kind));
            continue;
        }
        match state.facts.iter().find(|f| f.id == fact.read(src)) {
            // A fact without values is reported with its declaration.
            Some(declared) if !declared.values.is_empty() && !declared.allows(value.read(src)) => {
                found.push((value.span, facts::unknown_value(declared, value.read(src))));
            }
            Some(_) => {}
            None => found.push((fact.span, facts::unknown(fact.read(src), &state.facts))),
        }
    }
}

/// Where scenarios' `expect`s are looked up: the flows by id, and each flow's nodes sorted
/// by id, sorted the first time a scenario names that flow. Each lookup is then a binary
/// search, not a scan of every flow and node; four bytes a node, since most flows are
/// named by their scenarios and a big tree has a million nodes.
struct Ends<'a> {
    src: &'a Sources,
    flows: &'a [Located<RawFlow>],
    by_id: FxHashMap<&'a str, usize>,
    nodes: Vec<OnceCell<Box<[u32]>>>,
}

impl<'a> Ends<'a> {
    fn new(src: &'a Sources, flows: &'a [Located<RawFlow>]) -> Self {
        let mut by_id = FxHashMap::default();
        for (index, flow) in flows.iter().enumerate() {
            by_id.entry(flow.id.read(src)).or_insert(index);
        }
        Ends {
            src,
            flows,
            by_id,
            nodes: flows.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// The flow named `flow_id`, if any, and its node named `node_id`, the first of
    /// each id.
    fn find(&self, flow_id: &str, node_id: &str) -> Option<(usize, Option<usize>)> {
        let flow = *self.by_id.get(flow_id)?;
        let entries = &self.flows[flow].nodes.0;
        let id = |node: &u32| entries[*node as usize].0.read(self.src);
        let sorted = self.nodes[flow].get_or_init(|| {
            let mut sorted: Vec<u32> = (0..entries.len()).map(narrow).collect();
            // Stable: of the nodes of one id, the first written comes first.
            sorted.sort_by(|a, b| id(a).cmp(id(b)));
            sorted.into()
        });
        let at = sorted.partition_point(|node| id(node) < node_id);
        let node = (sorted.get(at))
            .filter(|node| id(node) == node_id)
            .map(|node| *node as usize);
        Some((flow, node))
    }
}

/// What is wrong with a scenario's `expect`, which must name an `End`, in its own flow or
/// (`flow/node`) another.
fn expectation(src: &Sources, ends: &Ends, expect: &Located<Text>, own_flow: &str) -> Option<Kind> {
    let (flow_id, node_id) = split_expect(expect.read(src), own_flow);
    let found = ends.find(flow_id, node_id);
    let nodes = found.map_or(&[][..], |(flow, _)| &ends.flows[flow].nodes.0[..]);
    match found.and_then(|(_, node)| node).map(|node| &nodes[node].1) {
        Some(RawNode::End { .. }) => None,
        Some(_) => Some(Kind::ExpectNotEnd {
            expect: expect.read(src).to_string(),
        }),
        None => {
            let ends: Vec<&str> = (nodes.iter())
                .filter(|(_, node)| matches!(node, RawNode::End { .. }))
                .map(|(key, _)| key.read(src))
                .collect();
            Some(Kind::ExpectNoEnd {
                expect: expect.read(src).to_string(),
                closest: closest(node_id, ends.iter().copied()).map(str::to_string),
                ends: ends.into_iter().map(str::to_string).collect(),
            })
        }
    }
}
