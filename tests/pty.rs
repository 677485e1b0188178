//! The interactive front end in a real pseudo-terminal: start the binary, wait for prompt
//! text, send keys, read the screen, check the exit status.
#![cfg(unix)]

mod common;

use std::time::Duration;

use common::Sandbox;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{ControlCode, Eof, Expect, Regex, Session};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const SHOW_CURSOR: &str = "\x1b[?25h";

/// Starts the binary in a terminal the prompts can draw on, without colour so that the
/// expected text is not split by escape codes.
fn spawn(args: &[&str], sandbox: &Sandbox) -> OsSession {
    let mut command = sandbox.command();
    command
        .args(args)
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1");
    let mut session = Session::spawn(command).expect("the binary starts in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

fn exit_code(session: &OsSession) -> i32 {
    match session.get_process().wait().expect("the process ends") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("ended without an exit code: {other:?}"),
    }
}

/// The firmware update of a Bluetooth smartwatch: its first question is the battery's.
fn firmware_update(sandbox: &Sandbox) -> OsSession {
    spawn(
        &[
            "run",
            "firmware-update",
            "--fact",
            "watch_type=bluetooth-smartwatch",
        ],
        sandbox,
    )
}

#[test]
fn a_full_walk_to_a_resolved_end() {
    let sandbox = Sandbox::new();
    let mut session = firmware_update(&sandbox);
    session.expect("at least 70% battery").unwrap();
    session.send(ENTER).unwrap();
    session.expect("Device > Firmware Update").unwrap();
    session.send(ENTER).unwrap();
    session.expect("Summary").unwrap();
    session.expect("✔ Fixed").unwrap();
    session.expect("What next?").unwrap();
    session.send(ENTER).unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 0);
}

#[test]
fn arrow_keys_back_and_escape_to_quit() {
    let sandbox = Sandbox::new();
    let mut session = spawn(&["run", "firmware-update"], &sandbox);
    session.expect("at least 70% battery").unwrap();
    // Second choice: below 70%, so the walk asks to charge first.
    session.send(DOWN).unwrap();
    session.send(ENTER).unwrap();
    session.expect("Charge the watch").unwrap();
    // `b` goes back, with the cursor on the answer given before.
    session.send("b").unwrap();
    session.expect("at least 70% battery").unwrap();
    session.expect("❯ 2. No").unwrap();
    session.send(ESC).unwrap();
    session.expect("Stopped at step 1 of").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 4);
}

#[test]
fn ctrl_c_shows_the_cursor_again_and_exits_4() {
    let sandbox = Sandbox::new();
    let mut session = spawn(&["run", "pairing"], &sandbox);
    session.expect("What happens").unwrap();
    session.send(ControlCode::EndOfText).unwrap();
    session.expect(SHOW_CURSOR).unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 4);
}

#[test]
fn the_opening_menu_lists_flows_by_category() {
    let sandbox = Sandbox::new();
    let mut session = spawn(&[], &sandbox);
    session.expect("What is wrong with your watch?").unwrap();
    session.expect("Pairing & connection").unwrap();
    session.send("q").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 4);
}

#[test]
fn quit_then_resume_continues_at_the_same_node() {
    let sandbox = Sandbox::new();
    let mut session = firmware_update(&sandbox);
    session.expect("at least 70% battery").unwrap();
    session.send(ENTER).unwrap();
    session.expect("Device > Firmware Update").unwrap();
    session.send("q").unwrap();
    session.expect("watchfix resume").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 4);

    let mut resumed = spawn(&["resume"], &sandbox);
    resumed.expect("Resuming").unwrap();
    resumed.expect("Device > Firmware Update").unwrap();
    resumed.send(ENTER).unwrap();
    resumed.expect("✔ Fixed").unwrap();
    resumed.expect("What next?").unwrap();
    resumed.send(ENTER).unwrap();
    resumed.expect(Eof).unwrap();
    assert_eq!(exit_code(&resumed), 0);

    // A finished walk is no longer offered.
    let mut list = spawn(&["resume", "--list"], &sandbox);
    list.expect("No unfinished walks").unwrap();
    list.expect(Eof).unwrap();
}

#[test]
fn ctrl_c_leaves_a_session_to_resume() {
    let sandbox = Sandbox::new();
    let mut session = spawn(&["run", "pairing"], &sandbox);
    session.expect("What happens").unwrap();
    session.send(ENTER).unwrap();
    session.expect("paired with a different phone").unwrap();
    session.send(ControlCode::EndOfText).unwrap();
    session.expect("Stopped at step 2 of").unwrap();
    // The line is wrapped at words to the terminal.
    session
        .expect(Regex(r"`watchfix\s+resume\s+pairing`\s+continues\s+it\."))
        .unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 4);

    let mut resumed = spawn(&["resume"], &sandbox);
    resumed.expect("after 1 answer").unwrap();
    resumed.expect("paired with a different phone").unwrap();
    resumed.send(ESC).unwrap();
    resumed.expect(Eof).unwrap();
    assert_eq!(exit_code(&resumed), 4);
}

#[test]
fn a_typo_in_the_symptom_still_finds_the_flow() {
    let sandbox = Sandbox::new();
    let mut session = spawn(&[], &sandbox);
    session.expect("Describe your problem").unwrap();
    session.send(ENTER).unwrap();
    session.expect("Describe the problem").unwrap();
    session.send_line("my watch keeps disconecting").unwrap();
    session.expect("Best matches").unwrap();
    session.expect("keeps disconnecting").unwrap();
    session.send(ENTER).unwrap();
    session.expect("What happens").unwrap();
    session.send(ESC).unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 4);
}

#[test]
fn back_from_a_subflow_returns_to_the_caller() {
    let sandbox = Sandbox::new();
    let mut session = spawn(&["run", "notifications"], &sandbox);
    session.expect("show the watch as connected?").unwrap();
    session.send(DOWN).unwrap();
    session.send(ENTER).unwrap();
    // Entering the pairing subflow says so, and where the walk goes back to.
    session.expect("Next: The watch won't pair").unwrap();
    session.expect("What happens when you connect").unwrap();
    // Back leaves the subflow, and says so.
    session.send("b").unwrap();
    session.expect("Back to Notifications").unwrap();
    session.expect("show the watch as connected?").unwrap();
    session.send(ESC).unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 4);
}

/// The end of an escalated walk: the headline after the summary, the letter saved from the
/// menu with its default name, a second save that asks before replacing and is cancelled
/// with Esc, and Ctrl-C at the end that keeps exit 3 and claims no saved walk.
#[test]
fn the_end_screen_saves_the_letter_asks_before_replacing_and_keeps_exit_3() {
    let sandbox = Sandbox::new();
    let mut session = firmware_update(&sandbox);
    session.expect("at least 70% battery").unwrap();
    session.expect("Choose").unwrap();
    session.send(DOWN).unwrap();
    session.send(ENTER).unwrap();
    session.expect("Charge the watch").unwrap();
    session.expect("It won't charge to 70%").unwrap();
    session.send(DOWN).unwrap();
    session.send(ENTER).unwrap();
    session.expect("Summary").unwrap();
    session.expect("✖ Not fixed").unwrap();
    session.expect("What next?").unwrap();
    session.send(DOWN).unwrap();
    session.send(ENTER).unwrap();
    session
        .expect("Save as › watchfix-firmware-update-letter.txt")
        .unwrap();
    session.send(ENTER).unwrap();
    session.expect("letter saved to").unwrap();
    let letter = sandbox.path().join("watchfix-firmware-update-letter.txt");
    let text = std::fs::read_to_string(&letter).expect("the letter was written");
    assert!(text.contains("KOSPET Customer Service"), "{text}");

    session.expect("What next?").unwrap();
    session.send(DOWN).unwrap();
    session.send(ENTER).unwrap();
    session.expect("Save as").unwrap();
    session.send(ENTER).unwrap();
    session.expect("Replace it?").unwrap();
    session.send(ENTER).unwrap();
    session.expect("Save as").unwrap();
    session.send(ESC).unwrap();
    session.expect("What next?").unwrap();
    session.send(ControlCode::EndOfText).unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 3);
    assert_eq!(std::fs::read_to_string(&letter).unwrap(), text);
}

#[test]
fn a_typed_value_refused_says_how_to_skip_at_the_prompt() {
    let sandbox = Sandbox::new();
    // The model is known, so the first node is the firmware version to type.
    let mut session = spawn(
        &["run", "support-details", "--fact", "model=tank-m3"],
        &sandbox,
    );
    session.expect("Which firmware version").unwrap();
    session.send(ENTER).unwrap();
    session.expect("› ").unwrap();
    session.send("abc").unwrap();
    session.send(ENTER).unwrap();
    // Skipping is a menu item here, not a word to type; and no fact id is named.
    session
        .expect(Regex(
            "That does not fit as the watch firmware version: a version is numbers\\s+separated\\s+by\\s+dots;\\s+for\\s+example\\s+1\\.2\\.3\\.\\s+Or\\s+press\\s+Esc\\s+and\\s+choose\\s+\"I\\s+can't\\s+find\\s+it\"\\.",
        ))
        .unwrap();
    session.send(ESC).unwrap();
    session.expect("I can't find it").unwrap();
    session.send("q").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 4);
}

/// A step whose tree names its answers ("Found it") is not asked as a fix: its prompt is
/// "Choose", where a step with the usual answers asks "Did that work?".
#[test]
fn a_step_with_its_own_answers_is_not_asked_as_a_fix() {
    let sandbox = Sandbox::new();
    let mut session = spawn(&["run", "battery"], &sandbox);
    session.expect("What would you like to know").unwrap();
    for _ in 0..6 {
        session.send(DOWN).unwrap();
    }
    session.send(ENTER).unwrap();
    session.expect("product description").unwrap();
    let prompt = session.expect("Found it").unwrap();
    let screen = String::from_utf8_lossy(prompt.before()).into_owned();
    assert!(screen.contains("Choose"), "{screen}");
    assert!(!screen.contains("Did that work?"), "{screen}");
    session.send("q").unwrap();
    assert_eq!(exit_code(&session), 4);
}

/// `watchfix --plain` at a terminal is the numbered menu, read line by line, not prompts.
#[test]
fn the_bare_menu_is_plain_when_asked() {
    let sandbox = Sandbox::new();
    let mut session = spawn(&["--plain"], &sandbox);
    session.expect("What is wrong with your watch?").unwrap();
    session.expect("Choose a number, or describe").unwrap();
    session.send("q\r").unwrap();
    assert_eq!(exit_code(&session), 4);
}

/// Starting over after more than a few answers asks first, in a menu whose default keeps
/// the answers; choosing yes goes back to the first question.
#[test]
fn start_over_asks_first_and_keeps_the_answers_by_default() {
    let sandbox = Sandbox::new();
    let mut session = spawn(&["run", "battery"], &sandbox);
    session.expect("What would you like to know").unwrap();
    for key in ["1", "2", "2", "2"] {
        session.send(key).unwrap();
        session.expect("q quit").unwrap();
    }
    session.send("r").unwrap();
    session
        .expect("Start over? Your 4 answers will be cleared.")
        .unwrap();
    session.expect("No, keep my answers").unwrap();
    session.send(ENTER).unwrap();
    session.expect("Step 5").unwrap();
    session.send("r").unwrap();
    session.expect("No, keep my answers").unwrap();
    session.send("1").unwrap();
    session.expect("Step 1").unwrap();
    session.expect("What would you like to know").unwrap();
    session.send("q").unwrap();
    assert_eq!(exit_code(&session), 4);
}
