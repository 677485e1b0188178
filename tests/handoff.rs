//! A walk handed on: started by an agent with `step`, written to a handoff file, and
//! carried on at a terminal with `resume --from`, at the same node, to its end.
#![cfg(unix)]

mod common;

use std::time::Duration;

use common::{Sandbox, Test};
use expectrl::process::unix::WaitStatus;
use expectrl::{Eof, Expect, Session};

const ENTER: &str = "\r";

#[test]
fn a_walk_handed_off_from_step_is_finished_at_a_terminal() {
    let sandbox = Sandbox::new();
    let file = sandbox.path().join("walk.json");
    let args = [
        "step",
        "firmware-update",
        "--fact",
        "watch_type=bluetooth-smartwatch",
        "--answer",
        "yes # charged overnight",
        "--handoff",
    ];
    let mut command = sandbox.command();
    command.args(args).arg(&file);
    let output = command.output().expect("step runs");
    assert!(output.status.success(), "{output:?}");
    let node: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a node");
    let handoff: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("the handoff file"))
            .expect("JSON");
    assert_eq!(handoff["format"], "watchfix-handoff");
    assert_eq!(handoff["at"]["node"], node["node"]);
    assert_eq!(handoff["answers"][0]["by"], "agent");
    assert_eq!(handoff["answers"][0]["note"], "charged overnight");

    let mut command = sandbox.command();
    command
        .args(["resume", "--from"])
        .arg(&file)
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1");
    let mut session = Session::spawn(command).expect("the binary starts in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session.expect("Continuing").unwrap();
    let text = node["text"].as_str().expect("the node's text");
    let first_words: String = text
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    session.expect(first_words.as_str()).unwrap();
    let first_answer = node["choices"][0]["label"].as_str().expect("a label");
    session.expect(first_answer).unwrap();
    session.send(ENTER).unwrap();
    session.expect("✔ Fixed").unwrap();
    session.expect("What next?").unwrap();
    session.send(ENTER).unwrap();
    session.expect(Eof).unwrap();
    let status = session.get_process().wait().expect("the process ends");
    assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
}

#[test]
fn a_handoff_that_is_not_one_is_refused_with_exit_2() {
    let test = Test::new()
        .args(["resume", "--from", "walk.json"])
        .status(2)
        .stderr("watchfix: error: --from walk.json: not a watchfix handoff file (expected value at line 1 column 1)\n");
    std::fs::write(test.path().join("walk.json"), "hello").unwrap();
    test.run();
}
