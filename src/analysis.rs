//! Graph passes over resolved flows: subflow recursion, unreachable nodes, and trap cycles
//! (nodes from which no end can be reached).
//!
//! Strongly connected components come from petgraph. A node whose own reference is broken
//! was already reported, so it counts as able to reach an end: one typo, one diagnostic.

use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;

use crate::checker::Resolved;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{NodeId, NodeKind};

/// Flows that call each other in a cycle: `a -> b -> a`.
pub(crate) fn call_cycles(flows: &[Resolved], out: &mut Vec<Diagnostic>) {
    let mut graph = DiGraph::<usize, ()>::new();
    let indices: Vec<_> = (0..flows.len()).map(|i| graph.add_node(i)).collect();
    for (caller, flow) in flows.iter().enumerate() {
        for (_, callee, _) in &flow.calls {
            graph.update_edge(indices[caller], indices[callee.0], ());
        }
    }
    for component in tarjan_scc(&graph) {
        let members: Vec<usize> = component.iter().map(|i| graph[*i]).collect();
        let first = *members.iter().min().expect("components are not empty");
        let self_call = flows[first]
            .calls
            .iter()
            .any(|(_, callee, _)| callee.0 == first);
        if members.len() < 2 && !self_call {
            continue;
        }
        let path = cycle_path(first, &members, |i| {
            flows[i].calls.iter().map(|(_, c, _)| c.0).collect()
        });
        let names: Vec<&str> = path.iter().map(|i| flows[*i].flow.id.as_str()).collect();
        let next = path[1];
        let (_, _, span) = flows[first]
            .calls
            .iter()
            .find(|(_, callee, _)| callee.0 == next)
            .expect("the cycle follows a call");
        out.push(
            Diagnostic::new(
                Code::CallCycle,
                *span,
                format!("flows call each other in a cycle: {}", names.join(" -> ")),
            )
            .label("this call starts the cycle")
            .help("a subflow must not call back into a flow that is running it; move the shared steps into a flow both can call"),
        );
    }
}

/// A cycle through `first` that stays inside `members`, closed: `[a, b, a]`.
fn cycle_path(
    first: usize,
    members: &[usize],
    successors: impl Fn(usize) -> Vec<usize>,
) -> Vec<usize> {
    let mut path = vec![first];
    let mut visited = vec![first];
    fn search(
        at: usize,
        first: usize,
        members: &[usize],
        successors: &dyn Fn(usize) -> Vec<usize>,
        path: &mut Vec<usize>,
        visited: &mut Vec<usize>,
    ) -> bool {
        for next in successors(at) {
            if next == first {
                path.push(first);
                return true;
            }
            if members.contains(&next) && !visited.contains(&next) {
                visited.push(next);
                path.push(next);
                if search(next, first, members, successors, path, visited) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    search(first, first, members, &successors, &mut path, &mut visited);
    path
}

/// Nodes no walk from `start` can reach (a warning).
pub(crate) fn reachability(flow: &Resolved, out: &mut Vec<Diagnostic>) {
    if !flow.start_ok {
        return;
    }
    let reached = reachable_from(flow, flow.flow.start);
    for (index, node) in flow.flow.nodes.iter().enumerate() {
        // A second node with the same id can never be named; it is reported as a duplicate.
        let duplicate = flow.flow.nodes[..index].iter().any(|n| n.id == node.id);
        if !reached[index] && !duplicate {
            out.push(
                Diagnostic::new(
                    Code::Unreachable,
                    flow.key_spans[index],
                    format!("node `{}` cannot be reached from `start`", node.id),
                )
                .help("point a `next`, `then`, `fixed` or `not_fixed` at it, or remove it"),
            );
        }
    }
}

fn reachable_from(flow: &Resolved, start: NodeId) -> Vec<bool> {
    let mut reached = vec![false; flow.flow.nodes.len()];
    let mut stack = vec![start];
    while let Some(node) = stack.pop() {
        if std::mem::replace(&mut reached[node.0], true) {
            continue;
        }
        // A broken reference resolves to its own node, so the other choices still count.
        stack.extend(flow.flow.node(node).successors());
    }
    reached
}

/// Cycles of nodes from which no end can be reached: a walk that enters one never ends.
pub(crate) fn traps(flow: &Resolved, out: &mut Vec<Diagnostic>) {
    let nodes = &flow.flow.nodes;
    // Backwards from every end (and every broken node, already reported).
    let mut predecessors = vec![Vec::new(); nodes.len()];
    for (index, node) in nodes.iter().enumerate() {
        if !flow.broken[index] {
            for next in node.successors() {
                predecessors[next.0].push(index);
            }
        }
    }
    let mut ends = vec![false; nodes.len()];
    let mut stack: Vec<usize> = nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| matches!(n.kind, NodeKind::End { .. }) || flow.broken[*i])
        .map(|(i, _)| i)
        .collect();
    while let Some(index) = stack.pop() {
        if std::mem::replace(&mut ends[index], true) {
            continue;
        }
        stack.extend(&predecessors[index]);
    }
    let mut graph = DiGraph::<usize, ()>::new();
    let indices: Vec<_> = (0..nodes.len()).map(|i| graph.add_node(i)).collect();
    for (index, node) in nodes.iter().enumerate() {
        if !ends[index] {
            for next in node.successors() {
                if !ends[next.0] {
                    graph.update_edge(indices[index], indices[next.0], ());
                }
            }
        }
    }
    for component in tarjan_scc(&graph) {
        let members: Vec<usize> = component.iter().map(|i| graph[*i]).collect();
        let first = *members.iter().min().expect("components are not empty");
        if ends[first] {
            continue;
        }
        let self_loop = nodes[first].successors().contains(&NodeId(first));
        if members.len() < 2 && !self_loop {
            continue;
        }
        let path = cycle_path(first, &members, |i| {
            nodes[i].successors().iter().map(|n| n.0).collect()
        });
        let names: Vec<&str> = path.iter().map(|i| nodes[*i].id.as_str()).collect();
        out.push(
            Diagnostic::new(
                Code::TrapCycle,
                flow.key_spans[first],
                format!(
                    "no end can be reached from these nodes: {}",
                    names.join(" -> ")
                ),
            )
            .label("a walk that gets here never ends")
            .help("give one of these nodes a way out to an `End` node"),
        );
    }
}
