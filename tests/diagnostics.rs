//! Every diagnostic `watchfix validate` can raise, proven by a failing tree under
//! `tests/invalid/` with its exact code, file, line and column; then the three renderers
//! (human, JSON, GitHub) and a broken copy of the shipped trees, all through the binary.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::Test;
use serde_json::Value;
use watchfix::diagnostic::{Code, Severity};

/// One failing tree: running `validate` on `fixture` must report exactly one diagnostic,
/// `code` at `file:line:column` (1-based, columns in characters), whose message contains
/// `message`. A global diagnostic has no file and line and column 0.
struct Case {
    fixture: &'static str,
    code: &'static str,
    file: &'static str,
    line: u64,
    column: u64,
    message: &'static str,
}

/// One row per failing tree, in the style of just's `analysis_error!`: each row becomes a
/// `#[test]` and an entry of `CASES`, which `every_code_has_a_failing_tree` checks against
/// `Code::ALL`.
macro_rules! cases {
    ($($name:ident: $fixture:literal => $code:literal at $file:literal:$line:literal:$column:literal, $message:literal;)*) => {
        const CASES: &[Case] = &[$(Case {
            fixture: $fixture,
            code: $code,
            file: $file,
            line: $line,
            column: $column,
            message: $message,
        }),*];

        $(
            #[test]
            fn $name() {
                check(&Case {
                    fixture: $fixture,
                    code: $code,
                    file: $file,
                    line: $line,
                    column: $column,
                    message: $message,
                });
            }
        )*
    };
}

cases! {
    syntax: "E0001-syntax" => "E0001" at "flow.ron":3:34, "Expected comma";
    syntax_missing_colon: "E0001-missing-colon" => "E0001" at "flow.ron":3:11, "Expected colon";
    syntax_unexpected_end: "E0001-unexpected-end" => "E0001" at "flow.ron":3:11, "Expected string";
    unknown_kind: "E0002-unknown-kind" => "E0002" at "flow.ron":7:23, "`Question`";
    unknown_outcome: "E0002-unknown-outcome" => "E0002" at "flow.ron":7:30, "`Fixed`";
    unknown_document: "E0002-unknown-document" => "E0002" at "flow.ron":1:1, "found `Flwo`";
    unknown_field: "E0003-unknown-field" => "E0003" at "flow.ron":3:5, "`titel`";
    missing_field: "E0004-missing-field" => "E0004" at "flow.ron":7:34, "missing field named `outcome` in `End`";
    wrong_type: "E0005-wrong-type" => "E0005" at "flow.ron":5:15, "Expected opening `[`";
    duplicate_field: "E0005-duplicate-field" => "E0005" at "flow.ron":4:5, "duplicate field named `title`";
    duplicate_flow: "E0006-duplicate-flow" => "E0006" at "b.ron":3:9, "flow `pairing` is defined twice";
    duplicate_node: "E0007-duplicate-node" => "E0007" at "flow.ron":12:9, "node `done` is defined twice in flow `pairing`";
    missing_start: "E0008-missing-start" => "E0008" at "flow.ron":5:12, "did you mean \"first-time\"?";
    unknown_node: "E0009-unknown-node" => "E0009" at "flow.ron":9:51, "`next` names no node \"rest-watch\" (help: did you mean \"reset-watch\"?)";
    unknown_flow: "E0010-unknown-flow" => "E0010" at "flow.ron":7:30, "did you mean \"firmware-update\"?";
    call_cycle: "E0011-call-cycle" => "E0011" at "a.ron":7:30, "flows call each other in a cycle: a -> b -> a";
    call_self: "E0011-call-self" => "E0011" at "flow.ron":7:29, "flows call each other in a cycle: sync -> sync";
    no_choices: "E0012-no-choices" => "E0012" at "flow.ron":13:9, "question `which-phone` has no choices";
    fact_without_values: "E0012-fact-without-values" => "E0012" at "facts.ron":3:9, "fact `phone_os` declares no values";
    duplicate_choice: "E0013-duplicate-choice" => "E0013" at "flow.ron":9:18, "two choices `yes`";
    empty_text: "E0014-empty-text" => "E0014" at "flow.ron":7:46, "the end's text is empty (help: write the end's text";
    empty_fact_name: "E0014-empty-fact-name" => "E0014" at "facts.ron":4:19, "the fact's name is empty";
    control_character: "E0015-control-character" => "E0015" at "flow.ron":7:46, "control character '\\u{1b}'";
    control_character_in_fact: "E0015-control-character-in-fact" => "E0015" at "facts.ron":5:23, "the fact's question holds";
    unknown_fact: "E0016-unknown-fact" => "E0016" at "flow.ron":7:34, "fact \"phone\" is not declared";
    unknown_fact_in_scenario: "E0016-unknown-fact-in-scenario" => "E0016" at "flow.ron":13:48, "did you mean \"phone_os\"?";
    unknown_fact_value: "E0017-unknown-fact-value" => "E0017" at "flow.ron":10:18, "fact `phone_os` has no value \"windows\"";
    unknown_fact_value_in_scenario: "E0017-unknown-fact-value-in-scenario" => "E0017" at "flow.ron":13:60, "did you mean \"ios\"?";
    missing_fact_value: "E0018-missing-fact-value" => "E0018" at "flow.ron":8:34, "offers no choice `other`";
    trap_cycle: "E0019-trap-cycle" => "E0019" at "flow.ron":11:9, "no end can be reached from these nodes: a -> b -> a";
    trap_self_loop: "E0019-trap-self-loop" => "E0019" at "flow.ron":11:9, "no end can be reached from these nodes: retry -> retry";
    duplicate_fact: "E0020-duplicate-fact" => "E0020" at "facts.ron":8:9, "fact `phone_os` is declared twice";
    duplicate_fact_value: "E0020-duplicate-fact-value" => "E0020" at "facts.ron":6:61, "declares value `android` twice";
    scenario_fact_twice: "E0020-scenario-fact-twice" => "E0020" at "flow.ron":13:66, "scenario \"phone known\" gives fact `phone_os` twice";
    scenario_expects_nothing: "E0021-scenario-expects-nothing" => "E0021" at "flow.ron":9:24, "scenario \"ends at once\" expects nothing";
    scenario_expects_no_end: "E0021-scenario-expects-no-end" => "E0021" at "flow.ron":9:48, "did you mean \"done\"?";
    scenario_expects_not_an_end: "E0021-scenario-expects-not-an-end" => "E0021" at "flow.ron":13:60, "which is not an `End`";
    no_trees: "E0022-no-trees" => "E0022" at "":0:0, "no flow was found";
    fact_loop: "E0023-fact-loop" => "E0023" at "flow.ron":7:9, "these questions go round forever when phone_os is android: a -> b -> a";
    typed_fact_with_values: "E0024-typed-fact-with-values" => "E0024" at "facts.ron":7:22, "fact `firmware` has both `values` and `accepts`";
    input_for_a_fact_with_values: "E0024-input-for-a-fact-with-values" => "E0024" at "flow.ron":7:30, "`Input` asks for fact `phone_os`, which has values to choose from";
    bad_example: "E0025-bad-example" => "E0025" at "facts.ron":7:22, "the example of fact `firmware` does not fit";
    second_letter: "E0026-second-letter" => "E0026" at "b-letter.ron":7:1, "a second `Letter(...)` document";
    unreachable: "W0001-unreachable" => "W0001" at "flow.ron":11:9, "node `orphan` cannot be reached";
    unreachable_chain: "W0001-unreachable-chain" => "W0001" at "flow.ron":11:9, "node `restart` and the 2 nodes after it cannot be reached";
    single_choice: "W0002-single-choice" => "W0002" at "flow.ron":7:9, "question `ready` has only one choice";
    no_source: "W0003-no-source" => "W0003" at "flow.ron":7:9, "step `restart` cites no FAQ question";
    no_scenarios: "W0004-no-scenarios" => "W0004" at "flow.ron":2:9, "flow `pairing` has no scenarios";
}

fn invalid_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid")
}

fn fixture(name: &str) -> String {
    invalid_dir().join(name).to_string_lossy().into_owned()
}

/// `(code, file, line, column)` of every diagnostic in `validate --format json` output.
fn places(json: &Value) -> Vec<(String, String, u64, u64)> {
    json.as_array()
        .unwrap_or_else(|| panic!("an array of diagnostics: {json}"))
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("code").to_string(),
                d["file"].as_str().expect("file").to_string(),
                d["line"].as_u64().expect("line"),
                d["column"].as_u64().expect("column"),
            )
        })
        .collect()
}

fn check(case: &Case) {
    let dir = fixture(case.fixture);
    let warning = case.code.starts_with('W');
    let run = Test::new()
        .args(["validate", dir.as_str(), "--format", "json"])
        .stdout_json()
        .status(if warning { 0 } else { 1 })
        .run();
    let json = run.json();
    let file = if case.file.is_empty() {
        String::new()
    } else {
        format!("{dir}/{}", case.file)
    };
    assert_eq!(
        places(&json),
        [(case.code.to_string(), file, case.line, case.column)],
        "{}: expected exactly this diagnostic; got\n{}",
        case.fixture,
        run.stdout
    );
    let diagnostic = &json[0];
    let severity = if warning { "warning" } else { "error" };
    assert_eq!(diagnostic["severity"], severity);
    let message = diagnostic["message"].as_str().expect("message");
    assert!(
        message.contains(case.message),
        "{}: message {message:?} should contain {:?}",
        case.fixture,
        case.message
    );
    if warning {
        Test::new()
            .args([
                "validate",
                dir.as_str(),
                "--format",
                "json",
                "--deny-warnings",
            ])
            .stdout_json()
            .status(1)
            .run();
    }
}

#[test]
fn every_code_has_a_failing_tree() {
    let all: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let tested: BTreeSet<&str> = CASES.iter().map(|c| c.code).collect();
    let untested: Vec<_> = all.difference(&tested).collect();
    assert!(
        untested.is_empty(),
        "codes without a failing tree in tests/invalid: {untested:?}"
    );
    let unknown: Vec<_> = tested.difference(&all).collect();
    assert!(unknown.is_empty(), "codes not in Code::ALL: {unknown:?}");
    for case in CASES {
        assert!(
            case.fixture.starts_with(case.code),
            "fixture {} is named after its code {}",
            case.fixture,
            case.code
        );
    }
}

/// The table of diagnostics in trees/README.md lists every code, in order, with its
/// severity and exactly its `Code::summary`, so the docs cannot drift from the checker.
#[test]
fn the_authors_guide_lists_every_code() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("trees/README.md"))
            .expect("trees/README.md");
    let rows: Vec<(String, String, String)> = guide
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .strip_prefix('|')?
                .strip_suffix('|')?
                .split('|')
                .map(str::trim)
                .collect();
            let [code, severity, meaning] = cells[..] else {
                return None;
            };
            let is_code = code.len() == 5 && code.bytes().skip(1).all(|b| b.is_ascii_digit());
            is_code.then(|| (code.to_string(), severity.to_string(), meaning.to_string()))
        })
        .collect();
    let expected: Vec<(String, String, String)> = Code::ALL
        .iter()
        .map(|code| {
            let severity = match code.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            (
                code.to_string(),
                severity.to_string(),
                code.summary().to_string(),
            )
        })
        .collect();
    assert_eq!(rows, expected, "trees/README.md's table of diagnostics");
}

#[test]
fn every_fixture_is_in_the_table() {
    let used: BTreeSet<&str> = CASES.iter().map(|c| c.fixture).collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(invalid_dir())
        .expect("tests/invalid exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let on_disk: BTreeSet<&str> = on_disk.iter().map(String::as_str).collect();
    assert_eq!(used, on_disk, "tests/invalid and the table differ");
}

#[test]
fn trees_flag_and_path_argument_report_the_same() {
    let dir = fixture("E0009-unknown-node");
    let by_path = Test::new()
        .args(["validate", dir.as_str(), "--format", "json"])
        .stdout_json()
        .status(1)
        .run();
    let by_flag = Test::new()
        .args(["--trees", dir.as_str(), "validate", "--format", "json"])
        .stdout_json()
        .status(1)
        .run();
    assert_eq!(by_path.stdout, by_flag.stdout);
}

#[test]
fn warnings_alone_pass_unless_denied() {
    let dir = fixture("W0004-no-scenarios");
    let warning = format!(
        r#"warning[W0004]: flow `pairing` has no scenarios
 --> {dir}/flow.ron:2:9
  |
2 |     id: "pairing",
  |         ^^^^^^^^^
  |
  = help: add `scenarios: [(name: "...", answers: [...], expect: "<end node>")]` so `watchfix test` can check it

validate: 0 errors, 1 warning
"#
    );
    Test::new()
        .args(["validate", dir.as_str()])
        .stderr(&warning)
        .run();
    Test::new()
        .args(["validate", dir.as_str(), "--deny-warnings"])
        .status(1)
        .stderr(&warning)
        .run();
}

#[test]
fn a_file_that_is_not_utf8_is_a_syntax_error() {
    let test = Test::new();
    let dir = test.path().join("bytes");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("flow.ron"), b"Flow(\n    id: \"pa\xffring\",\n)\n").expect("write");
    let dir = dir.to_string_lossy().into_owned();
    let run = test
        .args(["validate", dir.as_str(), "--format", "json"])
        .stdout_json()
        .status(1)
        .run();
    assert_eq!(
        places(&run.json()),
        [("E0001".into(), format!("{dir}/flow.ron"), 2, 12)]
    );
}

const PAIRING_WITH_TYPO: &str = r#"Flow(
    id: "pairing",
    title: "The watch won't pair",
    category: "Pairing",
    start: "first-time",
    nodes: {
        "first-time": Ask(text: "Is this the first time?", choices: [
            (id: "yes", label: "Yes", next: "reset-watch"),
            (id: "no", label: "No", next: "rest-watch"),
        ]),
        "reset-watch": Step(
            text: "Reset the watch.",
            source: "How do I reset the watch?",
            fixed: "paired",
            not_fixed: "contact",
        ),
        "paired": End(outcome: Resolved, text: "The watch is paired."),
        "contact": End(outcome: Escalate, text: "Contact support."),
    },
    scenarios: [(name: "a reset fixes it", answers: ["yes", "fixed"], expect: "paired")],
)
"#;

#[test]
fn human_format_reads_like_rustc() {
    let test = Test::new().tree("pairing.ron", PAIRING_WITH_TYPO);
    let path = test.trees_dir().join("pairing.ron");
    test.args(["validate"])
        .status(1)
        .stderr(format!(
            r#"error[E0009]: `next` names no node "rest-watch"
 --> {}:9:43
  |
9 |             (id: "no", label: "No", next: "rest-watch"),
  |                                           ^^^^^^^^^^^^ no node `rest-watch` in flow `pairing`
  |
  = help: did you mean "reset-watch"?

validate: 1 error, 0 warnings
"#,
            path.display()
        ))
        .run();
}

#[test]
fn human_format_of_a_global_error_has_no_location() {
    let dir = fixture("E0022-no-trees");
    Test::new()
        .args(["validate", dir.as_str()])
        .status(1)
        .stderr(
            "error[E0022]: no flow was found
 |
 = help: a flow is a `.ron` file holding `Flow(...)`; see trees/README.md

validate: 1 error, 0 warnings
",
        )
        .run();
}

#[test]
fn github_format_annotates_file_line_and_column() {
    let test = Test::new().tree("pairing.ron", PAIRING_WITH_TYPO);
    let path = test.trees_dir().join("pairing.ron");
    test.args(["validate", "--format", "github"])
        .status(1)
        .stdout(format!(
            "::error file={},line=9,col=43::E0009: `next` names no node \"rest-watch\" (help: did you mean \"reset-watch\"?)\n",
            path.display()
        ))
        .run();
}

#[test]
fn github_format_marks_warnings_and_global_errors() {
    let dir = fixture("W0004-no-scenarios");
    Test::new()
        .args(["validate", dir.as_str(), "--format", "github"])
        .stdout(format!(
            "::warning file={dir}/flow.ron,line=2,col=9::W0004: flow `pairing` has no scenarios \
             (help: add `scenarios: [(name: \"...\", answers: [...], expect: \"<end node>\")]` \
             so `watchfix test` can check it)\n"
        ))
        .run();
    let dir = fixture("E0022-no-trees");
    Test::new()
        .args(["validate", dir.as_str(), "--format", "github"])
        .status(1)
        .stdout(
            "::error::E0022: no flow was found \
             (help: a flow is a `.ron` file holding `Flow(...)`; see trees/README.md)\n",
        )
        .run();
}

/// Three broken files written out of order: one run reports every problem, sorted by file,
/// line and column, and a syntax error in one file does not hide the others.
#[test]
fn errors_from_several_files_come_out_sorted() {
    let c = r#"Flow(
    id: "c",
    title: "C",
    category: "Sorting",
    start: "done",
    nodes: {
        "done": End(outcome: Resolved, text: ""),
    },
)
"#;
    let b = r#"Flow(
    id: "b",
    title: "B",
    category "Sorting",
)
"#;
    let a = r#"Flow(
    id: "a",
    title: "A",
    category: "Sorting",
    start: "strat",
    nodes: {
        "start": Step(text: "Restart.", source: "Q", fixed: "dnoe", not_fixed: "done"),
        "done": End(outcome: Resolved, text: "Done."),
    },
    scenarios: [(name: "s", expect: "done")],
)
"#;
    let test = Test::new()
        .tree("c.ron", c)
        .tree("b.ron", b)
        .tree("a.ron", a);
    let dir = test.trees_dir();
    let file = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let run = test
        .args(["validate", "--format", "json"])
        .stdout_json()
        .status(1)
        .run();
    assert_eq!(
        places(&run.json()),
        [
            ("E0008".into(), file("a.ron"), 5, 12),
            ("E0009".into(), file("a.ron"), 7, 61),
            ("E0001".into(), file("b.ron"), 4, 14),
            ("W0004".into(), file("c.ron"), 2, 9),
            ("E0014".into(), file("c.ron"), 7, 46),
        ]
    );
}

/// The shipped trees with one reference misspelt: exactly one error, at the misspelling.
#[test]
fn a_broken_reference_in_the_shipped_trees_is_located() {
    let shipped = Test::new().shipped_trees();
    shipped
        .args(["validate", "--format", "json", "--deny-warnings"])
        .stdout_json()
        .status(0)
        .run();

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("trees/pairing.ron");
    let original = std::fs::read_to_string(&path).expect("trees/pairing.ron");
    let field = "not_fixed: \"";
    let at = original.find(field).expect("pairing.ron has a `not_fixed`") + field.len();
    let end = at + original[at..].find('"').expect("a closing quote");
    let broken = format!(
        "{}{}-typo{}",
        &original[..at],
        &original[at..end],
        &original[end..]
    );
    let before = &broken[..at - 1];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count() as u64
        + 1;

    let test = Test::new().shipped_trees().tree("pairing.ron", &broken);
    let file = test
        .trees_dir()
        .join("pairing.ron")
        .to_string_lossy()
        .into_owned();
    let run = test
        .args(["validate", "--format", "json"])
        .stdout_json()
        .status(1)
        .run();
    let json = run.json();
    assert_eq!(
        places(&json),
        [("E0009".into(), file, line, column)],
        "{}",
        run.stdout
    );
    let message = json[0]["message"].as_str().expect("message");
    assert!(
        message.contains(&format!(
            "`not_fixed` names no node \"{}-typo\" (help: did you mean \"{}\"?)",
            &original[at..end],
            &original[at..end]
        )),
        "{message}"
    );
}
