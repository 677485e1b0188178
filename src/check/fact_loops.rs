//! Fact loops: questions for facts that go round forever once their facts are known.
//!
//! The walk skips a question whose fact is known and takes the matching choice, without
//! asking. So a cycle made only of fact questions, whose choices along it give each fact a
//! single value, never stops once those values are known, even when every question has
//! another way out. Nodes that cannot reach an end are left to [`crate::check::traps`],
//! and a question with a broken reference was reported already.

use std::collections::{HashMap, HashSet};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::DiGraph;

use crate::check::State;
use crate::check::resolve::Resolved;
use crate::check::traps::reaches_end;
use crate::diagnostic::Kind;
use crate::raw::{RawFlow, RawNode};

pub(super) fn check(state: &mut State) {
    let mut found = Vec::new();
    for (flow, resolved) in state.flows.iter().zip(&state.resolved) {
        let questions = FactQuestions::new(flow, resolved);
        let members: Vec<usize> = (0..questions.fact.len())
            .filter(|i| questions.fact[*i].is_some())
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
                let nodes = path.iter().map(|i| keys[*i].0.value.clone()).collect();
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

/// The fact questions of a flow and the choices between them.
struct FactQuestions<'a> {
    /// Per node: the fact its question records, if it is a fact question that can reach an
    /// end and whose references all resolved.
    fact: Vec<Option<&'a str>>,
    /// Per node: (choice id, next node) for each choice leading to another fact question;
    /// the first choice of an id only, as the walk takes it.
    choices: Vec<Vec<(&'a str, usize)>>,
}

/// A cycle of fact questions, closed (`[a, b, a]`), and the value it gives each fact, in
/// the order the cycle first asks them.
struct FactLoop {
    path: Vec<usize>,
    values: Vec<(String, String)>,
}

impl<'a> FactQuestions<'a> {
    fn new(flow: &'a RawFlow, resolved: &'a Resolved) -> Self {
        let ends = reaches_end(flow, resolved);
        let nodes = || flow.nodes.0.iter().zip(&resolved.nodes).enumerate();
        let fact: Vec<Option<&str>> = nodes()
            .map(|(i, ((_, raw), links))| match raw {
                RawNode::Ask {
                    fact: Some(fact), ..
                } if ends[i] && !links.broken => Some(fact.value.as_str()),
                _ => None,
            })
            .collect();
        let choices = nodes()
            .map(|(i, ((_, raw), links))| match (raw, fact[i]) {
                (RawNode::Ask { choices, .. }, Some(_)) => {
                    let mut seen = HashSet::new();
                    (choices.iter().zip(&links.next))
                        .filter_map(|(choice, next)| {
                            Some((choice.id.value.as_str(), next.as_ref()?.0))
                        })
                        .filter(|(id, next)| seen.insert(*id) && fact[*next].is_some())
                        .collect()
                }
                _ => Vec::new(),
            })
            .collect();
        FactQuestions { fact, choices }
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
            let fact = self.fact[node].expect("only fact questions are searched");
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
            let fact = self.fact[node].expect("only fact questions are searched");
            if !values.iter().any(|(f, _)| f == fact) {
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
