//! Traps: cycles of nodes from which no end can be reached. A walk that enters one never
//! ends, however the user answers.
//!
//! A node the walk cannot go on from because of a broken reference was reported already,
//! so it counts as able to reach an end: one typo, one diagnostic. Linear in the size of
//! the flow: trees can be big.

use petgraph::algo::kosaraju_scc;
use petgraph::graph::DiGraph;

use crate::check::resolve::Resolved;
use crate::check::{State, cycle};
use crate::diagnostic::Kind;
use crate::graph::NodeId;
use crate::raw::{RawFlow, RawNode};

pub(super) fn check(state: &mut State) {
    let src = &state.sources;
    let mut found = Vec::new();
    for (flow, resolved) in state.flows.iter().zip(&state.resolved) {
        let keys = &flow.nodes.0;
        let nodes = &resolved.nodes;
        let ends = reaches_end(flow, resolved);
        let mut graph = DiGraph::<usize, ()>::new();
        let indices: Vec<_> = (0..nodes.len()).map(|i| graph.add_node(i)).collect();
        for (index, links) in nodes.iter().enumerate() {
            if !ends[index] {
                for next in links.successors() {
                    if !ends[next.0] {
                        graph.update_edge(indices[index], indices[next.0], ());
                    }
                }
            }
        }
        for component in kosaraju_scc(&graph) {
            let members: Vec<usize> = component.iter().map(|i| graph[*i]).collect();
            let first = *members.iter().min().expect("components are not empty");
            if ends[first] {
                continue;
            }
            let self_loop = nodes[first].successors().any(|n| n == NodeId(first));
            if members.len() < 2 && !self_loop {
                continue;
            }
            let path = cycle::path(first, &members, |i| {
                nodes[i].successors().map(|n| n.0).collect()
            });
            let names = path
                .iter()
                .map(|i| keys[*i].0.read(src).to_string())
                .collect();
            found.push((keys[first].0.span, Kind::TrapCycle { nodes: names }));
        }
    }
    state.report(found);
}

/// Per node: whether a walk from it can reach an end. Broken nodes count as able to.
pub(super) fn reaches_end(flow: &RawFlow, resolved: &Resolved) -> Vec<bool> {
    let nodes = &resolved.nodes;
    let mut predecessors = vec![Vec::new(); nodes.len()];
    for (index, links) in nodes.iter().enumerate() {
        if !links.broken {
            for next in links.successors() {
                predecessors[next.0].push(index);
            }
        }
    }
    let mut ends = vec![false; nodes.len()];
    let mut stack: Vec<usize> = (flow.nodes.0.iter().zip(nodes).enumerate())
        .filter(|(_, ((_, raw), links))| matches!(raw, RawNode::End { .. }) || links.broken)
        .map(|(i, _)| i)
        .collect();
    while let Some(index) = stack.pop() {
        if std::mem::replace(&mut ends[index], true) {
            continue;
        }
        stack.extend(&predecessors[index]);
    }
    ends
}
