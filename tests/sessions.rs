//! Saved sessions through the real binary: a walk stopped by the end of its input is saved,
//! `resume` continues it, corrupt files are skipped, and trees changed under a session are
//! handled.

mod common;

use common::{DEMO_FLOW as FLOW, Test};

/// The keys and the prompt under every node in plain mode.
const KEYS: &str = "number choose · b back · r start over · n TEXT note · q quit\nAnswer: ";

/// The flow's title, printed once when a walk starts or resumes.
const TITLE: &str = "\n== Demo problem ==";

/// The demo flow's first question, as a plain walk prints it; the piped answer ends the
/// prompt's line.
fn which_part() -> String {
    format!("\nStep 1 · 1 more\nWhich part?\n  1) Left\n  2) Right\n{KEYS}\n")
}

/// The demo flow's step, as a plain walk prints it.
fn restart(text: &str) -> String {
    format!("\nStep 2 · the last one\n{text}\n  1) That fixed it\n  2) Still not working\n{KEYS}\n")
}

/// The end of a walk that went `part` then `fixed`, from the echo of the last answer.
fn fixed_after(part: &str) -> String {
    format!(
        "> That fixed it\n\nFixed.\n\n\
         Problem: Demo problem (demo)\n\
         Steps:\n  1. Which part?\n     → {part}\n  2. Restart the watch.\n     → That fixed it\n\
         Outcome: Fixed\n"
    )
}

/// What a walk stopped at the step by the end of its input says.
const INPUT_ENDED: &str =
    "Input ended at step 2 of \"Demo problem\". `watchfix resume demo` continues it.\n";

/// A walk of the demo flow stopped by the end of its input after one answer, which
/// leaves a saved session.
fn stopped_walk(first_answer: &str) -> Test {
    let test = Test::new()
        .tree("demo.ron", FLOW)
        .args(["run", "demo"])
        .stdin(&format!("{first_answer}\n"))
        .status(4)
        .stdout(format!(
            "{TITLE}{}> {}\n{}",
            which_part(),
            if first_answer == "left" {
                "Left"
            } else {
                "Right"
            },
            restart("Restart the watch.")
        ))
        .stderr(INPUT_ENDED);
    test.run();
    assert!(!session_ids(&test).is_empty(), "a saved session");
    test
}

/// Another run that shares `earlier`'s saved sessions, over the given flow text.
fn later(earlier: &Test, flow: &str) -> Test {
    let state = earlier.state_dir();
    Test::new().tree("demo.ron", flow).env(
        "XDG_STATE_HOME",
        state.to_str().expect("a UTF-8 temporary path"),
    )
}

fn sessions_dir(test: &Test) -> std::path::PathBuf {
    test.state_dir().join("watchfix").join("sessions")
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

const RESUMED: &str = "Resuming \"Demo problem\" after 1 answer.\n";

#[test]
fn input_ending_mid_walk_leaves_a_session_that_resume_continues() {
    let test = stopped_walk("left");
    let ids = session_ids(&test);
    assert_eq!(ids.len(), 1);

    // Three lines per session: its id and age (the clock's), the flow, where it stopped.
    let listed = later(&test, FLOW)
        .args(["resume", "--list"])
        .stdout_contains(format!("{} · ", ids[0]))
        .stdout_contains("\n    Demo problem\n    Step 2: Restart the watch.\n")
        .stdout_contains(
            "\n\nContinue one with `watchfix resume <ID>`, or the latest of a flow with\n\
             `watchfix resume <FLOW>`.\n",
        )
        .run();
    assert_eq!(listed.stdout.lines().count(), 6, "{}", listed.stdout);

    later(&test, FLOW)
        .args(["resume"])
        .stdin("fixed\n")
        .stdout(format!(
            "{TITLE}{}{}",
            restart("Restart the watch."),
            fixed_after("Left")
        ))
        .stderr(RESUMED)
        .run();
    // Finished walks are not kept.
    assert!(session_ids(&test).is_empty());
}

#[test]
fn a_corrupt_session_file_is_reported_and_skipped() {
    let test = stopped_walk("left");
    let broken = sessions_dir(&test).join("broken.json");
    std::fs::write(&broken, "{ this is not json").unwrap();
    later(&test, FLOW)
        .args(["resume", "--list"])
        .stdout_contains("demo-")
        .stderr_contains(broken.display().to_string())
        .run();
    // Resuming the most recent still works past the broken file.
    later(&test, FLOW)
        .args(["resume"])
        .stdin("fixed\n")
        .stdout(format!(
            "{TITLE}{}{}",
            restart("Restart the watch."),
            fixed_after("Left")
        ))
        .stderr_contains(broken.display().to_string())
        .stderr_contains(RESUMED)
        .run();
}

#[test]
fn two_sessions_at_once_are_kept_apart() {
    let first = stopped_walk("left");
    later(&first, FLOW)
        .args(["run", "demo"])
        .stdin("right\n")
        .status(4)
        .stdout(format!(
            "{TITLE}{}> Right\n{}",
            which_part(),
            restart("Restart the watch.")
        ))
        .stderr(INPUT_ENDED)
        .run();
    let ids = session_ids(&first);
    assert_eq!(ids.len(), 2, "{ids:?}");
    for id in &ids {
        let text =
            std::fs::read_to_string(sessions_dir(&first).join(format!("{id}.json"))).unwrap();
        let session: serde_json::Value = serde_json::from_str(&text).unwrap();
        let answer = session["answers"][0].as_str().unwrap().to_string();
        // Each resumes its own walk: the trail shows its own first answer.
        let label = if answer == "left" { "Left" } else { "Right" };
        later(&first, FLOW)
            .args(["resume", id.as_str(), "--plain"])
            .stdin("not-fixed\n")
            .status(3)
            .stdout_contains(restart("Restart the watch."))
            .stdout_contains(format!("  1. Which part?\n     → {label}\n"))
            .stdout_contains("Outcome: Not fixed: contact KOSPET Customer Service\n")
            .stderr(RESUMED)
            .run();
    }
    assert!(session_ids(&first).is_empty());
}

#[test]
fn a_session_survives_edits_that_keep_its_trail() {
    let test = stopped_walk("left");
    let edited = FLOW.replace("Restart the watch.", "Restart the watch and the phone.");
    later(&test, &edited)
        .args(["resume"])
        .stdin("fixed\n")
        .stdout(format!(
            "{TITLE}{}{}",
            restart("Restart the watch and the phone."),
            fixed_after("Left").replace("Restart the watch.", "Restart the watch and the phone.")
        ))
        .stderr(RESUMED)
        .run();
}

#[test]
fn a_session_whose_trail_is_gone_starts_fresh_and_says_why() {
    let test = stopped_walk("left");
    let edited = FLOW.replace(
        r#"(id: "left", label: "Left", next: "restart"),"#,
        r#"(id: "top", label: "Top", next: "restart"),"#,
    );
    later(&test, &edited)
        .args(["resume"])
        .stdin("top\nfixed\n")
        .stdout(format!(
            "{TITLE}{}> Top\n{}{}",
            which_part().replace("Left", "Top"),
            restart("Restart the watch."),
            fixed_after("Top")
        ))
        .stderr_contains("flows changed")
        .stderr_contains("answer 1")
        .run();
}

#[test]
fn nothing_to_resume_is_a_usage_error() {
    Test::new()
        .tree("demo.ron", FLOW)
        .args(["resume"])
        .status(2)
        .stderr(
            "watchfix: error: there is no unfinished walk to resume; \
             start one with `watchfix`\n",
        )
        .run();
    Test::new()
        .tree("demo.ron", FLOW)
        .args(["resume", "nope"])
        .status(2)
        .stderr(
            "watchfix: error: there is no saved walk `nope`: no walk is saved; \
             start one with `watchfix`\n",
        )
        .run();
}

#[cfg(unix)]
#[test]
fn ctrl_c_in_a_plain_walk_exits_4_and_names_the_session() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    // The builder cannot signal a running child; the sandbox gives the same surroundings.
    let sandbox = common::Sandbox::new();
    std::fs::write(sandbox.path().join("demo.ron"), FLOW).unwrap();
    let state = sandbox.state_dir();
    let mut child = sandbox
        .command()
        .args(["--trees", ".", "run", "demo"])
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
    assert!(
        stderr.ends_with(
            "Stopped at step 2 of \"Demo problem\". `watchfix resume demo` continues it.\n"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("\x1b["),
        "no terminal escapes when stderr is not a terminal"
    );
}

#[test]
fn resume_by_flow_continues_that_flows_latest_walk() {
    let first = stopped_walk("left");
    later(&first, FLOW)
        .args(["resume", "demo"])
        .stdin("1\n")
        .stdout(format!(
            "{TITLE}{}{}",
            restart("Restart the watch."),
            fixed_after("Left")
        ))
        .stderr(RESUMED)
        .run();
    assert!(
        session_ids(&first).is_empty(),
        "a finished walk leaves no session"
    );
}

#[test]
fn forget_deletes_one_walk_and_forget_all_every_walk() {
    let first = stopped_walk("left");
    let ids = session_ids(&first);
    let [id] = ids.as_slice() else {
        panic!("one saved walk: {ids:?}");
    };
    later(&first, FLOW)
        .args(["resume", "--forget", id])
        .stderr(format!("Forgot the walk {id}.\n"))
        .run();
    assert!(session_ids(&first).is_empty(), "the walk is forgotten");

    // Two walks, then all of them; piped, nothing asks first.
    for answer in ["left", "right"] {
        later(&first, FLOW)
            .args(["run", "demo"])
            .stdin(&format!("{answer}\n"))
            .status(4)
            .stdout_contains("Which part?")
            .stderr(INPUT_ENDED)
            .run();
    }
    assert_eq!(session_ids(&first).len(), 2);
    later(&first, FLOW)
        .args(["resume", "--forget-all"])
        .stderr("Forgot 2 saved walks.\n")
        .run();
    assert!(session_ids(&first).is_empty(), "every walk is forgotten");
}

/// A flow whose title and second question are wider than a narrow terminal.
const LONG_FLOW: &str = r#"Flow(
    id: "band",
    title: "The strap, the buckle or the pins of the band broke while I was running",
    category: "Demo",
    symptoms: ["band broke"],
    start: "first",
    nodes: {
        "first": Ask(text: "Which part?", choices: [
            (id: "strap", label: "The strap", next: "pins"),
        ]),
        "pins": Ask(text: "Look closely at the band near the pins. You may need a light. Did the strap itself tear near one of the two pins that hold it?", choices: [
            (id: "yes", label: "Yes", next: "done"),
            (id: "no", label: "No", next: "done"),
        ]),
        "done": End(outcome: Resolved, text: "Fixed."),
    },
    scenarios: [(name: "s", answers: ["strap", "yes"], expect: "done")],
)"#;

#[test]
fn the_list_says_where_each_walk_stopped_in_words_that_fit() {
    let test = stopped_walk("left");
    let demo = session_ids(&test);
    // A second walk, of the long flow, in the same state directory.
    later(&test, FLOW)
        .tree("band.ron", LONG_FLOW)
        .args(["run", "band"])
        .stdin("1\n")
        .status(4)
        .stdout_contains("Did the strap itself tear")
        .stderr_contains("Input ended at step 2")
        .run();
    let band: Vec<String> = session_ids(&test)
        .into_iter()
        .filter(|id| !demo.contains(id))
        .collect();
    // The demo walk was last used two hours ago: it comes second.
    let path = sessions_dir(&test).join(format!("{}.json", demo[0]));
    let mut saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let updated = saved["updated"].as_u64().unwrap();
    saved["updated"] = (updated - 2 * 3600 - 30).into();
    std::fs::write(&path, saved.to_string()).unwrap();
    for (columns, title, question, footer) in [
        (
            "80",
            "The strap, the buckle or the pins of the band broke while I was running",
            "Did the strap itself tear near one of the two pins that hold it?",
            "\nContinue one with `watchfix resume <ID>`, or the latest of a flow with\n\
             `watchfix resume <FLOW>`.\n",
        ),
        (
            "60",
            "The strap, the buckle or the pins of the band broke…",
            "Did the strap itself tear near one of the two…",
            "\nContinue one with `watchfix resume <ID>`, or the latest of\n\
             a flow with `watchfix resume <FLOW>`.\n",
        ),
    ] {
        later(&test, FLOW)
            .tree("band.ron", LONG_FLOW)
            .env("COLUMNS", columns)
            .args(["resume", "--list"])
            .stdout(format!(
                "{} · just now\n    {title}\n    Step 2: {question}\n\
                 {} · 2 hours ago\n    Demo problem\n    Step 2: Restart the watch.\n{footer}",
                band[0], demo[0]
            ))
            .run();
    }
}
