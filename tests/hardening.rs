//! Hostile files among the trees and the sessions: FIFOs, devices, files too large to be
//! what they claim. None may hang a command or make it read without bound.

mod common;

use std::path::Path;

use common::{DEMO_FLOW, Test};

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// The warning, whatever absolute path the sandbox has.
const NOT_REGULAR: &str = "stuck.ron: not a regular file\n";

#[cfg(unix)]
#[test]
fn a_fifo_among_the_trees_is_skipped_with_a_warning() {
    for (args, status) in [
        (&["validate"][..], 0),
        (&["test"], 0),
        (&["list"], 0),
        (&["step", "pairing"], 0),
        (&["run", "pairing", "--answers", "drops"], 4),
    ] {
        let test = Test::new().shipped_trees();
        mkfifo(&test.trees_dir().join("stuck.ron"));
        let run = test
            .args(args.iter().copied())
            .status(status)
            .stdout_contains("")
            .stderr_contains("watchfix: warning: skipping ")
            .stderr_contains(NOT_REGULAR)
            .run();
        assert_eq!(
            run.stderr.matches("warning: skipping").count(),
            1,
            "{run:?}"
        );
    }
    // A FIFO named on the command line is skipped the same way.
    let test = Test::new();
    mkfifo(&test.path().join("stuck.ron"));
    test.args(["validate", "stuck.ron"])
        .status(1)
        .stdout_contains("")
        .stderr_contains("watchfix: warning: skipping stuck.ron: not a regular file\n")
        .run();
}

#[cfg(unix)]
#[test]
fn a_device_among_the_trees_is_skipped() {
    let test = Test::new().shipped_trees();
    std::os::unix::fs::symlink("/dev/zero", test.trees_dir().join("zero.ron")).unwrap();
    test.args(["validate"])
        .stderr_contains("zero.ron: not a regular file\nok: ")
        .run();
}

#[test]
fn a_tree_file_past_the_cap_is_a_clear_error() {
    let test = Test::new().shipped_trees();
    let huge = format!("// {}\n", "x".repeat(17 * 1024 * 1024));
    std::fs::write(test.trees_dir().join("huge.ron"), huge).unwrap();
    test.args(["validate"])
        .status(2)
        .stderr_contains("huge.ron: the file is larger than the 16 MiB a tree file may be\n")
        .run();
}

#[cfg(unix)]
#[test]
fn a_fifo_among_the_sessions_is_skipped_with_a_warning() {
    let test = Test::new();
    let sessions = test.state_dir().join("watchfix/sessions");
    mkfifo(&sessions.join("stuck.json"));
    let run = test
        .args(["resume", "--list"])
        .stdout_contains("")
        .stderr_contains("stuck.json: not a regular file")
        .run();
    assert_eq!(run.status, 0, "{run:?}");
}

#[test]
fn a_session_file_past_the_cap_is_reported_and_skipped() {
    let test = Test::new();
    let sessions = test.state_dir().join("watchfix/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let huge = format!("{{\"id\": \"{}\"}}", "x".repeat(5 * 1024 * 1024));
    std::fs::write(sessions.join("huge.json"), huge).unwrap();
    test.args(["resume", "--list"])
        .stdout_contains("")
        .stderr_contains("huge.json: the file is larger than the 4 MiB a session file may be")
        .run();
}

/// Whether text holds anything that could drive a terminal or reorder what it shows.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| watchfix::text::is_deceptive(*c) && *c != '\n')
        .collect()
}

#[test]
fn a_session_edited_by_hand_is_listed_without_escape_sequences() {
    let test = Test::new();
    let sessions = test.state_dir().join("watchfix/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let session = serde_json::json!({
        "version": 1, "id": "evil", "flow": "pair\u{1b}[2J\u{9b}31m\u{202e}ing",
        "facts": {}, "answers": ["a\u{1b}]0;x\u{7}"], "trail": [], "revision": "r",
        "started": 1, "updated": 1, "finished": false,
    });
    std::fs::write(sessions.join("evil.json"), session.to_string()).unwrap();
    std::fs::write(sessions.join("bad\u{1b}[31m.json"), "{").unwrap();
    let run = test
        .args(["resume", "--list"])
        .stdout_contains("pair\\u{1b}[2J\\u{9b}31m\\u{202e}ing")
        .stderr_contains("bad\\u{1b}[31m.json")
        .run();
    assert!(raw_controls(&run.stdout).is_empty(), "{:?}", run.stdout);
    assert!(raw_controls(&run.stderr).is_empty(), "{:?}", run.stderr);
    let run = Test::new()
        .args(["resume", "evil"])
        .status(2)
        .stdout_contains("")
        .stderr_contains("")
        .run();
    assert!(raw_controls(&run.stderr).is_empty(), "{:?}", run.stderr);
}

#[test]
fn a_reference_with_escape_sequences_is_reported_and_shown_escaped() {
    let test = Test::new().tree(
        "f.ron",
        "Flow(id: \"f\", title: \"F\", category: \"C\", start: \"a\u{1b}[2J\u{85}\", nodes: {\n\
         \"a\": End(outcome: Resolved, text: \"Done.\"),\n}, scenarios: [(name: \"s\", expect: \"a\")])",
    );
    let run = test
        .args(["validate"])
        .status(1)
        .stderr_contains("error[E0015]")
        .stderr_contains("error[E0008]")
        .run();
    assert!(raw_controls(&run.stderr).is_empty(), "{:?}", run.stderr);
    assert!(raw_controls(&run.stdout).is_empty(), "{:?}", run.stdout);
}

/// A request past the transport's line limit cannot be answered (its id is never read),
/// but it must not vanish without a word.
#[cfg(feature = "mcp")]
#[test]
fn an_oversized_mcp_request_is_logged_on_stderr() {
    use std::io::Write;
    use std::process::Stdio;
    let sandbox = common::Sandbox::new();
    let mut child = sandbox
        .command()
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let line = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{{\"x\":\"{}\"}}}}\n",
        "x".repeat(17 * 1024 * 1024)
    );
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(line.as_bytes());
    });
    writer.join().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("watchfix mcp: dropped a request longer than 16 MiB"),
        "{stderr}"
    );
}

#[test]
fn with_nowhere_to_save_the_walk_is_not_called_saved() {
    let run = Test::new()
        .tree("demo.ron", DEMO_FLOW)
        .env("HOME", "")
        .env("XDG_STATE_HOME", "")
        .args(["run", "demo"])
        .stdin("left\n")
        .status(4)
        .stdout_contains("")
        .stderr_contains(
            "watchfix: the walk is not saved (no place to keep sessions: set XDG_STATE_HOME \
             or HOME); its 1 answer is lost when this ends\n",
        )
        .run();
    assert!(!run.stderr.contains("the walk is saved"), "{}", run.stderr);
}

#[test]
fn after_a_failed_save_the_walk_is_not_called_saved() {
    let test = Test::new().tree("demo.ron", DEMO_FLOW);
    // A file where the sessions folder must go: every save fails, as on a full disk.
    std::fs::create_dir_all(test.state_dir()).unwrap();
    std::fs::write(test.state_dir().join("watchfix"), "").unwrap();
    let run = test
        .args(["run", "demo"])
        .stdin("left\n")
        .status(4)
        .stdout_contains("")
        .stderr_contains("watchfix: warning: cannot save the session in ")
        .stderr_contains("watchfix: the walk is not saved (")
        .stderr_contains("); its 1 answer is lost when this ends\n")
        .run();
    assert!(!run.stderr.contains("the walk is saved"), "{}", run.stderr);
}

/// One walk stopped after one answer: its session id.
fn saved_walk(test: &Test) -> String {
    let sessions = test.state_dir().join("watchfix/sessions");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_watchfix"))
        .env("XDG_STATE_HOME", test.state_dir())
        .env("NO_COLOR", "1")
        .args(["--trees"])
        .arg(test.trees_dir())
        .args(["run", "demo"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"left\n")?;
            child.wait()
        })
        .unwrap();
    assert_eq!(run.code(), Some(4));
    std::fs::read_dir(&sessions)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find_map(|name| name.strip_suffix(".json").map(str::to_string))
        .expect("a saved session")
}

#[test]
fn a_session_open_elsewhere_is_not_resumed_twice() {
    let test = Test::new().tree("demo.ron", DEMO_FLOW);
    let id = saved_walk(&test);
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(
            test.state_dir()
                .join(format!("watchfix/sessions/.{id}.lock")),
        )
        .unwrap();
    lock.try_lock().unwrap();
    test.args(["resume", &id])
        .stdin("fixed\n")
        .status(2)
        .stderr(format!(
            "watchfix: error: cannot resume `{id}`: the walk is open elsewhere; finish or quit it there first\n"
        ))
        .run();
}

#[test]
fn temporary_files_of_interrupted_saves_are_removed_on_the_next_start() {
    let test = Test::new();
    let sessions = test.state_dir().join("watchfix/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let stale = sessions.join(".watchfix-session-abc123");
    let file = std::fs::File::create(&stale).unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    file.set_modified(old).unwrap();
    drop(file);
    let test = test
        .args(["resume", "--list"])
        .stdout("No unfinished walks.\n");
    test.run();
    assert!(!stale.exists());
}
