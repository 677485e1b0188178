//! A proof by exhaustion that every walk of every shipped flow ends.
//!
//! The search takes every choice at every node, starting with no facts and with each single
//! known fact value, and follows each path through the real walker (subflows, skipped fact
//! questions and all) until it rests on an end. An input node is answered with its fact's
//! example and, where it may be skipped, with `skip`. It deliberately does not cut cycles:
//! the claim is that every path reaches an end within [`LIMIT`] answers, so a flow the user
//! could go round forever fails here and its author must decide whether that is intended.
//! Along the way every node the walker shows is checked against the SPEC's node shape.
//!
//! The support-details subflow before every escalate end multiplies the paths, so the
//! search is memoized on the walk's state (node, facts and call stack, compared with
//! `Walk::same_state`): what lies beyond a state is the same whichever path led there, so
//! it is followed once and its paths are counted, not walked again.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use watchfix::check::check;
use watchfix::graph::Outcome;
use watchfix::graph::{FlowId, Graph, NodeId, NodeKind};
use watchfix::load::{self, Loaded};
use watchfix::walk::{Facts, ViewKind, Walk};

/// No path may need more answers than this.
const LIMIT: usize = 64;
/// A guard against a combinatorial explosion, far above what the shipped trees need.
const MAX_WALKS: usize = 100_000_000;

fn shipped() -> Graph {
    let checked = check(load::embedded());
    assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics);
    checked.graph.expect("the shipped trees are valid")
}

/// What an exhaustive search found.
#[derive(Debug, Default, Clone)]
struct Search {
    /// Complete walks, one per path.
    walks: usize,
    /// The most answers any path needed.
    longest: usize,
    /// Every end reached: (flow, node) → outcome.
    ends: BTreeMap<(String, String), Outcome>,
    /// Every (flow, node, choice) taken, by the user or by a known fact.
    taken: BTreeSet<(String, String, String)>,
}

/// The answers the walk's current node takes: its choices, and for an input node the
/// fact's example (or a value that fits) besides `skip`.
fn answers(walk: &Walk) -> Vec<String> {
    let view = walk.current();
    let mut out: Vec<String> = Vec::new();
    if view.kind == ViewKind::Input {
        let input = view
            .input
            .as_ref()
            .expect("an input node says what it accepts");
        out.push(input.example.clone().unwrap_or_else(|| "1".to_string()));
    }
    out.extend(view.choices.iter().map(|c| c.id.clone()));
    out
}

/// The walk's state as a map key; walks with equal keys are told apart by `same_state`.
type Key = ((FlowId, NodeId), Facts, Vec<FlowId>);

fn key(walk: &Walk) -> Key {
    (walk.position(), walk.facts().clone(), walk.callers())
}

/// What lies beyond one state: the paths from it, the most answers they need, the ends
/// they reach and the choices they take.
type Memo<'g> = HashMap<Key, Vec<(Walk<'g>, Search)>>;

/// Follows every path of `flow` from `given`, checking each node on the way.
fn search(graph: &Graph, flow: FlowId, given: &Facts) -> Result<Search, String> {
    let start =
        Walk::new(graph, flow, given.clone()).map_err(|e| format!("the walk cannot start: {e}"))?;
    let mut memo = Memo::new();
    let mut found = beyond(&start, given, &mut memo)?;
    found.taken.extend(taken(&start, 0));
    Ok(found)
}

/// The (flow, node, choice) of the walk's visits from `from` on.
fn taken(walk: &Walk, from: usize) -> Vec<(String, String, String)> {
    let graph = walk.graph();
    walk.visits()[from..]
        .iter()
        .filter_map(|visit| {
            let visited = graph.flow(visit.flow);
            let node = visited.node(visit.node);
            let choice = visit.choice?;
            Some((
                visited.id.clone(),
                node.id.clone(),
                node.choices()[choice].id.clone(),
            ))
        })
        .collect()
}

fn beyond<'g>(walk: &Walk<'g>, given: &Facts, memo: &mut Memo<'g>) -> Result<Search, String> {
    check_node(walk, given)?;
    let here = key(walk);
    if let Some(known) = memo
        .get(&here)
        .and_then(|bucket| bucket.iter().find(|(w, _)| w.same_state(walk)))
    {
        let found = known.1.clone();
        if walk.answers().len() + found.longest > LIMIT {
            return Err(format!(
                "no end after {LIMIT} answers (a cycle the user can go round?): {}",
                walk.answers().join(", ")
            ));
        }
        return Ok(found);
    }
    let view = walk.current();
    let mut found = Search::default();
    if walk.is_finished() {
        let outcome = walk
            .outcome()
            .ok_or_else(|| format!("end `{}` has no outcome", view.node))?;
        found.walks = 1;
        found.ends.insert((view.flow, view.node), outcome);
    } else {
        if walk.answers().len() >= LIMIT {
            return Err(format!(
                "no end after {LIMIT} answers (a cycle the user can go round?): {}",
                walk.answers().join(", ")
            ));
        }
        for answer in answers(walk) {
            let mut next = walk.clone();
            next.answer(&answer).map_err(|e| {
                format!(
                    "answer `{answer}` offered at {}/{} is refused after [{}]: {e}",
                    view.flow,
                    view.node,
                    walk.answers().join(", ")
                )
            })?;
            let after = beyond(&next, given, memo)?;
            found.walks += after.walks;
            found.longest = found.longest.max(after.longest + 1);
            found.ends.extend(after.ends);
            found.taken.extend(after.taken);
            found.taken.extend(taken(&next, walk.visits().len()));
            if found.walks > MAX_WALKS {
                return Err(format!("more than {MAX_WALKS} walks"));
            }
        }
    }
    memo.entry(here)
        .or_default()
        .push((walk.clone(), found.clone()));
    Ok(found)
}

/// The node the walker rests on obeys the SPEC and the walker's own promises.
fn check_node(walk: &Walk, given: &Facts) -> Result<(), String> {
    let graph = walk.graph();
    let view = walk.current();
    let at = format!(
        "{}/{} after [{}]",
        view.flow,
        view.node,
        walk.answers().join(", ")
    );
    let fail = |what: &str| Err(format!("{what} at {at}"));
    let (flow, node) = walk.position();
    let flow = graph.flow(flow);
    let node = flow.node(node);
    if view.flow != flow.id || view.node != node.id || view.title != flow.title {
        return fail("the view does not name the node the walk stands at");
    }
    if view.text.trim().is_empty() {
        return fail("empty text");
    }
    let is_end = view.kind == ViewKind::End;
    if is_end != walk.is_finished() || is_end != view.outcome.is_some() {
        return fail("`kind` end, `outcome` and `is_finished` disagree");
    }
    if is_end != view.choices.is_empty() {
        return fail("choices must be empty exactly at an end");
    }
    let ids: BTreeSet<&str> = view.choices.iter().map(|c| c.id.as_str()).collect();
    if ids.len() != view.choices.len() || view.choices.iter().any(|c| c.label.is_empty()) {
        return fail("duplicate choice ids or an empty label");
    }
    match &node.kind {
        NodeKind::Call { .. } => return fail("the walk rests on a call"),
        NodeKind::Ask {
            fact: Some(fact), ..
        } if walk.facts().contains_key(fact) => {
            return fail(&format!("fact `{fact}` is known but asked again"));
        }
        NodeKind::Input { fact, .. } if walk.facts().contains_key(fact) => {
            return fail(&format!("typed detail `{fact}` is known but asked again"));
        }
        NodeKind::Input { .. } if view.kind != ViewKind::Input || view.input.is_none() => {
            return fail("an input node must have kind `input` and say what it accepts");
        }
        NodeKind::Tell { .. } if view.kind != ViewKind::Tell || view.choices.len() != 1 => {
            return fail("a tell node must have kind `tell` and one answer");
        }
        NodeKind::Ask { .. } if view.kind != ViewKind::Question => return fail("kind"),
        NodeKind::Step { .. } if view.kind != ViewKind::Step || view.sources.is_empty() => {
            return fail("a step must have kind `step` and cite its source");
        }
        NodeKind::End { outcome, .. } if view.outcome != Some(*outcome) => {
            return fail("the outcome is not the end node's");
        }
        _ => {}
    }
    for (fact, value) in given {
        if walk.facts().get(fact) != Some(value) {
            return fail(&format!("the given fact {fact}={value} was lost"));
        }
    }
    let trail: Vec<&str> = walk.trail().iter().map(|t| t.answer.as_str()).collect();
    if trail != walk.answers() {
        return fail("the trail is not the answers given");
    }
    for (fact, value) in walk.facts() {
        if undeclared(graph, fact, value) {
            return fail(&format!("undeclared fact {fact}={value}"));
        }
    }
    Ok(())
}

fn undeclared(graph: &Graph, fact: &str, value: &str) -> bool {
    graph
        .fact(fact)
        .is_none_or(|declared| !declared.allows(value))
}

/// No facts, then each declared fact value on its own, then every typed detail known
/// (its example).
fn starts(graph: &Graph) -> Vec<Facts> {
    let mut starts = vec![Facts::new()];
    let mut typed = Facts::new();
    for fact in graph.facts() {
        for (value, _) in &fact.values {
            starts.push([(fact.id.clone(), value.clone())].into());
        }
        if let Some(example) = &fact.example {
            typed.insert(fact.id.clone(), example.clone());
        }
    }
    if !typed.is_empty() {
        starts.push(typed);
    }
    starts
}

/// A flow that only gathers details for the letter (no step and nothing to tell): it
/// never escalates itself, it hands back to the caller's escalate end.
fn gathers_details(graph: &Graph, id: FlowId) -> bool {
    graph
        .flow(id)
        .nodes
        .iter()
        .all(|n| !matches!(n.kind, NodeKind::Step { .. } | NodeKind::Tell { .. }))
        && graph
            .flow(id)
            .nodes
            .iter()
            .any(|n| matches!(n.kind, NodeKind::Input { .. }))
}

#[test]
fn every_path_of_every_shipped_flow_reaches_an_end() {
    let graph = shipped();
    assert!(graph.flows().len() >= 5, "the five shipped flows");
    assert!(!graph.facts().is_empty(), "the shipped facts");
    let mut total = 0;
    for (id, flow) in graph.flows() {
        for given in starts(&graph) {
            // A path with no end within LIMIT answers is an error here, not a long walk.
            let found = search(&graph, id, &given)
                .unwrap_or_else(|e| panic!("flow `{}` with facts {given:?}: {e}", flow.id));
            assert!(found.walks > 0, "{} with {given:?}", flow.id);
            // Every end reached is an end node of the trees, with that node's outcome.
            for ((end_flow, end_node), outcome) in &found.ends {
                assert_eq!(
                    declared_outcome(&graph, end_flow, end_node),
                    Some(*outcome),
                    "{} with {given:?} ended at {end_flow}/{end_node}",
                    flow.id
                );
            }
            // Any end inside a subflow that ends the walk is an escalation.
            for ((end_flow, end_node), outcome) in &found.ends {
                if end_flow != &flow.id {
                    assert_eq!(
                        *outcome,
                        Outcome::Escalate,
                        "{} ended inside {end_flow}/{end_node}",
                        flow.id
                    );
                }
            }
            total += found.walks;
        }
    }
    assert!(total > 0);
}

/// The outcome of `flow`'s node `node` if it is an end.
fn declared_outcome(graph: &Graph, flow: &str, node: &str) -> Option<Outcome> {
    let flow = graph.flow(graph.flow_by_id(flow)?);
    match flow.nodes.iter().find(|n| n.id == node)?.kind {
        NodeKind::End { outcome, .. } => Some(outcome),
        _ => None,
    }
}

#[test]
fn every_flow_can_be_fixed_and_can_end_at_support() {
    // Whatever the problem, some path fixes it (or, for a flow that only informs, answers
    // it) and, when nothing helps, some path leads to a message for KOSPET's support
    // instead of a dead end.
    let graph = shipped();
    for (id, flow) in graph.flows() {
        let found =
            search(&graph, id, &Facts::new()).unwrap_or_else(|e| panic!("flow `{}`: {e}", flow.id));
        let helps = |o: &Outcome| matches!(o, Outcome::Resolved | Outcome::Info);
        assert!(
            found.ends.values().any(helps),
            "{} never ends `resolved` or `info`: {:?}",
            flow.id,
            found.ends
        );
        if gathers_details(&graph, id) {
            continue;
        }
        assert!(
            found.ends.values().any(|o| *o == Outcome::Escalate),
            "{} never ends `escalate`: {:?}",
            flow.id,
            found.ends
        );
    }
}

/// A flow whose step can be answered "not fixed" forever.
fn endless() -> Graph {
    let flow = r#"Flow(id: "loop", title: "Loop", category: "C", symptoms: ["x"], start: "try",
        nodes: {
            "try": Step(text: "Try again.", source: "Q", fixed: "done", not_fixed: "again"),
            "again": Step(text: "And again.", source: "Q", fixed: "done", not_fixed: "try"),
            "done": End(outcome: Resolved, text: "Fixed."),
        },
        scenarios: [(name: "s", answers: ["fixed"], expect: "done")],
    )"#;
    let mut loaded = Loaded::default();
    loaded.add("loop.ron", flow);
    let checked = check(loaded);
    assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics);
    checked.graph.expect("valid")
}

#[test]
fn the_exhaustive_search_fails_on_a_cycle_the_user_can_go_round_forever() {
    // The proof above means something only if the search refuses a path that never ends.
    let graph = endless();
    let id = graph.flow_by_id("loop").expect("loop");
    let error = search(&graph, id, &Facts::new()).expect_err("a path without an end");
    assert!(
        error.starts_with(&format!("no end after {LIMIT} answers")),
        "{error}"
    );
}

#[test]
fn with_no_facts_every_choice_and_every_end_of_a_flow_is_on_some_path() {
    let graph = shipped();
    for (id, flow) in graph.flows() {
        let found =
            search(&graph, id, &Facts::new()).unwrap_or_else(|e| panic!("flow `{}`: {e}", flow.id));
        for node in &flow.nodes {
            match &node.kind {
                NodeKind::End { outcome, .. } => assert_eq!(
                    found.ends.get(&(flow.id.clone(), node.id.clone())),
                    Some(outcome),
                    "end {}/{} is reached",
                    flow.id,
                    node.id
                ),
                _ => {
                    for choice in node.choices() {
                        assert!(
                            found.taken.contains(&(
                                flow.id.clone(),
                                node.id.clone(),
                                choice.id.clone()
                            )),
                            "{}/{} -> {} is taken on some path",
                            flow.id,
                            node.id,
                            choice.id
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn a_known_fact_is_never_asked_on_any_path() {
    // `check_node` refuses a fact question whose fact is known; this makes sure the fact
    // questions exist at all, so that check is not vacuous.
    let graph = shipped();
    let mut asked = BTreeSet::new();
    for (_, flow) in graph.flows() {
        for node in &flow.nodes {
            match &node.kind {
                NodeKind::Ask {
                    fact: Some(fact), ..
                }
                | NodeKind::Input { fact, .. } => {
                    asked.insert(fact.clone());
                }
                _ => {}
            }
        }
    }
    let declared: BTreeSet<String> = graph.facts().iter().map(|f| f.id.clone()).collect();
    assert_eq!(asked, declared, "every declared fact is asked somewhere");
    let pairing = graph.flow_by_id("pairing").expect("pairing");
    for value in ["android", "ios"] {
        let given: Facts = [("phone_os".to_string(), value.to_string())].into();
        let found = search(&graph, pairing, &given).expect("every path ends");
        let phone = (
            "pairing".to_string(),
            "phone-os".to_string(),
            value.to_string(),
        );
        // The question is answered by the fact, never by the user.
        assert!(found.taken.contains(&phone), "{value}");
        let other = if value == "android" { "ios" } else { "android" };
        assert!(!found.taken.contains(&(phone.0, phone.1, other.to_string())));
    }
}

/// Every path through a flow, by depth-first search over the user's answers, cutting a
/// path where it comes back to a state it was in (same node, facts and call stack): the
/// cheap search a tool would run, checked here against the exhaustive one, which shows
/// that `Walk::same_state` tells call stacks apart. What lies beyond a state is counted
/// once and reused (the shipped trees have no cycles, so no cut depends on the path taken).
/// Returns the number of walks and the longest in answers, or the first walk that did not
/// end within `limit` answers.
fn explore(
    graph: &Graph,
    id: FlowId,
    facts: Facts,
    limit: usize,
) -> Result<(usize, usize), String> {
    let start = Walk::new(graph, id, facts).map_err(|e| e.to_string())?;
    let mut memo: Explored = HashMap::new();
    let mut path = Vec::new();
    explore_from(&start, limit, &mut memo, &mut path)
}

type Explored<'g> = HashMap<Key, Vec<(Walk<'g>, (usize, usize))>>;

fn explore_from<'g>(
    walk: &Walk<'g>,
    limit: usize,
    memo: &mut Explored<'g>,
    path: &mut Vec<Walk<'g>>,
) -> Result<(usize, usize), String> {
    if walk.is_finished() {
        return Ok((1, 0));
    }
    if walk.answers().len() >= limit {
        return Err(format!(
            "no end after {limit} answers: {}",
            walk.answers().join(", ")
        ));
    }
    let here = key(walk);
    if let Some((_, known)) = memo
        .get(&here)
        .and_then(|bucket| bucket.iter().find(|(w, _)| w.same_state(walk)))
    {
        return Ok(*known);
    }
    path.push(walk.clone());
    let (mut walks, mut longest) = (0, 0);
    for answer in answers(walk) {
        let mut next = walk.clone();
        next.answer(&answer).map_err(|e| e.to_string())?;
        if revisits(&next, path) {
            continue;
        }
        let (w, l) = explore_from(&next, limit, memo, path)?;
        walks += w;
        longest = longest.max(l + 1);
    }
    path.pop();
    memo.entry(here)
        .or_default()
        .push((walk.clone(), (walks, longest)));
    Ok((walks, longest))
}

/// Whether the walk stands where it stood before on this path, in the same state.
fn revisits(walk: &Walk, path: &[Walk]) -> bool {
    let here = walk.position();
    let graph = walk.graph();
    if !matches!(
        graph.flow(here.0).node(here.1).kind,
        NodeKind::Ask { .. } | NodeKind::Step { .. }
    ) {
        return false;
    }
    path.iter().any(|before| before.same_state(walk))
}

#[test]
fn explore_agrees_with_the_exhaustive_search_on_the_shipped_flows() {
    let graph = shipped();
    for (id, flow) in graph.flows() {
        for given in starts(&graph) {
            let found = search(&graph, id, &given).expect("every path ends");
            let explored = explore(&graph, id, given.clone(), LIMIT)
                .unwrap_or_else(|e| panic!("explore {} with {given:?}: {e}", flow.id));
            assert_eq!(
                explored,
                (found.walks, found.longest),
                "{} with {given:?}",
                flow.id
            );
        }
    }
}

/// A flow that calls the same subflow twice, one call after the other.
fn twice_called() -> Graph {
    let main = r#"Flow(id: "main", title: "Main", category: "C", symptoms: ["x"], start: "first",
        nodes: {
            "first": Call(flow: "sub", then: "second"),
            "second": Call(flow: "sub", then: "last"),
            "last": Step(text: "One more thing.", source: "Q", fixed: "done", not_fixed: "help"),
            "done": End(outcome: Resolved, text: "Fixed."),
            "help": End(outcome: Escalate, text: "Contact support."),
        },
        scenarios: [(name: "s", answers: ["fixed", "fixed", "fixed"], expect: "done")],
    )"#;
    let sub = r#"Flow(id: "sub", title: "Sub", category: "C", symptoms: ["y"], start: "try",
        nodes: {
            "try": Step(text: "Try this.", source: "Q", fixed: "ok", not_fixed: "fail"),
            "ok": End(outcome: Resolved, text: "It worked."),
            "fail": End(outcome: Escalate, text: "Contact support."),
        },
        scenarios: [(name: "s", answers: ["fixed"], expect: "ok")],
    )"#;
    let mut loaded = Loaded::default();
    loaded.add("main.ron", main);
    loaded.add("sub.ron", sub);
    let checked = check(loaded);
    assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics);
    checked.graph.expect("valid")
}

#[test]
fn the_exhaustive_search_follows_a_subflow_called_twice() {
    let graph = twice_called();
    let main = graph.flow_by_id("main").expect("main");
    let found = search(&graph, main, &Facts::new()).expect("every path ends");
    // sub fails; sub ok then sub fails; sub ok twice then `last` fixed or not.
    assert_eq!(found.walks, 4);
    assert_eq!(found.longest, 3);
    assert!(
        found
            .ends
            .contains_key(&("main".to_string(), "done".to_string()))
    );
}

#[test]

fn explore_follows_a_subflow_called_twice() {
    // `revisits` compares `Walk::callers()`, the calling flows without their return
    // nodes, so standing at sub/try under the second call looks like standing there
    // under the first, and every path through the second call is dropped unexplored.
    let graph = twice_called();
    let main = graph.flow_by_id("main").expect("main");
    assert_eq!(explore(&graph, main, Facts::new(), LIMIT), Ok((4, 3)));
}
