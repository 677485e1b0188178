//! The command line as users and agents meet it: the real binary, real stdin, real exit
//! codes. Expectations come from the shipped flows' own scenarios or from `step` output
//! wherever possible, so editing a tree's wording does not break these tests; exact node
//! ids are asserted where the behaviour is about a particular node.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Run, Test};
use serde::Deserialize;
use watchfix::graph::Graph;
use watchfix::graph::Outcome;

// ---------------------------------------------------------------------------------------
// The JSON contract, as mirror types. `deny_unknown_fields` makes an added or renamed
// field fail here rather than in an agent; `require_keys` catches a missing one.
// ---------------------------------------------------------------------------------------

const VIEW_KEYS: [&str; 10] = [
    "flow", "title", "node", "kind", "text", "choices", "outcome", "facts", "trail", "sources",
];

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct View {
    flow: String,
    title: String,
    node: String,
    kind: String,
    text: String,
    choices: Vec<ChoiceView>,
    outcome: Option<String>,
    facts: BTreeMap<String, String>,
    trail: Vec<TrailEntry>,
    sources: Vec<String>,
    /// Only on an `input` node: what it accepts.
    #[serde(default)]
    input: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceView {
    id: String,
    label: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct TrailEntry {
    flow: String,
    node: String,
    answer: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorObject {
    error: ErrorBody,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorBody {
    kind: String,
    message: String,
    expected: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FlowEntry {
    id: String,
    title: String,
    category: String,
    symptoms: Vec<String>,
    facts: Vec<FactEntry>,
    calls: Vec<String>,
    sources: Vec<String>,
    start: serde_json::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FactEntry {
    id: String,
    name: String,
    question: String,
    values: Vec<ChoiceView>,
    accepts: Option<String>,
    example: Option<String>,
}

/// Asserts that a JSON object has exactly these keys (serde would let a missing
/// `Option` field pass as `None`).
fn require_keys(value: &serde_json::Value, keys: &[&str]) {
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("not a JSON object: {value}"));
    let actual: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> = keys.iter().copied().collect();
    assert_eq!(actual, expected, "keys of {value}");
}

/// Parses one node in the step shape and checks the SPEC's invariant: `choices` is empty
/// and `outcome` is resolved/escalate/info exactly when `kind` is `end`.
fn view(value: serde_json::Value) -> View {
    let is_input = value["kind"] == "input";
    let mut keys = VIEW_KEYS.to_vec();
    if is_input {
        keys.push("input");
    }
    require_keys(&value, &keys);
    let view: View = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("not the step shape ({e}): {value:#}"));
    assert!(
        ["question", "step", "input", "tell", "end"].contains(&view.kind.as_str()),
        "kind {:?}",
        view.kind
    );
    let is_end = view.kind == "end";
    if is_input {
        // A typed detail is answered with the value; its only choice is "I don't know".
        assert!(view.choices.iter().all(|c| c.id == "skip"), "{view:?}");
        assert!(view.input.is_some(), "{view:?}");
    } else {
        assert_eq!(view.choices.is_empty(), is_end, "choices vs kind: {view:?}");
    }
    match &view.outcome {
        Some(outcome) => {
            assert!(is_end, "an outcome on a {} node: {view:?}", view.kind);
            assert!(
                ["resolved", "escalate", "info"].contains(&outcome.as_str()),
                "outcome {outcome:?}"
            );
        }
        None => assert!(!is_end, "an end without an outcome: {view:?}"),
    }
    assert!(!view.text.is_empty() && !view.title.is_empty());
    view
}

/// A line of `run --json`: the step shape without `trail`, with `answered`, the answer that
/// led to the node (none before the first). Read back as the step shape with the trail
/// `trail_before` + `answered`, to compare with what `step` says.
#[track_caller]
fn run_line(value: serde_json::Value, trail_before: &mut Vec<TrailEntry>) -> View {
    let mut keys: Vec<&str> = VIEW_KEYS
        .iter()
        .copied()
        .filter(|k| *k != "trail")
        .collect();
    if value["kind"] == "input" {
        keys.push("input");
    }
    // Present after an answer; the trail compared with `step`'s says it is the right one.
    if value.get("answered").is_some() {
        keys.push("answered");
    }
    require_keys(&value, &keys);
    assert!(
        value.get("trail").is_none(),
        "a run --json line repeats the trail: {value}"
    );
    let mut object = value.as_object().expect("an object").clone();
    let answered = object.remove("answered");
    if let Some(answered) = answered {
        let entry: TrailEntry = serde_json::from_value(answered).expect("a trail entry");
        trail_before.push(entry);
    }
    object.insert(
        "trail".into(),
        serde_json::to_value(&*trail_before).expect("json"),
    );
    view(serde_json::Value::Object(object))
}

fn step_view(run: &Run) -> View {
    view(run.json())
}

/// Runs a test that must be refused with exit 2, an error object on stdout and its
/// message, alone, on stderr; returns the error.
#[track_caller]
fn refused(test: Test) -> ErrorBody {
    let (error, stderr) = refused_with_stderr(test);
    assert_eq!(stderr, format!("watchfix: error: {}\n", error.message));
    error
}

/// Like [`refused`], with the line on stderr returned: for an answer refused it names the
/// node and the choices as a person reads them, while the error object keeps the ids.
#[track_caller]
fn refused_with_stderr(test: Test) -> (ErrorBody, String) {
    let run = test
        .status(2)
        .stdout_json()
        .stderr_contains("watchfix: error: ")
        .run();
    let value = run.json();
    require_keys(&value, &["error"]);
    require_keys(&value["error"], &["kind", "message", "expected"]);
    let object: ErrorObject = serde_json::from_value(value).expect("the error shape");
    assert!(!object.error.message.is_empty());
    (object.error, run.stderr)
}

// ---------------------------------------------------------------------------------------
// Helpers around the shipped trees.
// ---------------------------------------------------------------------------------------

const SHIPPED_FLOWS: [&str; 5] = ["pairing", "sync", "gps", "notifications", "firmware-update"];

fn shipped() -> Graph {
    watchfix::check::check(watchfix::load::embedded())
        .graph
        .expect("the shipped trees are valid")
}

fn shipped_tree(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("trees")
        .join(name);
    std::fs::read_to_string(path).expect("a shipped tree")
}

/// `step FLOW --fact K=V... --answer A...`, expected to succeed.
fn step(flow: &str, facts: &[(&str, &str)], answers: &[&str]) -> View {
    step_view(
        &Test::new()
            .args(step_args(flow, facts, answers))
            .stdout_json()
            .run(),
    )
}

fn step_args(flow: &str, facts: &[(&str, &str)], answers: &[&str]) -> Vec<String> {
    let mut args = vec!["step".to_string(), flow.to_string()];
    for (key, value) in facts {
        args.push("--fact".into());
        args.push(format!("{key}={value}"));
    }
    for answer in answers {
        args.push("--answer".into());
        args.push(answer.to_string());
    }
    args
}

fn exit_code_for(outcome: &str) -> i32 {
    match outcome {
        "resolved" | "info" => 0,
        "escalate" => 3,
        other => panic!("unknown outcome {other:?}"),
    }
}

/// Every scenario of every shipped flow: (flow, name, facts, answers, expected end).
struct ShippedScenario {
    flow: String,
    name: String,
    facts: Vec<(String, String)>,
    answers: Vec<String>,
    expect: Option<(String, String)>,
    outcome: Option<Outcome>,
}

fn shipped_scenarios() -> Vec<ShippedScenario> {
    let graph = shipped();
    let mut all = Vec::new();
    for (_, flow) in graph.flows() {
        for scenario in &flow.scenarios {
            all.push(ShippedScenario {
                flow: flow.id.clone(),
                name: scenario.name.clone(),
                facts: scenario.facts.clone(),
                answers: scenario.answers.clone(),
                expect: scenario.expect.clone(),
                outcome: scenario.outcome,
            });
        }
    }
    assert!(all.len() >= SHIPPED_FLOWS.len(), "every flow has scenarios");
    all
}

impl ShippedScenario {
    fn facts(&self) -> Vec<(&str, &str)> {
        self.facts
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    fn answers(&self) -> Vec<&str> {
        self.answers.iter().map(String::as_str).collect()
    }

    fn fact_args(&self) -> Vec<String> {
        self.facts
            .iter()
            .flat_map(|(k, v)| ["--fact".to_string(), format!("{k}={v}")])
            .collect()
    }

    /// The end this scenario reaches, according to `step`.
    fn end(&self) -> View {
        let end = step(&self.flow, &self.facts(), &self.answers());
        assert_eq!(end.kind, "end", "scenario {:?} ends", self.name);
        end
    }
}

/// The part of plain-mode stdout before the end-of-walk summary.
fn before_summary(stdout: &str) -> &str {
    stdout.split("\nProblem: ").next().unwrap_or(stdout)
}

// ---------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------

#[test]
fn list_json_has_every_shipped_flow_with_its_start_node() {
    let run = Test::new().args(["list", "--json"]).stdout_json().run();
    let value = run.json();
    let entries = value.as_array().expect("an array");
    let graph = shipped();
    let mut ids = BTreeSet::new();
    for raw in entries {
        require_keys(
            raw,
            &[
                "id", "title", "category", "symptoms", "facts", "calls", "sources", "start",
            ],
        );
        let entry: FlowEntry = serde_json::from_value(raw.clone()).expect("a flow entry");
        let flow = graph
            .flow(graph.flow_by_id(&entry.id).expect("a known flow"))
            .clone();
        assert_eq!(entry.title, flow.title);
        assert_eq!(entry.category, flow.category);
        assert!(!entry.category.is_empty());
        assert!(!entry.symptoms.is_empty(), "{} has symptoms", entry.id);
        let has_steps = flow
            .nodes
            .iter()
            .any(|n| matches!(n.kind, watchfix::graph::NodeKind::Step { .. }));
        assert!(
            !has_steps || !entry.sources.is_empty(),
            "{} cites sources",
            entry.id
        );
        for fact in &entry.facts {
            assert!(!fact.name.is_empty() && !fact.question.is_empty());
            // A fact has values to choose from, or is a typed detail with an example.
            assert!(
                !fact.values.is_empty() || (fact.accepts.is_some() && fact.example.is_some()),
                "fact {} has values or is typed",
                fact.id
            );
        }
        for callee in &entry.calls {
            assert!(graph.flow_by_id(callee).is_some(), "calls {callee}");
        }
        let start = view(entry.start);
        assert_eq!(
            start.flow, entry.id,
            "a shipped flow does not start in a call"
        );
        assert_eq!(
            start.node,
            flow.node(flow.start).id,
            "{} starts at its start",
            entry.id
        );
        assert!(start.trail.is_empty() && start.facts.is_empty());
        // The start node is exactly what `step` with no answers says.
        assert_eq!(start, step(&entry.id, &[], &[]));
        ids.insert(entry.id);
    }
    for id in SHIPPED_FLOWS {
        assert!(ids.contains(id), "`list --json` has {id}");
    }
    let all: BTreeSet<String> = graph.flows().map(|(_, f)| f.id.clone()).collect();
    assert_eq!(ids, all);
    assert_eq!(entries.len(), all.len(), "each flow listed once");
}

#[test]
fn list_json_facts_are_the_ones_the_flow_asks_subflows_included() {
    let run = Test::new().args(["list", "--json"]).stdout_json().run();
    let entries: Vec<FlowEntry> = serde_json::from_value(run.json()).expect("flow entries");
    let facts = |id: &str| -> Vec<String> {
        let entry = entries.iter().find(|e| e.id == id).expect("listed");
        entry.facts.iter().map(|f| f.id.clone()).collect()
    };
    // pairing asks the phone, and before it ends at support the details the letter needs.
    assert_eq!(
        facts("pairing"),
        [
            "phone_os",
            "model",
            "firmware",
            "phone_model",
            "order_number",
            "purchase_date"
        ]
    );
    // gps asks for the model itself and for the watch type inside firmware-update.
    let gps = facts("gps");
    assert!(gps.contains(&"model".to_string()) && gps.contains(&"watch_type".to_string()));
    let gps_entry = entries.iter().find(|e| e.id == "gps").expect("listed");
    assert!(gps_entry.calls.contains(&"firmware-update".to_string()));
    let model = gps_entry
        .facts
        .iter()
        .find(|f| f.id == "model")
        .expect("model");
    let values: Vec<&str> = model.values.iter().map(|v| v.id.as_str()).collect();
    assert!(values.contains(&"tank-m3-ultra") && values.contains(&"other"));
}

#[test]
fn list_without_json_is_a_table_of_ids_and_titles() {
    let mut test = Test::new().args(["list"]);
    for (_, flow) in shipped().flows() {
        test = test.stdout_contains(&flow.id).stdout_contains(&flow.title);
    }
    test.run();
}

// ---------------------------------------------------------------------------------------
// step
// ---------------------------------------------------------------------------------------

#[test]
fn step_with_no_answers_stands_at_the_start() {
    let start = step("pairing", &[], &[]);
    assert_eq!(start.flow, "pairing");
    assert_eq!(start.node, "problem");
    assert_eq!(start.kind, "question");
    let ids: Vec<&str> = start.choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["new-pairing", "app-connect", "drops"]);
    assert!(start.choices.iter().all(|c| !c.label.is_empty()));
    assert_eq!(start.outcome, None);
    assert!(start.trail.is_empty());
}

#[test]
fn step_answers_by_id_and_by_position_agree() {
    let by_id = step("pairing", &[], &["drops", "not-fixed"]);
    let by_position = step("pairing", &[], &["3", "2"]);
    assert_eq!(by_id, by_position);
    assert_eq!(by_id.node, "charge-watch");
    assert_eq!(by_id.kind, "step");
    let ids: Vec<&str> = by_id.choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["fixed", "not-fixed"]);
    assert!(!by_id.sources.is_empty(), "a step cites its FAQ source");
    // The trail records choice ids, never positions.
    let trail: Vec<(&str, &str, &str)> = by_id
        .trail
        .iter()
        .map(|t| (t.flow.as_str(), t.node.as_str(), t.answer.as_str()))
        .collect();
    assert_eq!(
        trail,
        [
            ("pairing", "problem", "drops"),
            ("pairing", "line-of-sight", "not-fixed")
        ]
    );
}

#[test]
fn step_to_an_end_reports_its_outcome() {
    let end = step("pairing", &[], &["drops", "fixed"]);
    assert_eq!(end.node, "paired");
    assert_eq!(end.kind, "end");
    assert_eq!(end.outcome.as_deref(), Some("resolved"));
    assert!(end.choices.is_empty());
    let info = step("gps", &[], &["3", "1", "1"]);
    assert_eq!(info.node, "no-gps-info");
    assert_eq!(info.outcome.as_deref(), Some("info"));
    assert_eq!(info.facts.get("model").map(String::as_str), Some("tank-m3"));
}

#[test]
fn step_reaches_the_end_of_every_shipped_scenario() {
    for scenario in shipped_scenarios() {
        let end = scenario.end();
        if let Some((flow, node)) = &scenario.expect {
            assert_eq!(
                (&end.flow, &end.node),
                (flow, node),
                "scenario {:?} of {}",
                scenario.name,
                scenario.flow
            );
        }
        if let Some(outcome) = scenario.outcome {
            assert_eq!(end.outcome.as_deref(), Some(outcome.as_str()));
        }
        // Every user answer is in the trail, facts given up front are kept.
        assert_eq!(end.trail.len(), scenario.answers.len(), "{}", scenario.name);
        for (key, value) in &scenario.facts {
            assert_eq!(end.facts.get(key), Some(value), "{}", scenario.name);
        }
    }
}

#[test]
fn step_into_a_subflow_reports_the_subflow_and_comes_back() {
    let graph = shipped();
    let pairing = graph.flow(graph.flow_by_id("pairing").expect("pairing"));
    let inside = step("notifications", &[], &["no"]);
    assert_eq!(inside.flow, "pairing");
    assert_eq!(inside.node, "problem");
    assert_eq!(inside.title, pairing.title);
    assert_eq!(
        inside.trail,
        [TrailEntry {
            flow: "notifications".into(),
            node: "connected".into(),
            answer: "no".into(),
            note: None,
        }]
    );
    let deeper = step("notifications", &[], &["no", "app-connect"]);
    assert_eq!(
        (deeper.flow.as_str(), deeper.node.as_str()),
        ("pairing", "reconnect-app")
    );
    // Pairing's resolved end returns to the caller's `then` node.
    let back = step("notifications", &[], &["no", "app-connect", "fixed"]);
    assert_eq!(
        (back.flow.as_str(), back.node.as_str()),
        ("notifications", "which")
    );
    let flows: Vec<&str> = back.trail.iter().map(|t| t.flow.as_str()).collect();
    assert_eq!(flows, ["notifications", "pairing", "pairing"]);
    // An escalate end inside the subflow ends the whole walk there.
    let answers = [&["no"], WONT_PAIR.as_slice(), &["other", "skip", "skip"]].concat();
    let stuck = step("notifications", &[], &answers);
    assert_eq!(
        (stuck.flow.as_str(), stuck.node.as_str()),
        ("pairing", "contact")
    );
    assert_eq!(stuck.outcome.as_deref(), Some("escalate"));
}

#[test]
fn a_known_fact_skips_its_question() {
    let answers = ["drops", "not-fixed", "not-fixed"];
    let asked = step("pairing", &[], &answers);
    assert_eq!(asked.node, "phone-os");
    assert_eq!(asked.kind, "question");
    let ids: Vec<&str> = asked.choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["android", "ios"]);

    let skipped = step("pairing", &[("phone_os", "ios")], &answers);
    assert_eq!(skipped.node, "remove-some-devices");
    assert_eq!(
        skipped.facts.get("phone_os").map(String::as_str),
        Some("ios")
    );
    assert!(skipped.trail.iter().all(|t| t.node != "phone-os"));
    assert_eq!(skipped.trail.len(), answers.len());

    let android = step("pairing", &[("phone_os", "android")], &answers);
    assert_eq!(android.node, "forget-device");
}

#[test]
fn a_fact_answered_in_a_subflow_is_not_asked_again() {
    // notifications → pairing asks the phone; back in notifications the question is skipped.
    let answers = [
        "no",
        "drops",
        "not-fixed",
        "not-fixed",
        "android",
        "fixed",
        "apps",
        "not-fixed",
        "not-fixed",
        "not-fixed",
    ];
    let view = step("notifications", &[], &answers);
    assert_eq!(
        (view.flow.as_str(), view.node.as_str()),
        ("notifications", "whitelist")
    );
    assert_eq!(
        view.facts.get("phone_os").map(String::as_str),
        Some("android")
    );
}

#[test]
fn step_refuses_a_bad_answer_with_the_valid_choices() {
    let (error, stderr) = refused_with_stderr(
        Test::new().args(["step", "pairing", "--answer", "drops", "--answer", "maybe"]),
    );
    assert_eq!(error.kind, "unknown_answer");
    assert_eq!(error.expected, ["fixed", "not-fixed"]);
    assert!(error.message.contains("maybe"), "{}", error.message);
    // The agent reads ids in the object; a person reads the node's words on stderr.
    assert_eq!(
        stderr,
        "watchfix: error: --answer #2 at step 2, \"Make sure nothing blocks the Bluetooth \
         connection between…\": \"maybe\" is not one of the answers: choose a number from 1 to \
         2.\n"
    );
    let (_, stderr) =
        refused_with_stderr(Test::new().args(["step", "pairing", "--answer", "drop"]));
    assert_eq!(
        stderr,
        "watchfix: error: --answer #1 at step 1, \"What happens when you connect the watch to \
         your phone?\": \"drop\" is not one of the answers; did you mean 3) It connects and then \
         disconnects, again and again?\n"
    );

    // Positions out of range are refused too.
    for position in ["0", "4"] {
        let (error, _) =
            refused_with_stderr(Test::new().args(["step", "pairing", "--answer", position]));
        assert_eq!(error.kind, "unknown_answer");
        assert_eq!(error.expected, ["new-pairing", "app-connect", "drops"]);
    }
}

/// What a refused firmware version says in plain mode and to `--answers`: the detail by
/// its name, and `skip` as the word to type.
const NOT_A_VERSION: &str = "That does not fit as the watch firmware version: a version is \
     numbers separated by dots; for example 1.2.3. Or type `skip`: I can't find it.";

#[test]
fn a_typed_value_refused_names_the_detail_not_its_id() {
    Test::new()
        .args(["run", "support-details", "--answers", "1,abc"])
        .status(2)
        .stdout_contains("Which firmware version is on the watch?")
        .stderr(format!(
            "watchfix: error: --answers #2 at step 2, \"Which firmware version is on the \
             watch?\": {NOT_A_VERSION}\n"
        ))
        .run();
    // Plain mode says the same, then shows again what the detail takes, not a menu.
    Test::new()
        .args(["run", "support-details", "--plain"])
        .stdin("1\nabc\nq\n")
        .status(4)
        .stdout_contains(
            "Answer: \n  Type a version number, for example 1.2.3; or `skip`: I can't find it\n\
             number choose · b back · r start over · n TEXT note · q quit\nAnswer: \n",
        )
        .stderr(format!(
            "{NOT_A_VERSION}\n{}",
            stopped_line("Stopped", 2, "support-details", true)
        ))
        .run();
}

#[test]
fn step_refuses_an_answer_after_the_end() {
    let (error, stderr) = refused_with_stderr(Test::new().args([
        "step", "gps", "--answer", "has-gps", "--answer", "tank-m3", "--answer", "fixed",
        "--answer", "1",
    ]));
    assert_eq!(error.kind, "walk_finished");
    assert_eq!(
        stderr,
        "watchfix: error: --answer #4 `1`: the walk ended before it; there is nothing left to \
         answer\n"
    );
}

#[test]
fn step_refuses_an_unknown_flow_and_lists_the_flows() {
    let error = refused(Test::new().args(["step", "pairng"]));
    assert_eq!(error.kind, "unknown_flow");
    let expected: BTreeSet<&str> = error.expected.iter().map(String::as_str).collect();
    let all: BTreeSet<String> = shipped().flows().map(|(_, f)| f.id.clone()).collect();
    assert_eq!(expected, all.iter().map(String::as_str).collect());
    assert!(error.message.contains("pairng"), "{}", error.message);
}

#[test]
fn step_refuses_a_malformed_fact() {
    for flag in ["abc", "=ios", "phone_os="] {
        let error = refused(Test::new().args(["step", "pairing", "--fact", flag]));
        assert!(error.message.contains(flag), "{}", error.message);
        assert_eq!(error.kind, "bad_fact");
    }
}

#[test]
fn step_refuses_an_unknown_fact_and_an_unknown_value() {
    let error = refused(Test::new().args(["step", "pairing", "--fact", "os=ios"]));
    assert_eq!(error.kind, "unknown_fact");
    for fact in ["phone_os", "watch_type", "model"] {
        assert!(
            error.expected.contains(&fact.to_string()),
            "{:?}",
            error.expected
        );
    }

    let error = refused(Test::new().args(["step", "gps", "--fact", "model=tank-z9"]));
    assert_eq!(error.kind, "unknown_fact_value");
    assert!(error.expected.contains(&"tank-m3-ultra".to_string()));
    assert!(error.message.contains("tank-z9"), "{}", error.message);
}

#[test]

fn step_with_a_missing_tree_directory_still_prints_an_error_object() {
    // SPEC: bad input to `step` exits 2 with `{"error": ...}` on stdout. An agent reads
    // stdout; today it gets nothing.
    let error = refused(Test::new().args(["step", "pairing", "--trees", "/nonexistent"]));
    assert!(error.message.contains("/nonexistent"), "{}", error.message);
}

// ---------------------------------------------------------------------------------------
// run --answers
// ---------------------------------------------------------------------------------------

/// The flow list `run` and `step` give with an unknown flow, from the shipped trees.
fn unknown_flow_message(flow: &str, near: &str) -> String {
    let ids: Vec<String> = shipped().flows().map(|(_, f)| f.id.clone()).collect();
    format!(
        "unknown flow `{flow}` (did you mean `{near}`?); the flows are: {}",
        ids.join(", ")
    )
}

#[test]
fn run_answers_to_a_resolved_end_exits_0() {
    let end = step("pairing", &[], &["drops", "fixed"]);
    Test::new()
        .args(["run", "pairing", "--answers", "drops,fixed"])
        .stdout_contains(&end.text)
        .stdout_contains("Outcome: Fixed")
        .run();
}

#[test]
fn run_answers_to_an_info_end_exits_0() {
    // The TANK X1 has no GPS: an answer, not a fix.
    let answers = ["has-gps", "tank-x1", "fixed"];
    let end = step("gps", &[], &answers);
    assert_eq!(
        (end.node.as_str(), end.outcome.as_deref()),
        ("no-gps-info", Some("info"))
    );
    Test::new()
        .args(["run", "gps", "--answers", &answers.join(",")])
        .stdout_contains(&end.text)
        .run();
    // A known model skips its question.
    let end = step("gps", &[("model", "other")], &["has-gps", "fixed"]);
    Test::new()
        .args([
            "run",
            "gps",
            "--fact",
            "model=other",
            "--answers",
            "has-gps,fixed",
        ])
        .stdout_contains(&end.text)
        .run();
}

/// Pairing's won't-pair chain, every fix tried and none working, up to the details the
/// letter needs.
const WONT_PAIR: [&str; 6] = [
    "new-pairing",
    "no",
    "not-fixed",
    "not-fixed",
    "not-fixed",
    "not-fixed",
];

#[test]
fn run_answers_to_an_escalate_end_exits_3_with_a_support_message() {
    // Before it ends at support the walk asks the model, the firmware version and the
    // phone, for the letter: a model, a typed version, and "I don't know" for the phone.
    let answers = [WONT_PAIR.as_slice(), &["tank-x1", "2.4.1", "skip"]].concat();
    let end = step("pairing", &[], &answers);
    assert_eq!(
        (end.node.as_str(), end.outcome.as_deref()),
        ("contact", Some("escalate"))
    );
    Test::new()
        .args(["run", "pairing", "--answers", &answers.join(",")])
        .status(3)
        .stdout_contains(&end.text)
        .stdout_contains("KOSPET Customer Service")
        .stdout_contains("Subject: ")
        // The typed details reach the letter; the skipped one is left to add.
        .stdout_contains("- Watch model: TANK X1\n")
        .stdout_contains("- Watch firmware version: 2.4.1\n")
        .stdout_contains("- Phone model and system version: [add ")
        .run();
}

#[test]
fn run_answers_reproduce_every_shipped_scenario_exit_code() {
    for scenario in shipped_scenarios() {
        let end = scenario.end();
        let code = exit_code_for(end.outcome.as_deref().expect("an end"));
        let mut args = vec!["run".to_string(), scenario.flow.clone()];
        args.extend(scenario.fact_args());
        if !scenario.answers.is_empty() {
            args.push("--answers".into());
            args.push(scenario.answers.join(","));
        }
        Test::new()
            .args(&args)
            .status(code)
            .stdout_contains(&end.text)
            .run();
    }
}

/// Where `--answers drops` leave the pairing walk, as a person reads it: no node id.
const RAN_OUT_AT_LINE_OF_SIGHT: &str = "watchfix: the answers ran out before the walk ended, at \
     step 2: \"Make sure nothing blocks the Bluetooth connection between…\"\n";

#[test]
fn run_answers_that_run_out_exit_4() {
    Test::new()
        .args(["run", "pairing", "--answers", "drops"])
        .status(4)
        .stdout_contains("== ")
        .stderr(RAN_OUT_AT_LINE_OF_SIGHT)
        .run();
}

#[test]
fn run_answers_that_run_out_show_the_next_question() {
    // `--json` prints the node where the answers ran out; plain text should too, so the
    // user sees what to answer next instead of only a node id on stderr.
    let next = step("pairing", &[], &["drops"]);
    Test::new()
        .args(["run", "pairing", "--answers", "drops"])
        .status(4)
        .stdout_contains(&next.text)
        .stderr_contains("ran out")
        .run();
}

#[test]
fn run_answers_refuse_a_bad_answer_and_an_unknown_flow_with_exit_2() {
    // The walk up to the bad answer is shown, then refused.
    let line_of_sight = step("pairing", &[], &["drops"]);
    Test::new()
        .args(["run", "pairing", "--answers", "drops,perhaps"])
        .status(2)
        .stdout_contains(&line_of_sight.text)
        .stderr(
            "watchfix: error: --answers #2 at step 2, \"Make sure nothing blocks the Bluetooth \
             connection between…\": \"perhaps\" is not one of the answers: choose a number from 1 \
             to 2.\n",
        )
        .run();

    Test::new()
        .args(["run", "pairng", "--answers", "1"])
        .status(2)
        .stderr("watchfix: error: unknown flow `pairng`; did you mean `pairing`?\n")
        .run();
    // `step` is for agents: it lists every flow id.
    Test::new()
        .args(["step", "pairng"])
        .status(2)
        .stdout_json()
        .stderr(format!(
            "watchfix: error: {}\n",
            unknown_flow_message("pairng", "pairing")
        ))
        .run();
    // A prefix names the flow meant too.
    Test::new()
        .args(["run", "pair"])
        .status(2)
        .stderr("watchfix: error: unknown flow `pair`; did you mean `pairing`?\n")
        .run();
    // An answer close to a choice id names it.
    Test::new()
        .args(["run", "pairing", "--answers", "drop"])
        .status(2)
        .stdout_contains(&step("pairing", &[], &[]).text)
        .stderr(
            "watchfix: error: --answers #1 at step 1, \"What happens when you connect the watch \
             to your phone?\": \"drop\" is not one of the answers; did you mean 3) It connects and \
             then disconnects, again and again?\n",
        )
        .run();

    // Answers left over after the end are a mistake too.
    let end = step("pairing", &[], &["drops", "fixed"]);
    Test::new()
        .args(["run", "pairing", "--answers", "drops,fixed,fixed"])
        .status(2)
        .stdout_contains(&end.text)
        .stderr(
            "watchfix: error: --answers #3 `fixed`: the walk ended before it; there is nothing \
             left to answer\n",
        )
        .run();
}

#[test]
fn run_refuses_bad_facts_with_exit_2() {
    for (fact, message) in [
        (
            "abc",
            "--fact `abc`: expected KEY=VALUE, such as phone_os=ios",
        ),
        (
            "os=ios",
            "--fact: unknown fact `os`: expected one of phone_os, watch_type, model, firmware, phone_model, order_number, purchase_date",
        ),
        (
            "phone_os=nokia",
            "--fact: fact `phone_os` has no value `nokia`: expected one of android, ios",
        ),
        // The closest key or value is named: by prefix, by typo, or by its label.
        (
            "phone=ios",
            "--fact: unknown fact `phone`: expected one of phone_os, watch_type, model, \
             firmware, phone_model, order_number, purchase_date (did you mean `phone_os`?)",
        ),
        (
            "phone_os=iphone",
            "--fact: fact `phone_os` has no value `iphone`: expected one of android, ios \
             (did you mean `ios`?)",
        ),
        (
            "model=tank-m3-ultr",
            "--fact: fact `model` has no value `tank-m3-ultr`: expected one of tank-m3, \
             tank-m3-ultra, tank-t3, tank-t3-ultra, tank-x1, other (did you mean `tank-m3-ultra`?)",
        ),
    ] {
        Test::new()
            .args(["run", "pairing", "--fact", fact, "--answers", "1"])
            .status(2)
            .stderr(format!("watchfix: error: {message}\n"))
            .run();
    }
}

#[test]
fn run_answers_json_prints_one_node_per_line() {
    let answers = ["drops", "not-fixed", "fixed"];
    let run = Test::new()
        .args(["run", "pairing", "--json", "--answers", &answers.join(",")])
        .stdout_json_lines()
        .run();
    let mut lines = run.json_lines();
    // The last line writes the walk up: the letter's parts and the handoff document.
    let summary = lines.pop().expect("a summary line");
    assert_eq!(summary["summary"]["outcome"], "resolved", "{summary}");
    assert_eq!(summary["summary"]["handoff"]["format"], "watchfix-handoff");
    assert!(
        summary["summary"]["letter"]["subject"].is_string(),
        "{summary}"
    );
    let mut trail = Vec::new();
    let views: Vec<View> = lines
        .into_iter()
        .map(|line| run_line(line, &mut trail))
        .collect();
    assert_eq!(views.len(), answers.len() + 1, "{}", run.stdout);
    for (index, shown) in views.iter().enumerate() {
        assert_eq!(shown, &step("pairing", &[], &answers[..index]));
    }
    // The whole trail once, on the summary line.
    let full: Vec<TrailEntry> =
        serde_json::from_value(summary["summary"]["trail"].clone()).expect("the trail");
    assert_eq!(full, trail);
    assert_eq!(full.len(), answers.len());
    assert_eq!(
        views.last().and_then(|v| v.outcome.as_deref()),
        Some("resolved")
    );

    // When the answers run out, the last line is where the walk stopped.
    let run = Test::new()
        .args(["run", "pairing", "--json", "--answers", "drops"])
        .status(4)
        .stdout_json_lines()
        .stderr(RAN_OUT_AT_LINE_OF_SIGHT)
        .run();
    let mut lines = run.json_lines();
    let summary = lines.pop().expect("a summary line");
    assert_eq!(summary["summary"]["finished"], false, "{summary}");
    let last = run_line(lines.pop().expect("a line"), &mut Vec::new());
    assert_eq!(last.node, "line-of-sight");
    assert_eq!(last.trail[0].answer, "drops");
}

// ---------------------------------------------------------------------------------------
// run with piped stdin (plain mode)
// ---------------------------------------------------------------------------------------

/// A plain walk that stops before its end prints `before` on stderr, then the session it
/// saved; its id is generated, so the test sets parts and this checks the whole.
#[track_caller]
/// The line a walk of the shipped `flow` leaves when it stops at `step`: `how` it stopped
/// and, when it is kept, how to go on.
fn stopped_line(how: &str, step: usize, flow: &str, kept: bool) -> String {
    let title = step_view_title(flow);
    if kept {
        format!("{how} at step {step} of \"{title}\". `watchfix resume {flow}` continues it.\n")
    } else {
        format!("{how} at step {step} of \"{title}\".\n")
    }
}

/// A shipped flow's title, as `step` reports it.
fn step_view_title(flow: &str) -> String {
    step(flow, &[], &[]).title
}

#[test]
fn piped_stdin_that_ends_early_exits_4_without_hanging() {
    let start = step("pairing", &[], &[]);
    let stopped = step("pairing", &[], &["1", "1"]);
    assert_eq!(stopped.node, "unpair-old");
    let mut test = Test::new()
        .args(["run", "pairing"])
        .stdin("1\n1\n")
        .status(4)
        .stdout_contains(&start.text)
        .stdout_contains(&stopped.text)
        .stderr(stopped_line("Input ended", 3, "pairing", true));
    for choice in &start.choices {
        test = test.stdout_contains(&choice.label);
    }
    test.run();

    // No input at all: stops at once, and keeps nothing, as no answer was given.
    let test = Test::new()
        .args(["run", "pairing"])
        .stdin("")
        .status(4)
        .stdout_contains(&start.text)
        .stderr(stopped_line("Input ended", 1, "pairing", false));
    test.run();
    assert!(
        !test.state_dir().join("watchfix/sessions").exists()
            || std::fs::read_dir(test.state_dir().join("watchfix/sessions"))
                .unwrap()
                .next()
                .is_none()
    );
}

#[test]
fn piped_stdin_walks_every_shipped_scenario_to_its_end() {
    for scenario in shipped_scenarios() {
        let end = scenario.end();
        let code = exit_code_for(end.outcome.as_deref().expect("an end"));
        let mut args = vec!["run".to_string(), scenario.flow.clone()];
        args.extend(scenario.fact_args());
        let mut input: String = scenario.answers.iter().map(|a| format!("{a}\n")).collect();
        // Lines after the end are never read.
        input.push_str("q\n");
        Test::new()
            .args(&args)
            .stdin(&input)
            .status(code)
            .stdout_contains(&end.text)
            .stdout_contains("Outcome: ")
            .run();
    }
}

#[test]
fn piped_stdin_escalate_exits_3_with_a_support_message() {
    Test::new()
        .args(["run", "pairing", "--plain"])
        .stdin("1\n2\n2\n2\n2\n2\n1\nskip\nskip\n")
        .status(3)
        .stdout_contains("A message you can send to KOSPET Customer Service")
        .run();
}

#[test]
fn piped_stdin_back_and_start_over() {
    // drops → back to the first question → new-pairing → start over → drops → fixed.
    let start = step("pairing", &[], &[]);
    let paired_before = step("pairing", &[], &["new-pairing"]);
    let run = Test::new()
        .args(["run", "pairing"])
        .stdin("3\nb\n1\nr\n3\n1\n")
        .stdout_contains(&paired_before.text)
        .run();
    let walk = before_summary(&run.stdout);
    assert_eq!(walk.matches(&start.text).count(), 3, "{walk}");
    assert!(walk.contains(&paired_before.text), "{walk}");
    // The summary holds only the answers that stand: two of them.
    let summary = &run.stdout[walk.len()..];
    assert!(summary.contains("  2. "), "{summary}");
    assert!(!summary.contains("  3. "), "{summary}");
    assert!(!summary.contains(&paired_before.text), "{summary}");
    assert!(summary.contains("Outcome: Fixed"), "{summary}");

    // Back at the first question leads to the list of problems, where `q` quits quietly.
    Test::new()
        .args(["run", "pairing"])
        .stdin("b\nq\n")
        .status(4)
        .stdout_contains(&start.text)
        .stdout_contains("\nWhat is wrong with your watch?\n")
        .run();
}

#[test]
fn piped_stdin_start_over_keeps_the_given_facts() {
    // With an iPhone known, the phone question never comes, not even after starting over.
    let phone = step("pairing", &[], &["drops", "not-fixed", "not-fixed"]);
    assert_eq!(phone.node, "phone-os");
    let run = Test::new()
        .args(["run", "pairing", "--fact", "phone_os=ios"])
        .stdin("drops\nnot-fixed\nr\ndrops\nnot-fixed\nnot-fixed\nfixed\n")
        .stdout_contains("Outcome: Fixed")
        .run();
    assert!(!run.stdout.contains(&phone.text), "{}", run.stdout);
}

#[test]
fn piped_stdin_q_quits_with_exit_4() {
    let run = Test::new()
        .args(["run", "pairing"])
        .stdin("3\nq\n1\n")
        .status(4)
        .stdout_contains(&step("pairing", &[], &["3"]).text)
        .stderr(stopped_line("Stopped", 2, "pairing", true))
        .run();
    assert!(!run.stdout.contains("Outcome:"), "{}", run.stdout);
}

#[test]
fn piped_stdin_refuses_bad_lines_and_asks_again() {
    let start = step("pairing", &[], &[]);
    let refusal = |answer: &str| {
        format!("\"{answer}\" is not one of the answers: choose a number from 1 to 3.\n")
    };
    let run = Test::new()
        .args(["run", "pairing"])
        .stdin("maybe\n9\n0\n3\nq\n")
        .status(4)
        .stdout_contains(&start.text)
        .stderr(format!(
            "{}{}{}{}",
            refusal("maybe"),
            refusal("9"),
            refusal("0"),
            stopped_line("Stopped", 2, "pairing", true)
        ))
        .run();
    // After a refused answer only the choices are shown again.
    assert_eq!(run.stdout.matches(&start.text).count(), 1, "{}", run.stdout);
    let first = &start.choices[0].label;
    assert_eq!(
        run.stdout.matches(first.as_str()).count(),
        4,
        "{}",
        run.stdout
    );

    // A near miss names the choice meant, by its number and label.
    let drops = start
        .choices
        .iter()
        .position(|c| c.id == "drops")
        .expect("drops");
    Test::new()
        .args(["run", "pairing"])
        .stdin("drop\n")
        .status(4)
        .stdout_contains(&start.text)
        .stderr(format!(
            "\"drop\" is not one of the answers; did you mean {}) {}?\n{}",
            drops + 1,
            start.choices[drops].label,
            stopped_line("Input ended", 1, "pairing", false)
        ))
        .run();
}

#[test]
fn piped_stdin_with_json_prints_json_lines() {
    let run = Test::new()
        .args(["run", "gps", "--json"])
        .stdin("has-gps\ntank-m3\nfixed\n")
        .stdout_json_lines()
        .run();
    let mut lines = run.json_lines();
    assert!(lines.pop().is_some_and(|last| last["summary"].is_object()));
    let mut trail = Vec::new();
    let views: Vec<View> = lines
        .into_iter()
        .map(|line| run_line(line, &mut trail))
        .collect();
    let nodes: Vec<&str> = views.iter().map(|v| v.node.as_str()).collect();
    assert_eq!(nodes, ["problem", "model-has-gps", "no-gps", "no-gps-info"]);
}

// ---------------------------------------------------------------------------------------
// The bare `watchfix`: a menu, then a walk
// ---------------------------------------------------------------------------------------

/// The menu number shown for a flow's title.
fn menu_number(menu: &str, title: &str) -> String {
    let line = menu
        .lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("{title:?} is on the menu:\n{menu}"));
    let (number, _) = line.trim().split_once(')').expect("a numbered line");
    number.to_string()
}

#[test]
fn bare_watchfix_shows_a_numbered_menu_and_walks_the_chosen_flow() {
    let graph = shipped();
    let mut test = Test::new().stdin("q\n").status(4);
    for (_, flow) in graph.flows() {
        test = test.stdout_contains(&flow.title);
    }
    let menu = test.run().stdout;
    for (_, flow) in graph.flows() {
        menu_number(&menu, &flow.title);
    }
    let sync = graph.flow(graph.flow_by_id("sync").expect("sync"));
    let number = menu_number(&menu, &sync.title);
    let answers = ["contacts", "fixed"];
    let end = step("sync", &[], &answers);
    assert_eq!(end.outcome.as_deref(), Some("resolved"));
    let first = step("sync", &[], &[]);
    Test::new()
        .stdin(&format!("{number}\n{}\n", answers.join("\n")))
        .stdout_contains(&first.text)
        .stdout_contains(&end.text)
        .run();
}

/// `--plain` before a command is the bare menu's, and says where a command takes it.
#[test]
fn plain_before_a_command_is_refused_with_where_it_goes() {
    Test::new()
        .args(["--plain", "run", "pairing"])
        .status(2)
        .stderr(
            "error: --plain before a command is for the bare `watchfix` menu; put it after `run` or `resume`\n\n\
             Usage: watchfix [OPTIONS] [COMMAND]\n\nFor more information, try '--help'.\n",
        )
        .run();
}

/// The heading over a description's matches says how good the best is: a good match is
/// "Possible", never "Nothing fits closely" over an item that says "(good match)".
#[test]
fn a_good_match_is_headed_as_possible() {
    let run = Test::new()
        .stdin("gps wrong\nq\n")
        .status(4)
        .stdout_contains(
            "Possible matches\n  1) Maybe: GPS isn't working, the route is wrong, or the altitude is off (good match)\n",
        )
        .run();
    assert!(
        !run.stdout.contains("Nothing fits closely"),
        "{}",
        run.stdout
    );
}

#[test]
fn bare_watchfix_takes_a_flow_id_and_refuses_what_is_not_on_the_menu() {
    let charge = step("pairing", &[], &["drops", "not-fixed"]);
    let flows = shipped().flows().len();
    Test::new()
        .stdin("42\nbogus\npairing\ndrops\nnot-fixed\nq\n")
        .status(4)
        .stdout_contains(&charge.text)
        .stdout_contains("Nothing matches \"bogus\".\n")
        .stdout_contains("Something else: write to support\n")
        .stderr(format!(
            "42 is not on the list: choose a number from 1 to {flows}.\n{}",
            stopped_line("Stopped", 3, "pairing", true)
        ))
        .run();
    // End of input at the menu stops too, and saves nothing: no walk was started.
    let graph = shipped();
    let pairing = graph.flow(graph.flow_by_id("pairing").expect("pairing"));
    Test::new()
        .stdin("")
        .status(4)
        .stdout_contains(&pairing.title)
        .run();
}

// ---------------------------------------------------------------------------------------
// --report
// ---------------------------------------------------------------------------------------

#[test]
fn report_of_a_resolved_walk_is_a_markdown_summary() {
    let test = Test::new()
        .args([
            "run",
            "pairing",
            "--answers",
            "drops,fixed",
            "--report",
            "report.md",
        ])
        .stdout_contains("Outcome: Fixed")
        .stderr("watchfix: summary saved to report.md\n");
    test.run();
    let report = std::fs::read_to_string(test.path().join("report.md")).expect("the report");
    let graph = shipped();
    let pairing = graph.flow(graph.flow_by_id("pairing").expect("pairing"));
    assert!(report.starts_with("# "), "{report}");
    assert!(report.contains(&pairing.title), "{report}");
    assert!(report.contains("`pairing`"), "{report}");
    assert!(report.contains("Fixed"), "{report}");
    let line_of_sight = step("pairing", &[], &["drops"]);
    assert!(report.contains(&line_of_sight.text), "{report}");
    let end = step("pairing", &[], &["drops", "fixed"]);
    assert!(report.contains(&end.text), "{report}");
}

#[test]
fn report_of_an_escalated_walk_is_a_message_for_support() {
    let facts = [("model", "tank-m3-ultra"), ("phone_os", "android")];
    // The model is known: only the firmware version and the phone are asked.
    let answers = [WONT_PAIR.as_slice(), &["skip", "skip"]].concat();
    let end = step("pairing", &facts, &answers);
    assert_eq!(end.outcome.as_deref(), Some("escalate"));
    let test = Test::new()
        .args([
            "run",
            "pairing",
            "--fact",
            "model=tank-m3-ultra",
            "--fact",
            "phone_os=android",
            "--answers",
            &answers.join(","),
            "--report",
            "support.md",
        ])
        .status(3)
        .stdout_contains(&end.text)
        .stderr("watchfix: summary saved to support.md\n");
    test.run();
    let report = std::fs::read_to_string(test.path().join("support.md")).expect("the report");
    assert!(report.contains("KOSPET Customer Service"), "{report}");
    assert!(report.contains("TANK M3 ULTRA"), "model: {report}");
    assert!(report.contains("An Android phone"), "phone: {report}");
    assert!(report.to_lowercase().contains("firmware"), "{report}");
    // Every step tried is one numbered line with the answer given, and nothing of the end
    // node's advice to the owner is pasted into the letter.
    let steps = (2..answers.len())
        .filter(|&index| step("pairing", &facts, &answers[..index]).kind == "step")
        .count();
    let tried = report
        .lines()
        .filter(|line| {
            line.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<usize>().is_ok())
        })
        .count();
    assert_eq!(tried, steps, "{report}");
    assert!(report.contains("still won't pair"), "{report}");
    assert!(!report.contains(&end.text), "{report}");
}

#[test]
fn report_is_written_after_a_piped_walk() {
    let end = step("gps", &[], &["has-gps", "tank-t3", "fixed"]);
    let test = Test::new()
        .args(["run", "gps", "--report", "gps.md"])
        .stdin("has-gps\ntank-t3\nfixed\n")
        .stdout_contains(&end.text)
        .stderr("watchfix: summary saved to gps.md\n");
    test.run();
    let report = std::fs::read_to_string(test.path().join("gps.md")).expect("the report");
    assert!(report.contains("TANK T3"), "{report}");
    assert!(report.contains(&end.text), "{report}");
}

// ---------------------------------------------------------------------------------------
// Tree directories
// ---------------------------------------------------------------------------------------

const NO_SUCH_TREES: &str = "watchfix: error: --trees /nonexistent: no such directory\n";

#[test]
fn a_missing_trees_directory_is_a_usage_error() {
    for command in [
        &["list"][..],
        &["run", "pairing", "--answers", "1"],
        &["validate"],
        &["test"],
    ] {
        Test::new()
            .args(["--trees", "/nonexistent"])
            .args(command)
            .status(2)
            .stderr(NO_SUCH_TREES)
            .run();
    }
    // The message names where the directory came from.
    Test::new()
        .env("WATCHFIX_TREES", "/nonexistent")
        .args(["list"])
        .status(2)
        .stderr("watchfix: error: WATCHFIX_TREES=/nonexistent: no such directory\n")
        .run();
    let error = refused(
        Test::new()
            .env("WATCHFIX_TREES", "/nonexistent")
            .args(["step", "pairing"]),
    );
    assert_eq!(
        error.message,
        "WATCHFIX_TREES=/nonexistent: no such directory"
    );
}

#[test]
fn a_copy_of_the_shipped_trees_walks_like_the_embedded_ones() {
    let answers = ["drops", "not-fixed", "fixed"];
    let embedded = step("pairing", &[], &answers);
    let run = Test::new()
        .shipped_trees()
        .args(step_args("pairing", &[], &answers))
        .stdout_json()
        .run();
    assert_eq!(step_view(&run), embedded);
}

#[test]
fn watchfix_trees_names_the_directory_to_load() {
    let test = Test::new();
    let dir = test.path().join("custom");
    std::fs::create_dir_all(dir.join("nested")).expect("mkdir");
    std::fs::write(
        dir.join("nested").join("mini.ron"),
        mini(r#"(name: "yes", answers: ["yes"], expect: "ok"),"#),
    )
    .expect("write");
    let run = test
        .env("WATCHFIX_TREES", &dir.to_string_lossy())
        .args(["list", "--json"])
        .stdout_json()
        .run();
    let entries: Vec<FlowEntry> = serde_json::from_value(run.json()).expect("flow entries");
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["mini"],
        "subfolders are loaded, the built-in trees are not"
    );
}

#[test]
fn invalid_trees_make_run_and_step_exit_1() {
    let broken = shipped_tree("pairing.ron").replace(
        "not_fixed: \"reset-reinstall\"",
        "not_fixed: \"reset-reinstal\"",
    );
    assert_ne!(broken, shipped_tree("pairing.ron"));
    for args in [
        &["run", "pairing", "--answers", "drops,fixed"][..],
        &["run", "gps", "--answers", "tank-m3"],
        &["step", "pairing"],
        &["list", "--json"],
        &["graph", "pairing"],
    ] {
        Test::new()
            .shipped_trees()
            .tree("pairing.ron", &broken)
            .args(args)
            .status(1)
            .stderr_contains("error[E0009]: `not_fixed` names no node \"reset-reinstal\"\n")
            // The nodes the typo cuts off are one warning, however many they are.
            .stderr_contains(
                "\nwatchfix: error: the trees are invalid (1 error, 1 warning); run `watchfix validate` for details\n",
            )
            .run();
    }
}

// ---------------------------------------------------------------------------------------
// test, validate, graph
// ---------------------------------------------------------------------------------------

const MINI: &str = r#"Flow(
    id: "mini",
    title: "Mini",
    category: "Test",
    symptoms: ["mini"],
    start: "works",
    nodes: {
        "works": Ask(text: "Does it work?", choices: [
            (id: "yes", label: "Yes", next: "ok"),
            (id: "no", label: "No", next: "help"),
        ]),
        "ok": End(outcome: Resolved, text: "Good."),
        "help": End(outcome: Escalate, text: "Contact support."),
    },
    scenarios: [
        SCENARIOS
    ],
)
"#;

fn mini(scenarios: &str) -> String {
    MINI.replace("SCENARIOS", scenarios)
}

#[test]
fn test_passes_on_the_shipped_trees_with_full_coverage() {
    let total: usize = shipped().flows().map(|(_, f)| f.scenarios.len()).sum();
    let mut test = Test::new()
        .args(["test", "--min-coverage", "100"])
        .stdout_contains(format!("\n{total} passed, 0 failed\n"));
    for id in SHIPPED_FLOWS {
        test = test.stdout_contains(format!("ok   {id} "));
    }
    test.run();
    // The same from a directory, as a tree author's CI runs it.
    let test = Test::new().shipped_trees();
    let dir = test.trees_dir().to_string_lossy().into_owned();
    test.args(["test", &dir, "--min-coverage", "100"])
        .stdout_contains(format!("\n{total} passed, 0 failed\n"))
        .run();
}

#[test]
fn test_fails_naming_a_failing_scenario() {
    let tree = mini(
        r#"(name: "yes means it works", answers: ["yes"], expect: "ok"),
        (name: "no is wrongly expected to be fine", answers: ["no"], expect: "ok"),"#,
    );
    Test::new()
        .tree("mini.ron", &tree)
        .args(["test"])
        .status(1)
        .stdout(
            "FAIL mini  1/2 scenarios  nodes 100.0% (3/3)  choices 100.0% (2/2)
       scenario \"no is wrongly expected to be fine\" failed: ended at mini/help, expected mini/ok

1 passed, 1 failed
",
        )
        .run();
}

#[test]
fn test_fails_below_the_minimum_coverage() {
    let tree = mini(r#"(name: "only yes", answers: ["yes"], expect: "ok", outcome: Resolved),"#);
    let report = "ok   mini  1/1 scenarios  nodes  66.7% (2/3)  choices  50.0% (1/2)
       not covered: works -> no, help

1 passed, 0 failed
";
    Test::new()
        .tree("mini.ron", &tree)
        .args(["test", "--min-coverage", "100"])
        .status(1)
        .stdout(report)
        .stderr("watchfix: error: choice coverage below 100% in: mini\n")
        .run();
    // Coverage is only enforced when asked for.
    Test::new()
        .tree("mini.ron", &tree)
        .args(["test"])
        .stdout(report)
        .run();
    Test::new()
        .tree("mini.ron", &tree)
        .args(["test", "--min-coverage", "50"])
        .stdout(report)
        .run();
}

#[test]
fn validate_passes_on_the_shipped_trees_even_with_deny_warnings() {
    // The counts are the shipped trees'; what matters is that nothing is found.
    Test::new()
        .args(["validate", "--deny-warnings"])
        .stderr_contains(": no problems found\n")
        .run();
    Test::new()
        .shipped_trees()
        .args(["validate", "--deny-warnings"])
        .stderr_contains(": no problems found\n")
        .run();
    Test::new()
        .args(["validate", "--format", "json"])
        .stdout("[]\n")
        .run();
}

#[test]
fn validate_does_not_call_a_node_reached_by_a_sibling_of_a_typo_unreachable() {
    // `works -> no` names "hlep"; `works -> yes` still reaches `ok`.
    let tree = MINI.replace("next: \"help\"", "next: \"hlep\"").replace(
        "SCENARIOS",
        r#"(name: "yes", answers: ["yes"], expect: "ok"),"#,
    );
    let run = Test::new()
        .tree("mini.ron", &tree)
        .args(["validate", "--format", "json"])
        .status(1)
        .stdout_json()
        .run();
    let diagnostics = run.json();
    let messages: Vec<&str> = diagnostics
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(messages.iter().any(|m| m.contains("hlep")), "{messages:?}");
    assert!(
        !messages
            .iter()
            .any(|m| m.contains("node `ok` cannot be reached")),
        "{messages:?}"
    );
}

#[test]
fn graph_draws_every_node_in_dot_and_mermaid() {
    let graph = shipped();
    let pairing = graph.flow(graph.flow_by_id("pairing").expect("pairing"));
    let mut dot = Test::new()
        .args(["graph", "pairing", "--format", "dot"])
        .stdout_contains("digraph")
        .stdout_contains("\"problem\" -> \"paired-before\"");
    let mut mermaid = Test::new()
        .args(["graph", "pairing", "--format", "mermaid"])
        .stdout_contains("flowchart");
    for node in &pairing.nodes {
        dot = dot.stdout_contains(format!("\"{}\"", node.id));
        mermaid = mermaid.stdout_contains(&node.id);
    }
    let dot = dot.run().stdout;
    assert!(dot.starts_with("digraph"), "{dot}");
    mermaid.run();
    // The default format is DOT; an unknown flow is a usage error.
    Test::new().args(["graph", "pairing"]).stdout(dot).run();
    Test::new()
        .args(["graph", "pairng"])
        .status(2)
        .stderr("watchfix: error: unknown flow `pairng`; did you mean `pairing`?\n")
        .run();
}

#[test]
fn graph_of_a_flow_with_a_subflow_names_the_callee() {
    Test::new()
        .args(["graph", "sync"])
        .stdout_contains("pairing")
        .run();
}

// ---------------------------------------------------------------------------------------
// help and completions (the help text itself is snapshotted in tests/snapshots.rs)
// ---------------------------------------------------------------------------------------

#[test]
fn an_unknown_flag_is_a_usage_error() {
    Test::new()
        .args(["--no-such-flag"])
        .status(2)
        .stderr(
            "error: unexpected argument '--no-such-flag' found

Usage: watchfix [OPTIONS] [COMMAND]

For more information, try '--help'.
",
        )
        .run();
}

#[test]
fn completions_for_bash_call_the_binary_back() {
    // The script asks the binary itself at each TAB (see tests/completions.rs).
    Test::new()
        .args(["completions", "bash"])
        .stdout_contains("COMPLETE=\"bash\"")
        .stdout_contains(
            "complete -o nospace -o bashdefault -o nosort -F _clap_complete_watchfix watchfix",
        )
        .run();
}
