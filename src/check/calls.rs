//! Calls: flows that call each other in a cycle.
//!
//! A `Call` runs another flow and comes back; a flow that a running flow calls again,
//! directly or through others, would recurse without end. Each cycle is reported once, at
//! the call that starts it in its first flow.

use petgraph::algo::kosaraju_scc;
use petgraph::graph::DiGraph;

use crate::check::{State, cycle};
use crate::diagnostic::Kind;
use crate::raw::RawNode;
use crate::source::Span;

pub(super) fn check(state: &mut State) {
    // Per flow: the flows it calls that exist, and where each call names it, in node order.
    let calls: Vec<Vec<(usize, Span)>> = (state.resolved.iter().zip(&state.flows))
        .map(|(resolved, flow)| {
            (resolved.nodes.iter().zip(&flow.nodes.0))
                .filter_map(|(links, (_, node))| match (links.call, node) {
                    (Some(Some(callee)), RawNode::Call { flow, .. }) => Some((callee.0, flow.span)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let mut graph = DiGraph::<usize, ()>::new();
    let indices: Vec<_> = (0..calls.len()).map(|i| graph.add_node(i)).collect();
    for (caller, callees) in calls.iter().enumerate() {
        for (callee, _) in callees {
            graph.update_edge(indices[caller], indices[*callee], ());
        }
    }
    for component in kosaraju_scc(&graph) {
        let members: Vec<usize> = component.iter().map(|i| graph[*i]).collect();
        let first = *members.iter().min().expect("components are not empty");
        let self_call = calls[first].iter().any(|(callee, _)| *callee == first);
        if members.len() < 2 && !self_call {
            continue;
        }
        let path = cycle::path(first, &members, |i| {
            calls[i].iter().map(|(callee, _)| *callee).collect()
        });
        let (_, span) = calls[first]
            .iter()
            .find(|(callee, _)| *callee == path[1])
            .expect("the cycle follows a call");
        let flows = path
            .iter()
            .map(|i| state.flows[*i].id.read(&state.sources).to_string())
            .collect();
        state.push(*span, Kind::CallCycle { flows });
    }
}
