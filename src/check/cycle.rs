//! Naming a cycle once a strongly connected component shows there is one.
//!
//! The passes that look for cycles (flows that call each other, nodes with no way to an
//! end) find components with petgraph's Kosaraju, whose Tarjan recurses and would overflow
//! the stack on a long chain; a report then names one cycle through the component's first
//! member, as just does: `a -> b -> a`.

use std::collections::HashSet;

/// A cycle through `first` that stays inside `members` (a strongly connected component
/// holding one), closed: `[a, b, a]`. Depth-first without recursion: a component can span
/// thousands of nodes.
pub(super) fn path(
    first: usize,
    members: &[usize],
    successors: impl Fn(usize) -> Vec<usize>,
) -> Vec<usize> {
    let members: HashSet<usize> = members.iter().copied().collect();
    let mut visited = HashSet::from([first]);
    // The path so far, each node with the successors it has yet to try.
    let mut stack = vec![(first, successors(first).into_iter())];
    while let Some((_, untried)) = stack.last_mut() {
        match untried.next() {
            Some(next) if next == first => {
                let mut path: Vec<usize> = stack.iter().map(|(node, _)| *node).collect();
                path.push(first);
                return path;
            }
            Some(next) if members.contains(&next) && visited.insert(next) => {
                stack.push((next, successors(next).into_iter()));
            }
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    unreachable!("a strongly connected component has a cycle through each of its members")
}
