//! The letter to KOSPET Customer Service, for every escalate path of every shipped flow.
//!
//! Every step says what the owner did (`done`) and every escalate end what the letter asks
//! for (`ask`). Then every path that ends at support is walked (input nodes answered with
//! the fact's example and with `skip`), and its letter is checked: nothing of the end's
//! advice and no step's instructions are pasted in, the steps tried are exactly the steps
//! of that path in order, the problem is what the owner answered, and every detail known
//! is named.

use std::collections::BTreeSet;

use watchfix::check::check;
use watchfix::graph::{Graph, NodeKind, Outcome};
use watchfix::letter::Letter;
use watchfix::load;
use watchfix::walk::{Facts, ViewKind, Walk};

/// A guard against a combinatorial explosion, far above what the shipped trees need.
const MAX_PATHS: usize = 2_000_000;

fn shipped() -> Graph {
    let checked = check(load::embedded());
    assert_eq!(checked.errors(), 0, "{:?}", checked.diagnostics);
    checked.graph.expect("the shipped trees are valid")
}

#[test]
fn every_step_says_what_was_done_and_every_escalate_end_what_to_ask() {
    let graph = shipped();
    let mut missing = Vec::new();
    for (_, flow) in graph.flows() {
        for node in &flow.nodes {
            match &node.kind {
                NodeKind::Step { done, .. } if done.as_deref().is_none_or(str::is_empty) => {
                    missing.push(format!("{}/{}: a step without `done`", flow.id, node.id));
                }
                NodeKind::End {
                    outcome: Outcome::Escalate,
                    ask,
                    ..
                } if ask.as_deref().is_none_or(str::is_empty) => {
                    missing.push(format!(
                        "{}/{}: an escalate end without `ask`",
                        flow.id, node.id
                    ));
                }
                _ => {}
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The answers the walk's current node takes; an input node's fact example besides `skip`.
fn answers(walk: &Walk) -> Vec<String> {
    let view = walk.current();
    let mut out = Vec::new();
    if view.kind == ViewKind::Input {
        let input = view.input.as_ref().expect("an input says what it accepts");
        out.push(
            input
                .example
                .clone()
                .expect("every typed fact has an example"),
        );
    }
    let ids = view.choices.iter().map(|c| c.id.clone());
    let (flow, node) = walk.position();
    let graph = walk.graph();
    if matches!(&graph.flow(flow).node(node).kind, NodeKind::Ask { fact: Some(f), .. } if f == "model")
        && DETAILS.contains(&graph.flow(flow).id.as_str())
    {
        // The model asked for the letter leads on the same way whatever it is: the first
        // (a named model) and the last (the vague "Another model") stand for the rest, so
        // that the paths do not multiply by six; every label is checked on its own below.
        let ids: Vec<String> = ids.collect();
        out.extend([ids[0].clone(), ids[ids.len() - 1].clone()]);
        return out;
    }
    out.extend(ids);
    out
}

/// Escalate ends other tests walk straight to, which therefore ask no details first:
/// tests/pty.rs walks firmware-update to `no-charge`, tests/cli.rs walks pairing (alone and
/// from notifications) to `contact` by its answers, and tests/robustness.rs reads
/// watch-password.ron on its own (no other flow to call, no question to say the problem;
/// its title is the problem). Their letters hold the placeholders instead.
const PINNED: [(&str, &str); 2] = [
    ("firmware-update", "no-charge"),
    ("watch-password", "contact"),
];

/// The flows that only gather the letter's details, called before the escalate ends.
const DETAILS: [&str; 2] = ["support-details", "purchase-details"];

/// Calls `each` with every finished walk of `flow` that ends `Escalate`.
fn escalations<'g>(graph: &'g Graph, flow: &str, mut each: impl FnMut(&Walk<'g>)) -> usize {
    let id = graph.flow_by_id(flow).expect("a shipped flow");
    let mut stack = vec![Walk::new(graph, id, Facts::new()).expect("the walk starts")];
    let mut count = 0;
    while let Some(walk) = stack.pop() {
        if walk.is_finished() {
            if walk.outcome() == Some(Outcome::Escalate) {
                count += 1;
                assert!(
                    count <= MAX_PATHS,
                    "more than {MAX_PATHS} escalate paths in {flow}"
                );
                each(&walk);
            }
            continue;
        }
        for answer in answers(&walk) {
            let mut next = walk.clone();
            next.answer(&answer)
                .unwrap_or_else(|e| panic!("{flow}: `{answer}` refused: {e}"));
            stack.push(next);
        }
    }
    count
}

/// The sentences of a text, each with its full stop.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        current.push(c);
        if matches!(c, '.' | '!' | '?') {
            out.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

/// What is wrong with the letter of one escalated walk, if anything.
fn check_letter(walk: &Walk) -> Result<(), String> {
    let graph = walk.graph();
    let letter = Letter::of(walk);
    let text = letter.text();
    let (end_flow, end_node) = walk.position();
    let end = graph.flow(end_flow).node(end_node);
    let NodeKind::End { ask, terms, .. } = &end.kind else {
        return Err("the walk did not stop at an end".into());
    };
    // Nothing of the end's advice to the owner.
    for sentence in sentences(end.text()) {
        if sentence.chars().count() > 12 && text.contains(&sentence) {
            return Err(format!("the end's sentence {sentence:?} is in the letter"));
        }
    }
    // The request is the end's own, and the terms come exactly where they apply.
    if Some(&letter.ask) != ask.as_ref() || !text.contains(&letter.ask) {
        return Err(format!("the letter asks {:?}, the end {ask:?}", letter.ask));
    }
    if letter.terms.is_some() != *terms {
        return Err(format!(
            "terms {:?} where the end says {terms}",
            letter.terms
        ));
    }
    // The steps tried are the path's steps, in order, each as its `done`, and no step's or
    // tell's instructions are pasted in.
    let mut expected = Vec::new();
    for entry in walk.trail() {
        let flow = graph.flow(graph.flow_by_id(&entry.flow).expect("a flow"));
        let node = flow.node(flow.node_by_id(&entry.node).expect("a node"));
        match &node.kind {
            NodeKind::Step { done, .. } => {
                let label = node
                    .choices()
                    .iter()
                    .find(|c| c.id == entry.answer)
                    .map(|c| c.label.clone())
                    .expect("a step's answer is one of its choices");
                expected.push((done.clone().expect("every step has `done`"), label));
            }
            NodeKind::Tell { .. } => {}
            _ => continue,
        }
        if text.contains(node.text()) {
            return Err(format!(
                "the text of {}/{} is in the letter",
                flow.id, node.id
            ));
        }
    }
    let tried: Vec<(String, String)> = letter
        .tried
        .iter()
        .map(|t| (t.done.clone(), t.result.clone()))
        .collect();
    if tried != expected {
        return Err(format!("tried {tried:?}, the path's steps {expected:?}"));
    }
    for (done, _) in &expected {
        if !text.contains(done.trim_end_matches('.')) {
            return Err(format!("the step {done:?} is not in the letter"));
        }
    }
    // The problem is an answer the owner gave: the last `says` of a flow still running
    // (a subflow that handed back said its own problem, not the caller's), or the first
    // question's answer; never the flow's title.
    let mut frames: Vec<Option<String>> = vec![None];
    let mut first = None;
    let visits = walk.visits();
    for (index, visit) in visits.iter().enumerate() {
        let node = graph.flow(visit.flow).node(visit.node);
        if matches!(node.kind, NodeKind::Call { .. }) {
            frames.push(None);
            continue;
        }
        if matches!(node.kind, NodeKind::End { .. }) && index + 1 < visits.len() {
            frames.pop();
            continue;
        }
        let Some(choice) = visit.choice.and_then(|c| node.choices().get(c)) else {
            continue;
        };
        if let (Some(text), Some(frame)) = (&choice.says, frames.last_mut()) {
            *frame = Some(text.clone());
        }
        if first.is_none() && matches!(node.kind, NodeKind::Ask { fact: None, .. }) {
            first = Some(choice.label.clone());
        }
    }
    let says = frames.into_iter().rev().flatten().next();
    let pinned = PINNED.contains(&(graph.flow(end_flow).id.as_str(), end.id.as_str()));
    let from_answer = says.clone().or(first);
    if pinned && from_answer.is_none() {
        if letter.problem != graph.flow(walk.root()).title {
            return Err(format!("the problem {:?} is not the title", letter.problem));
        }
        return Ok(());
    }
    if from_answer.as_ref() != Some(&letter.problem) {
        return Err(format!(
            "the problem {:?} is not the owner's answer {from_answer:?}",
            letter.problem
        ));
    }
    if says.is_none() {
        return Err(format!(
            "no answer on the path says the problem: {:?}",
            letter.problem
        ));
    }
    if letter.problem == graph.flow(walk.root()).title {
        return Err("the problem is the flow's title".into());
    }
    if !letter.subject.contains(&letter.problem) {
        return Err(format!(
            "the subject {:?} misses the problem",
            letter.subject
        ));
    }
    // Every fact and typed detail known is named; a vague one is left to the owner.
    for (fact, value) in walk.facts() {
        let declared = graph.fact(fact).expect("a declared fact");
        if declared.vague.contains(value) {
            if let Some(missing) = &declared.missing
                && !text.contains(missing.as_str())
            {
                return Err(format!("the vague {fact} has no placeholder"));
            }
            continue;
        }
        let shown = declared.label(value);
        if !text.contains(&format!("{}: {shown}", declared.name)) {
            return Err(format!("{fact} = {value:?} is not in the letter"));
        }
    }
    // And the details the letter needs were asked on the way (or known): the model, the
    // firmware and the phone; skipped, the letter holds the placeholder.
    for fact in ["model", "firmware", "phone_model"] {
        let asked = walk.trail().iter().any(|entry| {
            let flow = graph.flow(graph.flow_by_id(&entry.flow).expect("a flow"));
            let node = flow.node(flow.node_by_id(&entry.node).expect("a node"));
            matches!(&node.kind, NodeKind::Input { fact: f, .. } if f == fact)
        });
        if !walk.facts().contains_key(fact) && !asked && !pinned {
            return Err(format!("the walk never asked for {fact}"));
        }
        let declared = graph.fact(fact).expect("declared");
        let known = walk
            .facts()
            .get(fact)
            .filter(|v| !declared.vague.contains(v));
        if known.is_none()
            && let Some(missing) = &declared.missing
            && !text.contains(missing.as_str())
        {
            return Err(format!("{fact} is unknown and has no placeholder"));
        }
    }
    Ok(())
}

#[test]
fn every_escalate_path_writes_a_letter_from_the_walk_alone() {
    let graph = shipped();
    let mut failures = BTreeSet::new();
    let mut total = 0;
    for (_, flow) in graph.flows() {
        total += escalations(&graph, &flow.id, |walk| {
            if let Err(why) = check_letter(walk) {
                let end = walk.current();
                failures.insert(format!(
                    "{} → {}/{}: {why} (after [{}])",
                    flow.id,
                    end.flow,
                    end.node,
                    walk.answers().join(", ")
                ));
            }
        });
    }
    assert!(total > 0, "some path escalates");
    let shown: Vec<&String> = failures.iter().take(40).collect();
    assert!(
        failures.is_empty(),
        "{} of {total} escalate paths:\n{}",
        failures.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn typed_details_and_known_facts_reach_the_letter() {
    // The charging flow asks everything: the order and purchase date, the model, the
    // firmware and the phone. Typed values come back word for word; skipped ones leave
    // the placeholder.
    let graph = shipped();
    let id = graph.flow_by_id("charging").expect("charging");
    let mut walk = Walk::new(&graph, id, Facts::new()).expect("starts");
    for answer in [
        "wont-charge",
        "not-fixed",
        "not-fixed",
        "KP-100234",
        "2026-10-31",
        "tank-t3",
        "V2.10",
        "skip",
    ] {
        walk.answer(answer)
            .unwrap_or_else(|e| panic!("{answer}: {e}"));
    }
    assert_eq!(walk.outcome(), Some(Outcome::Escalate));
    let letter = Letter::of(&walk);
    let text = letter.text();
    for shown in [
        "KP-100234",
        "2026-10-31",
        "TANK T3",
        "V2.10",
        "My watch doesn't charge",
    ] {
        assert!(text.contains(shown), "{shown:?} in\n{text}");
    }
    let phone = graph.fact("phone_model").expect("declared");
    assert!(
        text.contains(phone.missing.as_deref().expect("a placeholder")),
        "{text}"
    );
    assert!(letter.terms.is_some(), "the return terms apply: {text}");
    assert_eq!(letter.tried.len(), 2, "{text}");

    // A fact known up front is not asked again and still reaches the letter.
    let given: Facts = [
        ("model".to_string(), "tank-x1".to_string()),
        ("firmware".to_string(), "1.0.4".to_string()),
    ]
    .into();
    let id = graph.flow_by_id("charging").expect("charging");
    let mut walk = Walk::new(&graph, id, given).expect("starts");
    for answer in [
        "wont-turn-on",
        "not-fixed",
        "not-fixed",
        "not-fixed",
        "skip",
        "skip",
        "Pixel 8 (Android 15)",
    ] {
        walk.answer(answer)
            .unwrap_or_else(|e| panic!("{answer}: {e}"));
    }
    assert_eq!(walk.outcome(), Some(Outcome::Escalate));
    let text = Letter::of(&walk).text();
    for shown in [
        "TANK X1",
        "1.0.4",
        "Pixel 8 (Android 15)",
        "My watch won't turn on",
    ] {
        assert!(text.contains(shown), "{shown:?} in\n{text}");
    }
}

#[test]
fn every_model_reaches_the_letter_by_its_name() {
    let graph = shipped();
    let id = graph.flow_by_id("charging").expect("charging");
    let model = graph.fact("model").expect("declared");
    for (value, label) in &model.values {
        let mut walk = Walk::new(&graph, id, Facts::new()).expect("starts");
        for answer in [
            "wont-charge",
            "not-fixed",
            "not-fixed",
            "skip",
            "skip",
            value.as_str(),
            "skip",
            "skip",
        ] {
            walk.answer(answer)
                .unwrap_or_else(|e| panic!("{answer}: {e}"));
        }
        assert_eq!(walk.outcome(), Some(Outcome::Escalate));
        let text = Letter::of(&walk).text();
        if model.vague.contains(value) {
            let missing = model.missing.as_deref().expect("a placeholder");
            assert!(
                text.contains(&format!("{}: {missing}", model.name)),
                "{text}"
            );
        } else {
            assert!(text.contains(&format!("{}: {label}", model.name)), "{text}");
        }
    }
}
