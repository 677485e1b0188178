//! Reachability: nodes that no walk from `start` can reach.
//!
//! Only a warning: such a node harms no walk, but it is usually a reference someone forgot
//! to write, or a leftover. The nodes behind one that cannot be reached are counted in its
//! warning rather than warned about each.

use rustc_hash::FxHashSet;

use crate::check::State;
use crate::check::resolve::Resolved;
use crate::diagnostic::Kind;
use crate::graph::NodeId;

pub(super) fn check(state: &mut State) {
    let src = &state.sources;
    let mut found = Vec::new();
    for (flow, resolved) in state.flows.iter().zip(&state.resolved) {
        // Without a start every node is unreachable: that is the one error to report.
        let Some(start) = resolved.start else {
            continue;
        };
        let reached = reachable_from(resolved, start);
        let mut ids = FxHashSet::default();
        // A second node with the same id can never be named; it is reported as a
        // duplicate.
        let lost: Vec<bool> = (flow.nodes.0.iter().zip(&reached))
            .map(|((key, _), reached)| ids.insert(key.read(src)) && !reached)
            .collect();
        for (first, behind) in regions(resolved, &lost) {
            let (key, _) = &flow.nodes.0[first];
            let node = key.read(src).to_string();
            found.push((key.span, Kind::Unreachable { node, behind }));
        }
    }
    state.report(found);
}

/// The unreachable nodes (`lost`) in regions, each named once: a node no other lost node
/// leads to, and how many lost nodes it leads to that no earlier region holds. A typo that
/// cuts off a long chain is then one warning, not one per node behind it. Lost nodes that
/// only lost cycles lead to start regions of their own, in the order written.
fn regions(flow: &Resolved, lost: &[bool]) -> Vec<(usize, usize)> {
    let mut led_to = vec![false; lost.len()];
    for (node, links) in flow.nodes.iter().enumerate() {
        if lost[node] {
            for next in links.successors() {
                led_to[next.0] = true;
            }
        }
    }
    let heads = (0..lost.len()).filter(|n| lost[*n] && !led_to[*n]);
    let rest = (0..lost.len()).filter(|n| lost[*n]);
    let mut claimed = vec![false; lost.len()];
    let mut regions = Vec::new();
    let mut stack = Vec::new();
    for first in heads.chain(rest) {
        if claimed[first] {
            continue;
        }
        claimed[first] = true;
        stack.push(first);
        let mut behind = 0;
        while let Some(node) = stack.pop() {
            for next in flow.nodes[node].successors() {
                if lost[next.0] && !std::mem::replace(&mut claimed[next.0], true) {
                    behind += 1;
                    stack.push(next.0);
                }
            }
        }
        regions.push((first, behind));
    }
    regions
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
