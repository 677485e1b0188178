//! The graph passes on small flows: fact loops, and how they stay apart from traps and
//! broken references.

use crate::check::{check, diagnose};
use crate::diagnostic::Code;
use crate::load::Loaded;

const FACTS: &str = r#"Facts(facts: {
    "phone_os": (name: "Phone", question: "Phone?", values: {"android": "Android", "ios": "iPhone"}),
    "model": (name: "Model", question: "Model?", values: {"m3": "M3", "t3": "T3"}),
    "order": (name: "Order", question: "Order?", accepts: Number, example: "123"),
})"#;

/// The messages of every `code` diagnostic for a flow made of `nodes`, starting at `a`.
fn messages(code: Code, nodes: &str) -> Vec<String> {
    messages_with(code, nodes, &[])
}

/// [`messages`], with more flows beside `f`.
fn messages_with(code: Code, nodes: &str, others: &[&str]) -> Vec<String> {
    let mut loaded = Loaded::default();
    loaded.add("facts.ron", FACTS);
    for (index, other) in others.iter().enumerate() {
        loaded.add(&format!("other-{index}.ron"), other);
    }
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
        .filter(|d| d.code() == code)
        .map(|d| d.message())
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
        ["these questions go round forever when phone_os is ios and model is m3: a -> b -> c -> a"]
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
        ["these questions go round forever when phone_os is android and model is m3: a -> b -> a"]
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

/// A broken reference leads nowhere; that is no loop.
#[test]
fn a_broken_reference_is_no_loop() {
    let nodes = ask("a", "phone_os", &[("android", "nowhere"), ("ios", "done")]);
    assert_eq!(messages(Code::FactLoop, &nodes), [] as [&str; 0]);
    assert_eq!(messages(Code::UnknownNode, &nodes).len(), 1);
}

/// A subflow that returns by itself, given the facts, puts its call on the cycle: the walk
/// goes question, call, subflow, back to the question, forever.
const RETURNS: &str = r#"Flow(id: "sub", title: "S", category: "C", start: "phone", nodes: {
    "phone": Ask(fact: "phone_os", text: "?", choices: [
        (id: "android", label: "A", next: "ok"),
        (id: "ios", label: "I", next: "try"),
    ]),
    "try": Step(text: "Restart.", source: "Q", fixed: "ok", not_fixed: "ok"),
    "ok": End(outcome: Resolved, text: "Ok."),
}, scenarios: [(name: "s", expect: "ok")])"#;

#[test]
fn a_loop_through_a_call_that_returns_by_itself_is_a_fact_loop() {
    let nodes = [
        ask("a", "phone_os", &[("android", "c"), ("ios", "done")]),
        r#""c": Call(flow: "sub", then: "a"),"#.into(),
    ];
    assert_eq!(
        messages_with(Code::FactLoop, &nodes.concat(), &[RETURNS]),
        ["these questions go round forever when phone_os is android: a -> c -> a"]
    );
}

/// Inputs whose facts are known are passed without asking, like questions.
#[test]
fn a_loop_through_inputs_is_a_fact_loop() {
    let nodes = [
        r#""a": Input(fact: "order", text: "Order?", next: "b", skip: "No idea"),"#.into(),
        r#""b": Call(flow: "sub", then: "c"),"#.into(),
        ask("c", "phone_os", &[("android", "a"), ("ios", "done")]),
    ];
    assert_eq!(
        messages_with(Code::FactLoop, &nodes.concat(), &[RETURNS]),
        ["these questions go round forever when phone_os is android: a -> b -> c -> a"]
    );
}

/// A subflow that always asks something on the way breaks the cycle.
#[test]
fn a_call_to_a_subflow_that_asks_is_no_loop() {
    let asks = RETURNS.replace(
        r#"next: "ok"),
        (id: "ios""#,
        r#"next: "try"),
        (id: "ios""#,
    );
    let nodes = [
        ask("a", "phone_os", &[("android", "c"), ("ios", "done")]),
        r#""c": Call(flow: "sub", then: "a"),"#.into(),
    ];
    assert_eq!(
        messages_with(Code::FactLoop, &nodes.concat(), &[&asks]),
        [] as [&str; 0]
    );
}

/// `diagnose` says what `check` says, builds no graph, and counts the flows the graph has.
#[test]
fn diagnosing_finds_what_checking_finds() {
    let checked = check(crate::load::embedded());
    let diagnosed = diagnose(crate::load::embedded());
    let graph = checked
        .graph
        .as_ref()
        .expect("the built-in trees are valid");
    assert!(diagnosed.graph.is_none());
    assert_eq!(
        (checked.flows, diagnosed.flows),
        (graph.flows().len(), graph.flows().len())
    );
    let mut broken = Loaded::default();
    broken.add("facts.ron", FACTS);
    broken.add(
        "f.ron",
        r#"Flow(id: "f", title: "F", category: "C", start: "x", nodes: {})"#,
    );
    let found = |c: crate::check::Checked| {
        c.diagnostics
            .iter()
            .map(|d| d.message())
            .collect::<Vec<_>>()
    };
    let mut again = Loaded::default();
    again.add("facts.ron", FACTS);
    again.add(
        "f.ron",
        r#"Flow(id: "f", title: "F", category: "C", start: "x", nodes: {})"#,
    );
    assert_eq!(found(check(broken)), found(diagnose(again)));
}

/// A big tree has one `Links` per node, alive through every pass.
#[test]
fn links_stay_small() {
    let size = std::mem::size_of::<crate::check::resolve::Links>();
    assert!(size <= 40, "{size}");
}

/// A scenario's `expect` names the first node of its id, as every other reference does,
/// in its own flow or another; the lookup sorts nodes by id, which must not change that.
#[test]
fn an_expectation_names_the_first_node_of_its_id() {
    let other = r#"Flow(id: "g", title: "G", category: "C", start: "z", nodes: {
        "z": Step(text: "t", fixed: "y", not_fixed: "b"),
        "b": End(outcome: Resolved, text: "B."),
        "y": End(outcome: Info, text: "Y."),
        "b": Tell(text: "t", next: "y"),
    }, scenarios: [(name: "s", expect: "b"), (name: "t", expect: "f/done"), (name: "u", expect: "f/a")])"#;
    let nodes = r#""a": Tell(text: "t", next: "done"), "done": Step(text: "t", fixed: "a", not_fixed: "a"),"#;
    assert_eq!(
        messages_with(Code::BadScenario, nodes, &[other]),
        [
            "`expect` names `done`, which is not an `End`",
            "`expect` names `f/done`, which is not an `End`",
            "`expect` names `f/a`, which is not an `End`",
        ]
    );
}
