//! Saved sessions through the real binary: a walk stopped by the end of its input is saved,
//! `resume` continues it, corrupt files are skipped, and trees changed under a session are
//! handled.

mod common;

use common::Test;

const FLOW: &str = r#"Flow(
    id: "demo",
    title: "Demo problem",
    category: "Demo",
    symptoms: ["demo"],
    start: "first",
    nodes: {
        "first": Ask(text: "Which part?", choices: [
            (id: "left", label: "Left", next: "restart"),
            (id: "right", label: "Right", next: "restart"),
        ]),
        "restart": Step(text: "Restart the watch.", source: "Q", fixed: "done", not_fixed: "help"),
        "done": End(outcome: Resolved, text: "Fixed."),
        "help": End(outcome: Escalate, text: "Contact support."),
    },
    scenarios: [(name: "s", answers: ["left", "fixed"], expect: "done")],
)"#;

/// A walk of the demo flow stopped by the end of its input after one answer, which
/// leaves a saved session; with the run's output.
fn stopped_walk(first_answer: &str) -> (Test, common::Run) {
    let test = Test::new()
        .tree("demo.ron", FLOW)
        .args(["run", "demo"])
        .stdin(&format!("{first_answer}\n"));
    let run = test.status(4);
    (test, run)
}

/// Another run that shares `earlier`'s saved sessions, over the given flow text.
fn later(earlier: &Test, flow: &str) -> Test {
    let state = earlier.path().join("state");
    Test::new().tree("demo.ron", flow).env(
        "XDG_STATE_HOME",
        state.to_str().expect("a UTF-8 temporary path"),
    )
}

fn sessions_dir(test: &Test) -> std::path::PathBuf {
    test.path().join("state").join("watchfix").join("sessions")
}

fn session_ids(test: &Test) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(sessions_dir(test))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path().file_stem().unwrap().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

#[test]
fn input_ending_mid_walk_leaves_a_session_that_resume_continues() {
    let (test, stopped) = stopped_walk("left");
    assert!(
        stopped.stderr.contains("watchfix resume demo-"),
        "{}",
        stopped.stderr
    );
    let ids = session_ids(&test);
    assert_eq!(ids.len(), 1);

    let listed = later(&test, FLOW).args(["resume", "--list"]).status(0);
    assert!(listed.stdout.contains(&ids[0]), "{}", listed.stdout);
    assert!(listed.stdout.contains("1 answer"), "{}", listed.stdout);

    let resumed = later(&test, FLOW)
        .args(["resume"])
        .stdin("fixed\n")
        .status(0);
    assert!(
        resumed.stderr.contains("after 1 answer"),
        "{}",
        resumed.stderr
    );
    assert!(
        resumed.stdout.contains("Restart the watch."),
        "{}",
        resumed.stdout
    );
    assert!(resumed.stdout.contains("Fixed."), "{}", resumed.stdout);
    // Finished walks are not kept.
    assert!(session_ids(&test).is_empty());
}

#[test]
fn a_corrupt_session_file_is_reported_and_skipped() {
    let (test, _) = stopped_walk("left");
    std::fs::write(
        sessions_dir(&test).join("broken.json"),
        "{ this is not json",
    )
    .unwrap();
    let run = later(&test, FLOW).args(["resume", "--list"]).status(0);
    assert!(run.stderr.contains("broken.json"), "{}", run.stderr);
    assert!(run.stdout.contains("demo-"), "{}", run.stdout);
    // Resuming the most recent still works past the broken file.
    later(&test, FLOW)
        .args(["resume"])
        .stdin("fixed\n")
        .status(0);
}

#[test]
fn two_sessions_at_once_are_kept_apart() {
    let (first, _) = stopped_walk("left");
    later(&first, FLOW)
        .args(["run", "demo"])
        .stdin("right\n")
        .status(4);
    let ids = session_ids(&first);
    assert_eq!(ids.len(), 2, "{ids:?}");
    for id in &ids {
        let text =
            std::fs::read_to_string(sessions_dir(&first).join(format!("{id}.json"))).unwrap();
        let session: serde_json::Value = serde_json::from_str(&text).unwrap();
        let answer = session["answers"][0].as_str().unwrap().to_string();
        // Each resumes its own walk: the trail shows its own first answer.
        let resumed = later(&first, FLOW)
            .args(["resume", id.as_str(), "--plain"])
            .stdin("not-fixed\n")
            .status(3);
        let label = if answer == "left" { "Left" } else { "Right" };
        assert!(resumed.stdout.contains(label), "{}", resumed.stdout);
    }
    assert!(session_ids(&first).is_empty());
}

#[test]
fn a_session_survives_edits_that_keep_its_trail() {
    let (test, _) = stopped_walk("left");
    let edited = FLOW.replace("Restart the watch.", "Restart the watch and the phone.");
    let resumed = later(&test, &edited)
        .args(["resume"])
        .stdin("fixed\n")
        .status(0);
    assert!(
        resumed.stdout.contains("Restart the watch and the phone."),
        "{}",
        resumed.stdout
    );
}

#[test]
fn a_session_whose_trail_is_gone_starts_fresh_and_says_why() {
    let (test, _) = stopped_walk("left");
    let edited = FLOW.replace(
        r#"(id: "left", label: "Left", next: "restart"),"#,
        r#"(id: "top", label: "Top", next: "restart"),"#,
    );
    let resumed = later(&test, &edited)
        .args(["resume"])
        .stdin("top\nfixed\n")
        .status(0);
    assert!(
        resumed.stderr.contains("flows changed"),
        "{}",
        resumed.stderr
    );
    assert!(resumed.stderr.contains("answer 1"), "{}", resumed.stderr);
    assert!(resumed.stdout.contains("Which part?"), "{}", resumed.stdout);
}

#[test]
fn nothing_to_resume_is_a_usage_error() {
    let run = Test::new()
        .tree("demo.ron", FLOW)
        .args(["resume"])
        .status(2);
    assert!(run.stderr.contains("no unfinished walk"), "{}", run.stderr);
    let run = Test::new()
        .tree("demo.ron", FLOW)
        .args(["resume", "nope"])
        .status(2);
    assert!(
        run.stderr.contains("cannot resume `nope`"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_in_a_plain_walk_exits_4_and_names_the_session() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let trees = dir.path().join("trees");
    std::fs::create_dir_all(&trees).unwrap();
    std::fs::write(trees.join("demo.ron"), FLOW).unwrap();
    let state = dir.path().join("state");
    let mut child = Command::new(env!("CARGO_BIN_EXE_watchfix"))
        .args(["--trees", trees.to_str().unwrap(), "run", "demo"])
        .env("XDG_STATE_HOME", &state)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"left\n").unwrap();
    stdin.flush().unwrap();
    // Wait until the answer is saved, then interrupt while the walk waits for more input.
    let sessions = state.join("watchfix").join("sessions");
    let saved = || {
        std::fs::read_dir(&sessions)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("\"left\"")))
    };
    for _ in 0..600 {
        if saved() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(saved(), "the first answer was saved");
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    drop(stdin);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("watchfix resume demo-"), "{stderr}");
    assert!(
        !stderr.contains("\x1b["),
        "no terminal escapes when stderr is not a terminal"
    );
}
