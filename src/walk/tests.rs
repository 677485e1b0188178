//! The walker against small trees: facts, subflows, Back, Start over, refusals.

use super::*;
use crate::check::check;
use crate::load::Loaded;
use crate::wire::ErrorKind;

const FACTS: &str = r#"Facts(facts: {
    "phone_os": (name: "Phone", question: "Phone?", values: {"android": "Android", "ios": "iPhone"}),
})"#;

const MAIN: &str = r#"Flow(id: "main", title: "Main", category: "C", start: "phone",
    nodes: {
        "phone": Ask(fact: "phone_os", text: "Which phone?", choices: [
            (id: "android", label: "Android", next: "try"),
            (id: "ios", label: "iPhone", next: "try"),
        ]),
        "try": Step(text: "Restart.", source: "Q", fixed: "done", not_fixed: "sub"),
        "sub": Call(flow: "sub", then: "after"),
        "after": Ask(text: "Better?", choices: [
            (id: "yes", label: "Yes", next: "done"),
            (id: "no", label: "No", next: "help"),
        ]),
        "done": End(outcome: Resolved, text: "Fixed."),
        "help": End(outcome: Escalate, text: "Contact support."),
    },
    scenarios: [(name: "s", answers: ["android", "fixed"], expect: "done")],
)"#;

const SUB: &str = r#"Flow(id: "sub", title: "Sub", category: "C", start: "phone",
    nodes: {
        "phone": Ask(fact: "phone_os", text: "Which phone?", choices: [
            (id: "android", label: "Android", next: "forget"),
            (id: "ios", label: "iPhone", next: "forget"),
        ]),
        "forget": Step(text: "Forget the device.", source: "Q", fixed: "ok", not_fixed: "fail"),
        "ok": End(outcome: Resolved, text: "Re-paired."),
        "fail": End(outcome: Escalate, text: "Contact support."),
    },
    scenarios: [(name: "s", answers: ["ios", "fixed"], expect: "ok")],
)"#;

fn graph() -> Graph {
    let mut loaded = Loaded::default();
    loaded.add("facts.ron", FACTS);
    loaded.add("main.ron", MAIN);
    loaded.add("sub.ron", SUB);
    let checked = check(loaded);
    assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics);
    checked.graph.expect("valid")
}

fn walk<'g>(graph: &'g Graph, facts: &[(&str, &str)]) -> Walk<'g> {
    let facts = facts
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Walk::new(graph, graph.flow_by_id("main").unwrap(), facts).unwrap()
}

#[test]
fn known_facts_skip_questions_in_the_flow_and_its_subflows() {
    let graph = graph();
    let mut walk = walk(&graph, &[("phone_os", "ios")]);
    assert_eq!(walk.current().node, "try");
    walk.answer("not-fixed").unwrap();
    // Entered the subflow; its phone question is skipped too.
    let view = walk.current();
    assert_eq!((view.flow.as_str(), view.node.as_str()), ("sub", "forget"));
    assert_eq!(walk.callers(), vec![graph.flow_by_id("main").unwrap()]);
}

#[test]
fn a_fact_answered_in_the_caller_is_not_asked_in_the_subflow() {
    let graph = graph();
    let mut walk = walk(&graph, &[]);
    assert_eq!(walk.current().node, "phone");
    walk.answer("2").unwrap();
    assert_eq!(
        walk.facts().get("phone_os").map(String::as_str),
        Some("ios")
    );
    walk.answer("not-fixed").unwrap();
    assert_eq!(walk.current().node, "forget");
    walk.answer("fixed").unwrap();
    // The subflow's resolved end returns to the caller.
    let view = walk.current();
    assert_eq!((view.flow.as_str(), view.node.as_str()), ("main", "after"));
    walk.answer("yes").unwrap();
    assert_eq!(walk.outcome(), Some(Outcome::Resolved));
    assert_eq!(walk.trail().len(), 4);
}

#[test]
fn escalate_in_a_subflow_ends_the_walk() {
    let graph = graph();
    let mut walk = walk(&graph, &[("phone_os", "android")]);
    walk.answer("not-fixed").unwrap();
    walk.answer("not-fixed").unwrap();
    let view = walk.current();
    assert_eq!((view.flow.as_str(), view.node.as_str()), ("sub", "fail"));
    assert_eq!(view.outcome, Some(Outcome::Escalate));
    assert!(view.choices.is_empty());
    assert!(matches!(walk.answer("1"), Err(WalkError::Finished { .. })));
}

#[test]
fn back_crosses_the_subflow_boundary_and_unlearns_facts() {
    let graph = graph();
    let mut walk = walk(&graph, &[]);
    walk.answer("android").unwrap();
    walk.answer("not-fixed").unwrap();
    walk.answer("fixed").unwrap();
    assert_eq!(walk.current().node, "after");
    assert!(walk.back());
    let view = walk.current();
    assert_eq!((view.flow.as_str(), view.node.as_str()), ("sub", "forget"));
    assert!(walk.back());
    let view = walk.current();
    assert_eq!((view.flow.as_str(), view.node.as_str()), ("main", "try"));
    assert!(walk.callers().is_empty());
    assert!(walk.back());
    assert_eq!(walk.current().node, "phone");
    assert!(walk.facts().is_empty());
    assert!(!walk.back());
}

#[test]
fn restart_keeps_given_facts_and_drops_answers() {
    let graph = graph();
    let mut walk = walk(&graph, &[("phone_os", "ios")]);
    walk.answer("not-fixed").unwrap();
    walk.restart();
    assert_eq!(walk.current().node, "try");
    assert!(walk.trail().is_empty());
    assert_eq!(walk.facts().len(), 1);
}

#[test]
fn bad_answers_and_facts_are_refused_with_what_was_expected() {
    let graph = graph();
    let mut walk = walk(&graph, &[]);
    let error = walk.answer("windows").unwrap_err();
    assert_eq!(ErrorKind::from(&error), ErrorKind::UnknownAnswer);
    assert_eq!(error.expected(), ["android", "ios"]);
    assert!(walk.answer("3").is_err());
    assert!(walk.answer("0").is_err());
    let main = graph.flow_by_id("main").unwrap();
    let bad_value = [("phone_os".to_string(), "nokia".to_string())].into();
    assert_eq!(
        ErrorKind::from(&Walk::new(&graph, main, bad_value).unwrap_err()),
        ErrorKind::UnknownFactValue
    );
    let bad_fact = [("os".to_string(), "ios".to_string())].into();
    assert_eq!(
        ErrorKind::from(&Walk::new(&graph, main, bad_fact).unwrap_err()),
        ErrorKind::UnknownFact
    );
}

/// A graph the checker would refuse: `phone` sends `android` to a call whose subflow
/// returns to `phone` by itself. With many flows beside it, the walker must still give
/// up after a few moves per node, not after a number that grows with the flows.
#[test]
fn automatic_moves_are_bounded_by_the_size_of_the_graph() {
    let mut loaded = Loaded::default();
    loaded.add("facts.ron", FACTS);
    loaded.add("main.ron", MAIN);
    loaded.add("sub.ron", SUB);
    for index in 0..200 {
        let other = SUB.replace(r#"id: "sub""#, &format!(r#"id: "other-{index}""#));
        loaded.add(&format!("other-{index}.ron"), &other);
    }
    let mut graph = check(loaded).graph.expect("valid");
    let main = graph.flow_by_id("main").unwrap();
    let sub = graph.flow_by_id("sub").unwrap();
    let phone = graph.flow(main).node_by_id("phone").unwrap();
    let call = graph.flow(main).node_by_id("sub").unwrap();
    let ok = graph.flow(sub).node_by_id("ok").unwrap();
    // main/phone --android--> main/sub (call, then: phone); sub/phone --android--> ok.
    let flows = &mut graph.flows;
    if let NodeKind::Ask { choices, .. } = &mut flows[main.0].nodes[phone.0].kind {
        choices[0].next = call;
    }
    if let NodeKind::Call { then, .. } = &mut flows[main.0].nodes[call.0].kind {
        *then = phone;
    }
    if let NodeKind::Ask { choices, .. } = &mut flows[sub.0].nodes[0].kind {
        choices[0].next = ok;
    }
    let nodes: usize = graph.flows().map(|(_, f)| f.nodes.len()).sum();
    let mut state = State {
        flow: main,
        node: phone,
        stack: Vec::new(),
        facts: [("phone_os".to_string(), "android".to_string())].into(),
        trail: Vec::new(),
        visits: Vec::new(),
    };
    let error = settle(&graph, &mut state).unwrap_err();
    assert!(matches!(error, WalkError::Loop { .. }), "{error:?}");
    assert!(
        state.visits.len() <= 8 * nodes + 64,
        "{} visits for {nodes} nodes",
        state.visits.len()
    );
    let facts = [("phone_os".to_string(), "android".to_string())].into();
    assert!(matches!(
        Walk::new(&graph, main, facts),
        Err(WalkError::Loop { .. })
    ));
}
