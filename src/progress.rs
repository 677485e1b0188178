//! How far a walk has to go: the fewest and the most things the person may still have to
//! do or answer before the walk ends, from where it stands and with the facts it knows.
//!
//! Computed from the checked graph alone, the way the walker would move: a question whose
//! fact is known (or becomes known on the way) is answered for the person and costs
//! nothing, a `Call` enters its subflow, a subflow's resolved or info end returns to the
//! caller, and an escalate end, or any end of the outermost flow, ends the walk. A way
//! that comes back to a node it already passed is a loop the person may take any number
//! of times; it is not counted, so "at most" is the longest way that does not repeat
//! itself. The search is bounded: an estimate too costly to make is `None`.
//!
//! Ways that meet again (two answers that lead to the same step) are searched once: the
//! estimate from a place, with the facts known there, is kept when the search below it
//! never ran into the path that led to it, since then no other path changes it.

use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::{FlowId, Graph, Node, NodeId, NodeKind, Outcome};
use crate::walk::Walk;

/// The things left to do or answer, the current node included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remaining {
    pub fewest: usize,
    pub most: usize,
}

/// Nodes the estimate may look at before it gives up.
const BUDGET: usize = 200_000;

/// The longest way looked at, in questions and steps: far beyond any real flow, and well
/// within the stack.
const MAX_DEPTH: usize = 1_000;

/// The remaining work of `walk`; `None` when the walk has ended or the estimate would
/// cost too much.
pub fn remaining(walk: &Walk) -> Option<Remaining> {
    estimate(walk, true).0
}

/// The estimate, and whether the search ran out of budget on the way (then it may have
/// missed ways).
fn estimate(walk: &Walk, memoize: bool) -> (Option<Remaining>, bool) {
    if walk.is_finished() {
        return (None, false);
    }
    let (flow, node) = walk.position();
    let mut search = Search {
        graph: walk.graph(),
        budget: BUDGET,
        on_path: FxHashSet::default(),
        known: memoize.then(FxHashMap::default),
        met_path: false,
    };
    let at = Place {
        flow,
        node,
        stack: stack_of(walk),
    };
    let mut facts: Known = (walk.facts().iter())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let found = search.from(at, &mut facts);
    (found, search.budget == 0)
}

/// The facts known on a way, sorted by fact: few, so a sorted list is the cheapest map.
type Known<'a> = Vec<(&'a str, &'a str)>;

fn known<'a>(facts: &Known<'a>, fact: &str) -> Option<&'a str> {
    facts.iter().find(|(k, _)| *k == fact).map(|(_, v)| *v)
}

/// The callers waiting for the subflow the walk is in, rebuilt from the visits: each
/// `Call` passed pushes its `then`, each subflow end passed (other than the last visit,
/// which is where the walk stands) returns to it.
fn stack_of(walk: &Walk) -> Stack {
    let graph = walk.graph();
    let visits = walk.visits();
    let mut stack = None;
    for visit in &visits[..visits.len().saturating_sub(1)] {
        match graph.flow(visit.flow).node(visit.node).kind {
            NodeKind::Call { then, .. } => stack = push(stack, visit.flow, then),
            NodeKind::End { .. } => stack = stack.and_then(|frame| frame.up.clone()),
            _ => {}
        }
    }
    stack
}

/// The callers waiting, innermost first, shared between the ways that branch from one
/// place: a way that enters a subflow adds a frame without copying the others.
type Stack = Option<Rc<Frame>>;

#[derive(Debug, PartialEq, Eq, Hash)]
struct Frame {
    flow: FlowId,
    then: NodeId,
    up: Stack,
}

fn push(stack: Stack, flow: FlowId, then: NodeId) -> Stack {
    Some(Rc::new(Frame {
        flow,
        then,
        up: stack,
    }))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Place {
    flow: FlowId,
    node: NodeId,
    stack: Stack,
}

struct Search<'g> {
    graph: &'g Graph,
    budget: usize,
    on_path: FxHashSet<Place>,
    /// Estimates that hold whatever the path to them: from a place with these facts.
    known: Option<FxHashMap<(Place, Known<'g>), Option<Remaining>>>,
    /// Whether the search since this was last cleared ran into the path, the depth limit
    /// or the budget: then what it found depends on how it got here.
    met_path: bool,
}

impl<'g> Search<'g> {
    /// The fewest and most actions from `at` to an end; `None` when every way from here
    /// loops back onto the path, or the budget ran out.
    fn from(&mut self, mut at: Place, facts: &mut Known<'g>) -> Option<Remaining> {
        // Moves the walker makes by itself, until the person has something to do.
        loop {
            let Some(budget) = self.budget.checked_sub(1) else {
                self.met_path = true;
                return None;
            };
            self.budget = budget;
            if self.on_path.contains(&at) || self.on_path.len() > MAX_DEPTH {
                self.met_path = true;
                return None;
            }
            let graph = self.graph;
            let node = graph.flow(at.flow).node(at.node);
            at = match &node.kind {
                NodeKind::End { outcome, .. } => match at.stack {
                    Some(frame) if *outcome != Outcome::Escalate => Place {
                        flow: frame.flow,
                        node: frame.then,
                        stack: frame.up.clone(),
                    },
                    _ => return Some(Remaining { fewest: 0, most: 0 }),
                },
                NodeKind::Call { flow, then } => Place {
                    flow: *flow,
                    node: graph.flow(*flow).start,
                    stack: push(at.stack, at.flow, *then),
                },
                NodeKind::Ask {
                    fact: Some(fact),
                    choices,
                    ..
                } if known(facts, fact).is_some() => {
                    let value = known(facts, fact);
                    let next = choices.iter().find(|c| Some(c.id.as_str()) == value)?.next;
                    Place { node: next, ..at }
                }
                NodeKind::Input { fact, choices, .. } if known(facts, fact).is_some() => Place {
                    node: choices.first()?.next,
                    ..at
                },
                _ => return self.branch(at, node, facts),
            };
        }
    }

    /// One action at `node`, then the best and worst of the ways on; kept when no way
    /// from here met the path.
    fn branch(&mut self, at: Place, node: &'g Node, facts: &mut Known<'g>) -> Option<Remaining> {
        let key = self.known.as_ref().map(|_| (at.clone(), facts.clone()));
        if let Some(found) = (self.known.as_ref().zip(key.as_ref())).and_then(|(k, key)| k.get(key))
        {
            return *found;
        }
        let met_before = std::mem::replace(&mut self.met_path, false);
        let found = self.ways(at, node, facts);
        if let (Some(known), Some(key), false) = (&mut self.known, key, self.met_path) {
            known.insert(key, found);
        }
        self.met_path |= met_before;
        found
    }

    fn ways(&mut self, at: Place, node: &'g Node, facts: &mut Known<'g>) -> Option<Remaining> {
        // What taking a choice teaches: a question's fact is its answer; a typed value
        // makes the fact known, skipping leaves it unknown.
        let (fact, typed_only) = match &node.kind {
            NodeKind::Ask { fact, .. } => (fact.as_deref(), false),
            NodeKind::Input { fact, .. } => (Some(fact.as_str()), true),
            _ => (None, false),
        };
        self.on_path.insert(at.clone());
        let mut total: Option<Remaining> = None;
        for choice in node.choices() {
            let learnt = fact.filter(|_| !typed_only || choice.id == crate::graph::TYPED);
            let added = learnt.map(|fact| {
                let at = facts.partition_point(|(k, _)| *k < fact);
                facts.insert(at, (fact, choice.id.as_str()));
                at
            });
            let place = Place {
                node: choice.next,
                ..at.clone()
            };
            let way = self.from(place, facts);
            if let Some(index) = added {
                facts.remove(index);
            }
            if let Some(way) = way {
                total = Some(match total {
                    None => way,
                    Some(t) => Remaining {
                        fewest: t.fewest.min(way.fewest),
                        most: t.most.max(way.most),
                    },
                });
            }
            if self.budget == 0 {
                self.met_path = true;
                break;
            }
        }
        self.on_path.remove(&at);
        total.map(|t| Remaining {
            fewest: t.fewest + 1,
            most: t.most + 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::walk::{Facts, ViewKind};

    /// Every walk of the shipped flows up to a few answers deep, with and without facts:
    /// the estimate that keeps what it found equals the one that searches every way anew.
    #[test]
    fn kept_estimates_equal_a_full_search() {
        let graph = crate::compiled::embedded();
        let (mut compared, mut cut_short) = (0, 0);
        for given in [
            Facts::new(),
            Facts::from([("phone_os".into(), "ios".into())]),
        ] {
            for (flow, _) in graph.flows() {
                let mut stack = vec![Vec::<String>::new()];
                while let Some(answers) = stack.pop() {
                    let mut walk = Walk::new(&graph, flow, given.clone()).expect("it starts");
                    for answer in &answers {
                        walk.answer(answer).expect("an answer it offered");
                    }
                    let (kept, kept_out) = estimate(&walk, true);
                    let (full, full_out) = estimate(&walk, false);
                    assert!(!kept_out, "{} after {answers:?}", graph.flow(flow).id);
                    if !full_out {
                        assert_eq!(kept, full, "{} after {answers:?}", graph.flow(flow).id);
                        compared += 1;
                    } else {
                        cut_short += 1;
                    }
                    let view = walk.current();
                    if answers.len() < 4 && view.kind != ViewKind::Input {
                        for choice in &view.choices {
                            let mut next = answers.clone();
                            next.push(choice.id.clone());
                            stack.push(next);
                        }
                    }
                }
            }
        }
        assert!(compared > 1_000, "{compared} walks compared");
        eprintln!("{compared} compared, {cut_short} where a full search runs out");
    }
}
