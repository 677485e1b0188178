//! Bad input and hostile surroundings: closed pipes, odd paths, odd bytes. Nothing here
//! may panic, and every case ends with the exit code the SPEC gives.

mod common;

use std::process::Stdio;

use common::{Sandbox, Test};

/// A pipe whose reading end is already closed: every write to it fails with EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Stdio::from(writer)
}

#[test]
fn a_closed_stdout_keeps_the_commands_own_exit_code() {
    let sandbox = Sandbox::new();
    let status = sandbox
        .command()
        .args(["step", "nope"])
        .stdout(closed_pipe())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    let status = sandbox
        .command()
        .args(["run", "pairing", "--answers", "drops"])
        .stdout(closed_pipe())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(4));
    let status = sandbox
        .command()
        .args(["completions", "zsh"])
        .stdout(closed_pipe())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_closed_stderr_does_not_panic() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path().join("bad.ron"), "Flow(").unwrap();
    let status = sandbox
        .command()
        .args(["validate", "--trees"])
        .arg(sandbox.path())
        .stdout(Stdio::null())
        .stderr(closed_pipe())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn trees_naming_a_file_is_a_usage_error() {
    let test = Test::new();
    std::fs::write(test.path().join("notes.txt"), "hello").unwrap();
    test.args(["--trees", "notes.txt", "list"])
        .status(2)
        .stderr("watchfix: error: --trees notes.txt: not a directory\n")
        .run();
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_in_the_trees_is_read_once() {
    let test = Test::new().shipped_trees();
    std::os::unix::fs::symlink(".", test.trees_dir().join("again")).unwrap();
    test.args(["validate", "--format", "json"])
        .stdout("[]\n")
        .run();
}

#[test]
fn a_report_that_cannot_be_written_is_refused_before_the_walk() {
    // Nothing on stdout: no walk was started.
    Test::new()
        .args(["run", "pairing", "--report", "missing-folder/report.md"])
        .stdin("1\n")
        .status(2)
        .stderr(
            "watchfix: error: --report missing-folder/report.md: \
             the folder missing-folder does not exist\n",
        )
        .run();
    Test::new()
        .args(["run", "pairing", "--report", "."])
        .status(2)
        .stderr("watchfix: error: --report .: is a directory; name a regular file\n")
        .run();
}

#[cfg(unix)]
#[test]
fn a_report_is_readable_like_any_document() {
    use std::os::unix::fs::PermissionsExt;
    let test = Test::new()
        .args([
            "run",
            "watch-password",
            "--answers",
            "fixed",
            "--report",
            "r.md",
        ])
        .stdout_contains("Outcome: Fixed")
        .stderr("watchfix: summary saved to r.md\n");
    test.run();
    let mode = std::fs::metadata(test.path().join("r.md"))
        .unwrap()
        .permissions()
        .mode();
    // Read and write for its owner, read for everyone else: no more, no less.
    assert_eq!(format!("{:o}", mode & 0o777), "644");
}

#[test]
fn bytes_that_are_not_utf8_are_refused_and_asked_again() {
    // The walk stops at step 2: the line after the refused one was still read.
    Test::new()
        .args(["run", "pairing"])
        .stdin_bytes(b"\xff\xfe\n1\n")
        .status(4)
        .stdout_contains("== ")
        .stderr_contains("\"\u{fffd}\u{fffd}\" is not one of the answers")
        .stderr_contains("Input ended at step 2 of")
        .run();
}

/// The flow the watch-password flow calls before it ends at support.
const SUPPORT_DETAILS: &str = include_str!("../trees/support-details.ron");

#[test]
fn a_byte_order_mark_is_not_an_error() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/trees/watch-password.ron"
    ))
    .unwrap();
    Test::new()
        .tree("watch-password.ron", &format!("\u{feff}{text}"))
        .tree("support-details.ron", SUPPORT_DETAILS)
        .args(["validate", "--deny-warnings"])
        .stderr("ok: 2 flows in 2 files: no problems found\n")
        .run();
}

/// What ron accepts, the loader reads: white space ron skips (U+200E), a comment inside an
/// attribute and raw identifiers once made the second read fail at 1:1.
#[test]
fn every_spelling_ron_accepts_is_read() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/trees/watch-password.ron"
    ))
    .unwrap();
    let respelt = format!("#![enable(/* ] */ implicit_some)]\n{text}")
        .replacen("Flow(", "r#Flow(\u{200e}", 1)
        .replace("End(", "r#End(");
    Test::new()
        .tree("watch-password.ron", &respelt)
        .tree("support-details.ron", SUPPORT_DETAILS)
        .args(["validate", "--deny-warnings"])
        .stderr("ok: 2 flows in 2 files: no problems found\n")
        .run();
}

#[test]
fn a_misspelt_struct_name_is_explained_in_the_format_s_words() {
    let flow = r#"Flow(id: "x", title: "T", category: "C", start: "a", nodes: {
  "a": Ask(text: "Q?", choices: [Chioce(id: "y", label: "Y", next: "b"), (id: "n", label: "N", next: "b")]),
  "b": End(outcome: Info, text: "ok"),
}, scenarios: [(name: "s", answers: ["y"], expect: "b")])"#;
    let test = Test::new().tree("x.ron", flow);
    let file = test.trees_dir().join("x.ron");
    // The format's words, not the loader's internal type names.
    test.args(["validate"])
        .status(1)
        .stderr(format!(
            r#"error[E0002]: Expected struct `Choice` but found `Chioce`
 --> {}:2:34
  |
2 |   "a": Ask(text: "Q?", choices: [Chioce(id: "y", label: "Y", next: "b"), (id: "n", label: "N", next: "b")]),
  |                                  ^^^^^^
  |
  = help: write `Choice(...)`, or leave the name out: `(...)`

validate: 1 error, 0 warnings
"#,
            file.display()
        ))
        .run();
}

#[test]
fn color_always_colours_diagnostics_even_on_a_pipe() {
    Test::new()
        .tree("bad.ron", "Flow(")
        .args(["--color", "always", "validate"])
        .status(1)
        .stderr_contains("\x1b[")
        .run();
}

#[test]
fn a_session_of_a_removed_flow_is_dropped_not_kept_forever() {
    let test = Test::new()
        .args(["run", "pairing"])
        .stdin("1\n")
        .status(4)
        .stdout_contains("== ")
        .stderr_contains("`watchfix resume pairing` continues it.");
    test.run();
    let state = test.state_dir();
    let sessions = state.join("watchfix").join("sessions");
    let file = std::fs::read_dir(&sessions)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"flow\": \"pairing\"", "\"flow\": \"gone\"");
    std::fs::write(&file, text).unwrap();
    let state = state.to_str().unwrap();
    Test::new()
        .env("XDG_STATE_HOME", state)
        .args(["resume"])
        .status(2)
        .stderr_contains("`gone` no longer exists")
        .run();
    Test::new()
        .env("XDG_STATE_HOME", state)
        .args(["resume"])
        .status(2)
        .stderr_contains("no unfinished walk")
        .run();
}
