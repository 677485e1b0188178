//! Snapshots of output people read as a whole: a drawn flow, and `--help`.

mod common;

use common::Test;

const FLOW: &str = r#"Flow(
    id: "demo",
    title: "The \"demo\" problem",
    category: "Demo",
    symptoms: ["demo"],
    start: "first",
    nodes: {
        "first": Ask(text: "Which part is broken?", choices: [
            (id: "left", label: "Left", next: "end"),
            (id: "right", label: "Right", next: "update"),
        ]),
        "update": Call(flow: "sub", then: "end"),
        "end": Step(text: "Restart the watch and the phone, then try again.", source: "Q", fixed: "done", not_fixed: "help"),
        "done": End(outcome: Resolved, text: "Fixed."),
        "help": End(outcome: Escalate, text: "Contact support."),
    },
    scenarios: [(name: "s", answers: ["left", "fixed"], expect: "done")],
)"#;

const SUB: &str = r#"Flow(
    id: "sub",
    title: "Sub",
    category: "Demo",
    start: "ok",
    nodes: {"ok": End(outcome: Info, text: "Nothing to do.")},
    scenarios: [(name: "s", answers: [], outcome: Info)],
)"#;

fn graph(format: &str) -> String {
    Test::new()
        .tree("demo.ron", FLOW)
        .tree("sub.ron", SUB)
        .args(["graph", "demo", "--format", format])
        .stdout_snapshot()
        .run()
        .stdout
}

#[test]
fn dot() {
    insta::assert_snapshot!(graph("dot"));
}

#[test]
fn mermaid() {
    // `end` is a reserved word in Mermaid: node ids must not leak into the syntax.
    insta::assert_snapshot!(graph("mermaid"));
}

fn help_of(args: &[&str]) -> String {
    Test::new().args(args).stdout_snapshot().run().stdout
}

#[test]
fn help() {
    insta::assert_snapshot!(help_of(&["--help"]));
}

/// Every subcommand's own help, whole: a flag that is renamed, dropped or reworded shows.
#[test]
fn help_of_each_command() {
    for command in [
        "run",
        "find",
        "list",
        "resume",
        "step",
        "validate",
        "test",
        "graph",
        "mcp",
        "completions",
        "man",
    ] {
        insta::assert_snapshot!(format!("help_{command}"), help_of(&[command, "--help"]));
    }
}
