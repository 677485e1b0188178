//! Properties of the walker and the checker, over generated inputs.
//!
//! - Replaying answers is the same as giving them one at a time, and `back` is the same as
//!   replaying one answer fewer: `watchfix step` and resumed sessions rebuild a walk from
//!   its answers, so they must land where the live walk stood.
//! - The checker's verdict on small random flows agrees with a brute-force search: a
//!   graph comes out only when every reachable node can still reach an end, and a trap it
//!   names really has no way out.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use watchfix::check::check;
use watchfix::diagnostic::{Code, Kind};
use watchfix::graph::{FlowId, Graph};
use watchfix::load::{self, Loaded};
use watchfix::walk::{Facts, TrailEntry, View, ViewKind, Walk};

fn shipped() -> &'static Graph {
    use std::sync::OnceLock;
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(|| {
        check(load::embedded())
            .graph
            .expect("the shipped trees are valid")
    })
}

/// The answer a person could give at the walk's current node, picked by `pick`.
fn answer_for(view: &View, pick: usize) -> String {
    match (&view.kind, &view.input) {
        (ViewKind::Input, Some(input)) => match (&input.example, &input.skip) {
            (Some(example), Some(_)) if pick.is_multiple_of(2) => example.clone(),
            (Some(example), None) => example.clone(),
            _ => "skip".to_string(),
        },
        _ => view.choices[pick % view.choices.len()].id.clone(),
    }
}

type Snapshot = (View, Vec<TrailEntry>, Facts);

fn snapshot(walk: &Walk) -> Snapshot {
    (walk.current(), walk.trail().to_vec(), walk.facts().clone())
}

/// Choice facts given up front: for each fact, maybe one of its values.
fn given_facts(graph: &Graph, picks: &[Option<usize>]) -> Facts {
    graph
        .facts()
        .iter()
        .filter(|f| !f.values.is_empty())
        .zip(picks)
        .filter_map(|(fact, pick)| {
            pick.map(|p| {
                (
                    fact.id.clone(),
                    fact.values[p % fact.values.len()].0.clone(),
                )
            })
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn replaying_answers_equals_answering_one_by_one(
        flow in 0usize..64,
        facts in prop::collection::vec(prop::option::weighted(0.3, 0usize..16), 16),
        picks in prop::collection::vec(0usize..16, 0..40),
    ) {
        let graph = shipped();
        let flows: Vec<FlowId> = graph.flows().map(|(id, _)| id).collect();
        let flow = flows[flow % flows.len()];
        let given = given_facts(graph, &facts);
        let mut walk = Walk::new(graph, flow, given.clone()).expect("valid facts start a walk");
        let mut snapshots = vec![snapshot(&walk)];
        let mut answers: Vec<String> = Vec::new();
        for pick in picks {
            if walk.is_finished() {
                break;
            }
            let answer = answer_for(&walk.current(), pick);
            walk.answer(&answer).expect("a listed choice is accepted");
            answers.push(answer);
            snapshots.push(snapshot(&walk));
        }
        for n in 0..=answers.len() {
            let mut fresh = Walk::new(graph, flow, given.clone()).unwrap();
            for answer in &answers[..n] {
                fresh.answer(answer).expect("replayed answers are accepted");
            }
            prop_assert_eq!(&snapshot(&fresh), &snapshots[n], "replaying {} answers", n);
            if n > 0 {
                prop_assert!(fresh.back());
                prop_assert_eq!(&snapshot(&fresh), &snapshots[n - 1], "back after {} answers", n);
            } else {
                prop_assert!(!fresh.back());
            }
        }
    }
}

/// One node of a generated flow: `Ask` with its choices' targets, `Step` with fixed and
/// not fixed, or `End`.
#[derive(Debug, Clone)]
enum Gen {
    Ask(Vec<usize>),
    Step(usize, usize),
    End,
}

impl Gen {
    fn successors(&self) -> Vec<usize> {
        match self {
            Gen::Ask(next) => next.clone(),
            Gen::Step(fixed, not_fixed) => vec![*fixed, *not_fixed],
            Gen::End => Vec::new(),
        }
    }
}

fn small_flow() -> impl Strategy<Value = Vec<Gen>> {
    (1usize..9).prop_flat_map(|n| {
        let node = prop_oneof![
            3 => prop::collection::vec(0..n, 1..4).prop_map(Gen::Ask),
            2 => (0..n, 0..n).prop_map(|(a, b)| Gen::Step(a, b)),
            1 => Just(Gen::End),
        ];
        prop::collection::vec(node, n)
    })
}

fn ron_text(nodes: &[Gen]) -> String {
    let name = |i: usize| format!("\"n{i}\"");
    let mut text = String::from(
        "Flow(id: \"gen\", title: \"Generated\", category: \"Test\", symptoms: [\"gen\"], \
         start: \"n0\", nodes: {\n",
    );
    for (i, node) in nodes.iter().enumerate() {
        let body = match node {
            Gen::Ask(next) => {
                let choices: Vec<String> = next
                    .iter()
                    .enumerate()
                    .map(|(c, n)| {
                        format!("(id: \"c{c}\", label: \"Choice {c}\", next: {})", name(*n))
                    })
                    .collect();
                format!(
                    "Ask(text: \"Question {i}?\", choices: [{}])",
                    choices.join(", ")
                )
            }
            Gen::Step(fixed, not_fixed) => format!(
                "Step(text: \"Do {i}.\", fixed: {}, not_fixed: {}, done: \"Did {i}\")",
                name(*fixed),
                name(*not_fixed)
            ),
            Gen::End => format!("End(outcome: Info, text: \"End {i}.\")"),
        };
        text.push_str(&format!("    {}: {body},\n", name(i)));
    }
    text.push_str("}, scenarios: [(name: \"start\", answers: [], outcome: Info)])\n");
    text
}

/// Per node: whether some End can be reached from it.
fn reaches_end(nodes: &[Gen]) -> Vec<bool> {
    (0..nodes.len())
        .map(|from| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from];
            while let Some(i) = stack.pop() {
                if !seen.insert(i) {
                    continue;
                }
                if matches!(nodes[i], Gen::End) {
                    return true;
                }
                stack.extend(nodes[i].successors());
            }
            false
        })
        .collect()
}

fn reachable_from_start(nodes: &[Gen]) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![0];
    while let Some(i) = stack.pop() {
        if seen.insert(i) {
            stack.extend(nodes[i].successors());
        }
    }
    seen
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn checker_agrees_with_brute_force_on_traps(nodes in small_flow()) {
        let text = ron_text(&nodes);
        let mut loaded = Loaded::default();
        loaded.add("gen.ron", &text);
        let checked = check(loaded);
        let ends = reaches_end(&nodes);
        let index: BTreeMap<String, usize> =
            (0..nodes.len()).map(|i| (format!("n{i}"), i)).collect();
        let mut trapped = BTreeSet::new();
        for diagnostic in &checked.diagnostics {
            if diagnostic.code() == Code::TrapCycle {
                let Kind::TrapCycle { nodes: names } = &diagnostic.kind else {
                    panic!("E0019 is a trap");
                };
                prop_assert!(!names.is_empty());
                for name in names {
                    let i = index[name.as_str()];
                    prop_assert!(!ends[i], "{} is named in a trap but reaches an end\n{}", name, text);
                    trapped.insert(i);
                }
            }
        }
        match &checked.graph {
            Some(_) => {
                for i in reachable_from_start(&nodes) {
                    prop_assert!(ends[i], "n{} reaches no end, yet the flow checked\n{}", i, text);
                }
            }
            None => {
                let others: Vec<String> = checked
                    .diagnostics
                    .iter()
                    .filter(|d| d.code() != Code::TrapCycle && d.severity() == watchfix::diagnostic::Severity::Error)
                    .map(|d| d.message())
                    .collect();
                // Every refusal is a trap, and only a flow with a trap is refused.
                prop_assert!(others.is_empty(), "unexpected errors {:?}\n{}", others, text);
                prop_assert!(!trapped.is_empty(), "refused without a trap\n{}", text);
            }
        }
        // Any node without a way to an end lies in or leads into a reported trap.
        if ends.iter().any(|e| !e) {
            prop_assert!(!trapped.is_empty(), "a node reaches no end but no trap is reported\n{}", text);
        }
    }
}
