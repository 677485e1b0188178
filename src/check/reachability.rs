//! Reachability: nodes that no walk from `start` can reach.
//!
//! Only a warning: such a node harms no walk, but it is usually a reference someone forgot
//! to write, or a leftover.

use std::collections::HashSet;

use crate::check::State;
use crate::check::resolve::Resolved;
use crate::diagnostic::Kind;
use crate::graph::NodeId;

pub(super) fn check(state: &mut State) {
    let mut found = Vec::new();
    for (flow, resolved) in state.flows.iter().zip(&state.resolved) {
        // Without a start every node is unreachable: that is the one error to report.
        let Some(start) = resolved.start else {
            continue;
        };
        let reached = reachable_from(resolved, start);
        let mut ids = HashSet::new();
        for ((key, _), reached) in flow.nodes.0.iter().zip(reached) {
            // A second node with the same id can never be named; it is reported as a
            // duplicate.
            let duplicate = !ids.insert(key.value.as_str());
            if !reached && !duplicate {
                let node = key.value.clone();
                found.push((key.span, Kind::Unreachable { node }));
            }
        }
    }
    state.report(found);
}

fn reachable_from(flow: &Resolved, start: NodeId) -> Vec<bool> {
    let mut reached = vec![false; flow.nodes.len()];
    let mut stack = vec![start];
    while let Some(node) = stack.pop() {
        if std::mem::replace(&mut reached[node.0], true) {
            continue;
        }
        stack.extend(flow.nodes[node.0].successors());
    }
    reached
}
