//! Bad input and hostile surroundings: closed pipes, odd paths, odd bytes. Nothing here
//! may panic, and every case ends with the exit code the SPEC gives.

mod common;

use std::process::{Command, Stdio};

use common::Test;

fn watchfix() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_watchfix"));
    command
        .env_remove("WATCHFIX_TREES")
        .env("NO_COLOR", "1")
        .env(
            "XDG_STATE_HOME",
            std::env::temp_dir().join("watchfix-robustness-state"),
        );
    command
}

/// A pipe whose reading end is already closed: every write to it fails with EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Stdio::from(writer)
}

#[test]
fn a_closed_stdout_keeps_the_commands_own_exit_code() {
    let status = watchfix()
        .args(["step", "nope"])
        .stdout(closed_pipe())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    let status = watchfix()
        .args(["run", "pairing", "--answers", "drops"])
        .stdout(closed_pipe())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(4));
    let status = watchfix()
        .args(["completions", "zsh"])
        .stdout(closed_pipe())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_closed_stderr_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.ron"), "Flow(").unwrap();
    let status = watchfix()
        .args(["validate", "--trees"])
        .arg(dir.path())
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
    let run = test.args(["--trees", "notes.txt", "list"]).status(2);
    assert!(
        run.stderr.contains("--trees notes.txt: not a directory"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_in_the_trees_is_read_once() {
    let test = Test::new().shipped_trees();
    std::os::unix::fs::symlink(".", test.trees_dir().join("again")).unwrap();
    let run = test.args(["validate", "--format", "json"]).status(0);
    assert_eq!(run.stdout.trim(), "[]");
}

#[test]
fn a_report_that_cannot_be_written_is_refused_before_the_walk() {
    let run = Test::new()
        .args(["run", "pairing", "--report", "missing-folder/report.md"])
        .stdin("1\n")
        .status(2);
    assert!(run.stderr.contains("missing-folder"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "no walk was started: {}", run.stdout);
    let run = Test::new()
        .args(["run", "pairing", "--report", "."])
        .status(2);
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_report_is_readable_like_any_document() {
    use std::os::unix::fs::PermissionsExt;
    let test = Test::new().args([
        "run",
        "watch-password",
        "--answers",
        "fixed",
        "--report",
        "r.md",
    ]);
    test.status(0);
    let mode = std::fs::metadata(test.path().join("r.md"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o644, 0o644, "{mode:o}");
}

#[test]
fn bytes_that_are_not_utf8_are_refused_and_asked_again() {
    let mut child = watchfix()
        .args(["run", "pairing"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"\xff\xfe\n1\n").unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("unknown answer"), "{stderr}");
    assert!(
        stderr.contains("paired-before"),
        "the second line was still read: {stderr}"
    );
}

#[test]
fn a_byte_order_mark_is_not_an_error() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/trees/watch-password.ron"
    ))
    .unwrap();
    Test::new()
        .tree("watch-password.ron", &format!("\u{feff}{text}"))
        .args(["validate", "--deny-warnings"])
        .status(0);
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
    let run = Test::new()
        .tree("watch-password.ron", &respelt)
        .args(["validate", "--deny-warnings"])
        .status(0);
    assert!(!run.stderr.contains("a second time"), "{}", run.stderr);
}

#[test]
fn a_misspelt_struct_name_is_explained_in_the_format_s_words() {
    let flow = r#"Flow(id: "x", title: "T", category: "C", start: "a", nodes: {
  "a": Ask(text: "Q?", choices: [Chioce(id: "y", label: "Y", next: "b"), (id: "n", label: "N", next: "b")]),
  "b": End(outcome: Info, text: "ok"),
}, scenarios: [(name: "s", answers: ["y"], expect: "b")])"#;
    let run = Test::new().tree("x.ron", flow).args(["validate"]).status(1);
    assert!(
        run.stderr.contains("Expected struct `Choice`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Raw"), "{}", run.stderr);
}

#[test]
fn color_always_colours_diagnostics_even_on_a_pipe() {
    let run = Test::new()
        .tree("bad.ron", "Flow(")
        .env("NO_COLOR", "")
        .args(["--color", "always", "validate"])
        .status(1);
    assert!(run.stderr.contains("\x1b["), "{}", run.stderr);
}

#[test]
fn a_session_of_a_removed_flow_is_dropped_not_kept_forever() {
    let test = Test::new().args(["run", "pairing"]).stdin("1\n");
    test.status(4);
    let state = test.path().join("state");
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
    let run = Test::new()
        .env("XDG_STATE_HOME", state)
        .args(["resume"])
        .status(2);
    assert!(
        run.stderr.contains("`gone` no longer exists"),
        "{}",
        run.stderr
    );
    let run = Test::new()
        .env("XDG_STATE_HOME", state)
        .args(["resume"])
        .status(2);
    assert!(run.stderr.contains("no unfinished walk"), "{}", run.stderr);
}
