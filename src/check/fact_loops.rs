//! Fact loops: questions for facts that go round forever once their facts are known.
//!
//! The walk skips a question whose fact is known and takes the matching choice, without
//! asking. So a cycle made only of fact questions, whose choices along it give each fact a
//! single value, never stops once those values are known, even when every question has
//! another way out. An input whose fact is known is passed the same way, and so is a call
//! whose subflow can return without asking anything: such nodes sit on a cycle without
//! fixing a value. Nodes that cannot reach an end are left to [`crate::check::traps`],
//! and a question with a broken reference was reported already.

use std::collections::{HashMap, HashSet};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::DiGraph;

use crate::check::State;
use crate::check::resolve::{Links, Resolved};
use crate::check::traps::reaches_end;
use crate::diagnostic::Kind;
use crate::raw::{RawFlow, RawNode, RawOutcome};
use crate::source::Sources;

pub(super) fn check(state: &mut State) {
    let src = &state.sources;
    let mut found = Vec::new();
    let returns = returns_by_itself(state);
    for (flow, resolved) in state.flows.iter().zip(&state.resolved) {
        let questions = FactQuestions::new(src, flow, resolved, &returns);
        let members: Vec<usize> = (0..questions.member.len())
            .filter(|i| questions.member[*i])
            .collect();
        let mut loops = Vec::new();
        let mut budget = SEARCH_BUDGET;
        questions.find_loops(&members, &HashMap::new(), &mut budget, &mut loops);
        loops.sort_by_key(|l| l.path[0]);
        // Several values can lead round the same questions: one report for them.
        let mut reported = HashSet::new();
        let keys = &flow.nodes.0;
        for FactLoop { path, values } in loops {
            let mut members = path[1..].to_vec();
            members.sort_unstable();
            if reported.insert(members) {
                let nodes = path
                    .iter()
                    .map(|i| keys[*i].0.read(src).to_string())
                    .collect();
                found.push((keys[path[0]].0.span, Kind::FactLoop { values, nodes }));
            }
        }
    }
    state.report(found);
}

/// How many component searches [`check`] may run per flow. Each fact with several
/// values on a cycle splits the search, so a contrived flow could need exponentially many;
/// real flows ask a handful of facts and need a few.
const SEARCH_BUDGET: usize = 1_000;

/// Per flow: whether a walk entering it can come back out to its caller without asking
/// anything, for some facts. Callees are judged before their callers; a flow on a call
/// cycle (reported already) never returns.
fn returns_by_itself(state: &State) -> Vec<bool> {
    let count = state.flows.len();
    let callees = |flow: usize| {
        state.resolved[flow]
            .nodes
            .iter()
            .filter_map(|links| links.call.flatten().map(|c| c.0))
    };
    // Kahn's algorithm over "calls": a flow is ready once every flow it calls is judged.
    let mut waiting: Vec<usize> = (0..count).map(|f| callees(f).count()).collect();
    let mut callers = vec![Vec::new(); count];
    for flow in 0..count {
        for callee in callees(flow) {
            callers[callee].push(flow);
        }
    }
    let mut ready: Vec<usize> = (0..count).filter(|f| waiting[*f] == 0).collect();
    let mut returns = vec![false; count];
    while let Some(flow) = ready.pop() {
        returns[flow] = passes(&state.flows[flow], &state.resolved[flow], &returns);
        for &caller in &callers[flow] {
            waiting[caller] -= 1;
            if waiting[caller] == 0 {
                ready.push(caller);
            }
        }
    }
    returns
}

/// Whether a walk from the flow's start can reach a `Resolved` or `Info` end through nodes
/// that are passed without asking: fact questions (any value), inputs, calls that return.
fn passes(flow: &RawFlow, resolved: &Resolved, returns: &[bool]) -> bool {
    let Some(start) = resolved.start else {
        return false;
    };
    let nodes = &flow.nodes.0;
    let mut seen = vec![false; nodes.len()];
    let mut stack = vec![start.0];
    while let Some(node) = stack.pop() {
        if std::mem::replace(&mut seen[node], true) {
            continue;
        }
        let links = &resolved.nodes[node];
        match &nodes[node].1 {
            RawNode::End { outcome, .. } if *outcome != RawOutcome::Escalate => return true,
            RawNode::Ask { fact: Some(_), .. } => stack.extend(links.successors().map(|n| n.0)),
            RawNode::Input { .. } => {
                stack.extend(links.next.first().copied().flatten().map(|n| n.0))
            }
            RawNode::Call { .. } if called_returns(links, returns) => {
                stack.extend(links.successors().map(|n| n.0))
            }
            _ => {}
        }
    }
    false
}

fn called_returns(links: &Links, returns: &[bool]) -> bool {
    matches!(links.call, Some(Some(callee)) if returns[callee.0])
}

/// The nodes of a flow a walk can pass without asking, and the choices between them.
struct FactQuestions<'a> {
    /// Per node: whether it is passed without asking once facts are known (a fact
    /// question, an input, a call whose subflow returns by itself), can reach an end and
    /// has all its references resolved.
    member: Vec<bool>,
    /// Per node: the fact its question records, for a fact question; the walk takes the
    /// choice of the fact's value. Inputs and calls fix no value.
    fact: Vec<Option<&'a str>>,
    /// Per node: (choice id, next node) for each way on to another member; the first
    /// choice of an id only, as the walk takes it.
    choices: Vec<Vec<(&'a str, usize)>>,
}

/// A cycle of fact questions, closed (`[a, b, a]`), and the value it gives each fact, in
/// the order the cycle first asks them.
struct FactLoop {
    path: Vec<usize>,
    values: Vec<(String, String)>,
}

impl<'a> FactQuestions<'a> {
    fn new(src: &'a Sources, flow: &'a RawFlow, resolved: &'a Resolved, returns: &[bool]) -> Self {
        let ends = reaches_end(flow, resolved);
        let nodes = || flow.nodes.0.iter().zip(&resolved.nodes).enumerate();
        let fact: Vec<Option<&str>> = nodes()
            .map(|(_, ((_, raw), _))| match raw {
                RawNode::Ask {
                    fact: Some(fact), ..
                } => Some(fact.read(src)),
                _ => None,
            })
            .collect();
        let member: Vec<bool> = nodes()
            .map(|(i, ((_, raw), links))| {
                ends[i]
                    && !links.broken
                    && match raw {
                        RawNode::Ask { fact, .. } => fact.is_some(),
                        RawNode::Input { .. } => true,
                        RawNode::Call { .. } => called_returns(links, returns),
                        _ => false,
                    }
            })
            .collect();
        let choices = nodes()
            .map(|(i, ((_, raw), links))| {
                if !member[i] {
                    return Vec::new();
                }
                let ways: Vec<(&str, usize)> = match raw {
                    RawNode::Ask { choices, .. } => {
                        let mut seen = HashSet::new();
                        (choices.iter().zip(&links.next))
                            .filter_map(|(choice, next)| {
                                Some((choice.id.read(src), next.as_ref()?.0))
                            })
                            .filter(|(id, _)| seen.insert(*id))
                            .collect()
                    }
                    // A known input takes its first way, the value typed; a call its `then`.
                    _ => links
                        .next
                        .first()
                        .copied()
                        .flatten()
                        .map(|n| ("", n.0))
                        .into_iter()
                        .collect(),
                };
                ways.into_iter().filter(|(_, next)| member[*next]).collect()
            })
            .collect();
        FactQuestions {
            member,
            fact,
            choices,
        }
    }

    /// The choices of `node` a walk can take inside `members` when `fixed` facts have those
    /// values.
    fn taken<'s>(
        &'s self,
        node: usize,
        members: &'s HashSet<usize>,
        fixed: &'s HashMap<&'a str, &'a str>,
    ) -> impl Iterator<Item = (&'a str, usize)> + 's {
        let value = self.fact[node].and_then(|fact| fixed.get(fact));
        self.choices[node]
            .iter()
            .filter(move |(id, next)| {
                members.contains(next) && value.is_none_or(|value| value == id)
            })
            .copied()
    }

    /// Splits `members` into strongly connected components of the choices allowed by
    /// `fixed`. A component where some fact still takes several values is searched again
    /// once per value; one where every fact takes a single value is a cycle: each of its
    /// questions has exactly one way onwards.
    fn find_loops(
        &self,
        members: &[usize],
        fixed: &HashMap<&'a str, &'a str>,
        budget: &mut usize,
        out: &mut Vec<FactLoop>,
    ) {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let set: HashSet<usize> = members.iter().copied().collect();
        let mut graph = DiGraph::<usize, ()>::new();
        let indices: HashMap<usize, _> = members.iter().map(|m| (*m, graph.add_node(*m))).collect();
        for &node in members {
            for (_, next) in self.taken(node, &set, fixed) {
                graph.update_edge(indices[&node], indices[&next], ());
            }
        }
        for component in kosaraju_scc(&graph) {
            let mut component: Vec<usize> = component.iter().map(|i| graph[*i]).collect();
            component.sort_unstable();
            let inside: HashSet<usize> = component.iter().copied().collect();
            let first = component[0];
            let cycles =
                component.len() > 1 || self.taken(first, &inside, fixed).any(|(_, n)| n == first);
            if !cycles {
                continue;
            }
            match self.undecided(&component, &inside, fixed) {
                Some((fact, values)) => {
                    for value in values {
                        let mut fixed = fixed.clone();
                        fixed.insert(fact, value);
                        self.find_loops(&component, &fixed, budget, out);
                    }
                }
                None => out.push(self.follow(first, &inside, fixed)),
            }
        }
    }

    /// The first fact, in node order, that takes more than one value inside `component`,
    /// with those values in the order its questions offer them.
    fn undecided(
        &self,
        component: &[usize],
        inside: &HashSet<usize>,
        fixed: &HashMap<&'a str, &'a str>,
    ) -> Option<(&'a str, Vec<&'a str>)> {
        let mut values: HashMap<&str, Vec<&str>> = HashMap::new();
        for &node in component {
            let Some(fact) = self.fact[node] else {
                continue;
            };
            let seen = values.entry(fact).or_default();
            for (id, _) in self.taken(node, inside, fixed) {
                if !seen.contains(&id) {
                    seen.push(id);
                }
            }
        }
        component
            .iter()
            .filter_map(|node| self.fact[*node])
            .find(|fact| values[fact].len() > 1)
            .map(|fact| (fact, values.remove(fact).unwrap_or_default()))
    }

    /// The cycle from `first` in a component where every question has one way onwards.
    fn follow(
        &self,
        first: usize,
        inside: &HashSet<usize>,
        fixed: &HashMap<&'a str, &'a str>,
    ) -> FactLoop {
        let mut path = vec![first];
        let mut values: Vec<(String, String)> = Vec::new();
        let mut node = first;
        for _ in 0..inside.len() {
            let (id, next) = self
                .taken(node, inside, fixed)
                .next()
                .expect("every question of a strongly connected component has a way onwards");
            if let Some(fact) = self.fact[node]
                && !values.iter().any(|(f, _)| f == fact)
            {
                values.push((fact.to_string(), id.to_string()));
            }
            path.push(next);
            if next == first {
                return FactLoop { path, values };
            }
            node = next;
        }
        unreachable!("one way onwards from each question of a component makes a cycle of all")
    }
}
