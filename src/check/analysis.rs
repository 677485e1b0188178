//! Graph passes over resolved flows: subflow recursion, unreachable nodes, trap cycles
//! (nodes from which no end can be reached) and fact loops (questions for known facts that
//! skip to each other forever).
//!
//! Strongly connected components come from petgraph (Kosaraju: its Tarjan recurses, and a
//! long chain of nodes would overflow the stack). A node whose own reference is broken
//! was already reported, so it counts as able to reach an end: one typo, one diagnostic.
//! Every pass is linear in the size of the flow, or close to it: trees can be big.

use std::collections::{HashMap, HashSet};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::DiGraph;

use crate::check::Resolved;
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
    for component in kosaraju_scc(&graph) {
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

/// A cycle through `first` that stays inside `members` (a strongly connected component
/// holding one), closed: `[a, b, a]`. Depth-first without recursion: a component can span
/// thousands of nodes.
fn cycle_path(
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

/// Nodes no walk from `start` can reach (a warning).
pub(crate) fn reachability(flow: &Resolved, out: &mut Vec<Diagnostic>) {
    if !flow.start_ok {
        return;
    }
    let reached = reachable_from(flow, flow.flow.start);
    let mut ids = HashSet::new();
    for (index, node) in flow.flow.nodes.iter().enumerate() {
        // A second node with the same id can never be named; it is reported as a duplicate.
        let duplicate = !ids.insert(node.id.as_str());
        if !reached[index] && !duplicate {
            out.push(
                Diagnostic::new(
                    Code::Unreachable,
                    node.span,
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

/// Per node: whether a walk from it can reach an end. Broken nodes count as able to.
fn reaches_end(flow: &Resolved) -> Vec<bool> {
    let nodes = &flow.flow.nodes;
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
    ends
}

/// Cycles of nodes from which no end can be reached: a walk that enters one never ends.
pub(crate) fn traps(flow: &Resolved, out: &mut Vec<Diagnostic>) {
    let nodes = &flow.flow.nodes;
    let ends = reaches_end(flow);
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
    for component in kosaraju_scc(&graph) {
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
                nodes[first].span,
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

/// Questions for facts that go round forever once their facts are known.
///
/// The walk skips a question whose fact is known and takes the matching choice, without
/// asking. So a cycle made only of fact questions, whose choices along it give each fact a
/// single value, never stops once those values are known, even when every question has
/// another way out. Nodes that cannot reach an end are left to [`traps`].
pub(crate) fn fact_loops(flow: &Resolved, out: &mut Vec<Diagnostic>) {
    let questions = FactQuestions::new(flow);
    let members: Vec<usize> = (0..questions.fact.len())
        .filter(|i| questions.fact[*i].is_some())
        .collect();
    let mut loops = Vec::new();
    let mut budget = SEARCH_BUDGET;
    questions.find_loops(&members, &HashMap::new(), &mut budget, &mut loops);
    loops.sort_by_key(|l| l.path[0]);
    let mut reported = HashSet::new();
    let nodes = &flow.flow.nodes;
    for found in loops {
        let mut members = found.path[1..].to_vec();
        members.sort_unstable();
        if !reported.insert(members) {
            continue;
        }
        let names: Vec<&str> = found.path.iter().map(|i| nodes[*i].id.as_str()).collect();
        let values: Vec<String> = found
            .values
            .iter()
            .map(|(fact, value)| format!("{fact} is {value}"))
            .collect();
        out.push(
            Diagnostic::new(
                Code::FactLoop,
                nodes[found.path[0]].span,
                format!(
                    "these questions go round forever when {}: {}",
                    values.join(" and "),
                    names.join(" -> ")
                ),
            )
            .label("once the facts are known, each question is skipped to the next")
            .help("a question for a known fact is skipped with the known answer: point one of these choices at a step, an end, or a question the walk has to ask"),
        );
    }
}

/// How many component searches [`fact_loops`] may run per flow. Each fact with several
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
struct FactLoop<'a> {
    path: Vec<usize>,
    values: Vec<(&'a str, &'a str)>,
}

impl<'a> FactQuestions<'a> {
    fn new(flow: &'a Resolved) -> Self {
        let ends = reaches_end(flow);
        let nodes = &flow.flow.nodes;
        let fact: Vec<Option<&str>> = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| match &node.kind {
                NodeKind::Ask {
                    fact: Some(fact), ..
                } if ends[i] && !flow.broken[i] => Some(fact.as_str()),
                _ => None,
            })
            .collect();
        let choices = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let mut seen = HashSet::new();
                match fact[i] {
                    None => Vec::new(),
                    Some(_) => node
                        .choices()
                        .iter()
                        .filter(|c| seen.insert(c.id.as_str()) && fact[c.next.0].is_some())
                        .map(|c| (c.id.as_str(), c.next.0))
                        .collect(),
                }
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
        out: &mut Vec<FactLoop<'a>>,
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
    ) -> FactLoop<'a> {
        let mut path = vec![first];
        let mut values: Vec<(&str, &str)> = Vec::new();
        let mut node = first;
        for _ in 0..inside.len() {
            let (id, next) = self
                .taken(node, inside, fixed)
                .next()
                .expect("every question of a strongly connected component has a way onwards");
            let fact = self.fact[node].expect("only fact questions are searched");
            if !values.iter().any(|(f, _)| *f == fact) {
                values.push((fact, id));
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

#[cfg(test)]
mod tests {
    use crate::check::check;
    use crate::diagnostic::Code;
    use crate::load::Loaded;

    const FACTS: &str = r#"Facts(facts: {
        "phone_os": (name: "Phone", question: "Phone?", values: {"android": "Android", "ios": "iPhone"}),
        "model": (name: "Model", question: "Model?", values: {"m3": "M3", "t3": "T3"}),
    })"#;

    /// The messages of every `code` diagnostic for a flow made of `nodes`, starting at `a`.
    fn messages(code: Code, nodes: &str) -> Vec<String> {
        let mut loaded = Loaded::default();
        loaded.add("facts.ron", FACTS);
        let flow = format!(
            r#"Flow(id: "f", title: "F", category: "C", start: "a", nodes: {{
                {nodes}
                "done": End(outcome: Resolved, text: "Done."),
            }}, scenarios: [(name: "s", expect: "done")])"#
        );
        loaded.add("f.ron", &flow);
        check(loaded)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == code)
            .map(|d| d.message)
            .collect()
    }

    fn ask(id: &str, fact: &str, choices: &[(&str, &str)]) -> String {
        let choices: Vec<String> = choices
            .iter()
            .map(|(value, next)| format!(r#"(id: "{value}", label: "L", next: "{next}")"#))
            .collect();
        format!(
            r#""{id}": Ask(fact: "{fact}", text: "?", choices: [{}]),"#,
            choices.join(", ")
        )
    }

    #[test]
    fn a_question_that_leads_back_to_itself_loops() {
        let nodes = ask("a", "phone_os", &[("android", "a"), ("ios", "done")]);
        assert_eq!(
            messages(Code::FactLoop, &nodes),
            ["these questions go round forever when phone_os is android: a -> a"]
        );
    }

    #[test]
    fn a_cycle_that_changes_its_answer_does_not_loop() {
        let nodes = [
            ask("a", "phone_os", &[("android", "b"), ("ios", "done")]),
            ask("b", "phone_os", &[("android", "done"), ("ios", "a")]),
        ];
        assert_eq!(messages(Code::FactLoop, &nodes.concat()), [] as [&str; 0]);
    }

    #[test]
    fn a_loop_over_several_facts_names_each_value() {
        let nodes = [
            ask("a", "phone_os", &[("android", "done"), ("ios", "b")]),
            ask("b", "model", &[("m3", "c"), ("t3", "done")]),
            ask("c", "phone_os", &[("android", "done"), ("ios", "a")]),
        ];
        assert_eq!(
            messages(Code::FactLoop, &nodes.concat()),
            [
                "these questions go round forever when phone_os is ios and model is m3: a -> b -> c -> a"
            ]
        );
    }

    /// Both values of `phone_os` lead round the same two questions: one report.
    #[test]
    fn one_report_per_set_of_questions() {
        let nodes = [
            ask("a", "phone_os", &[("android", "b"), ("ios", "b")]),
            ask("b", "model", &[("m3", "a"), ("t3", "done")]),
        ];
        assert_eq!(
            messages(Code::FactLoop, &nodes.concat()),
            [
                "these questions go round forever when phone_os is android and model is m3: a -> b -> a"
            ]
        );
    }

    /// A cycle through a step asks the user something each time round; a cycle with no way
    /// out is a trap, reported as such.
    #[test]
    fn only_cycles_of_fact_questions_that_can_end_are_fact_loops() {
        let through_a_step = [
            ask("a", "phone_os", &[("android", "b"), ("ios", "done")]),
            r#""b": Step(text: "Restart.", source: "Q", fixed: "done", not_fixed: "a"),"#.into(),
        ];
        assert_eq!(
            messages(Code::FactLoop, &through_a_step.concat()),
            [] as [&str; 0]
        );
        let trapped = [
            ask("a", "phone_os", &[("android", "b"), ("ios", "b")]),
            ask("b", "phone_os", &[("android", "a"), ("ios", "a")]),
            r#""c": Step(text: "Unused.", source: "Q", fixed: "done", not_fixed: "done"),"#.into(),
        ];
        assert_eq!(messages(Code::FactLoop, &trapped.concat()), [] as [&str; 0]);
        assert_eq!(
            messages(Code::TrapCycle, &trapped.concat()),
            ["no end can be reached from these nodes: a -> b -> a"]
        );
    }

    /// A broken reference resolves to its own node; that is no loop.
    #[test]
    fn a_broken_reference_is_no_loop() {
        let nodes = ask("a", "phone_os", &[("android", "nowhere"), ("ios", "done")]);
        assert_eq!(messages(Code::FactLoop, &nodes), [] as [&str; 0]);
        assert_eq!(messages(Code::UnknownNode, &nodes).len(), 1);
    }
}
