//! The prompts on a modelled screen: the binary runs in a PTY of a given size and every
//! byte it writes goes through a vt100 terminal model, so what a person would see can be
//! read row by row. A redraw that counted its rows wrong leaves a second prompt or a
//! second copy of a row behind; these tests look for exactly one of each.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Sandbox;
use expectrl::Session;
use expectrl::session::OsSession;

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

/// A label wider than any of the terminals tested.
const LONG_LABEL: &str = "The strap itself, the long rubber part that goes around the wrist, has torn or split near one of the pins";

/// A description wider than any of the terminals tested, that finds the strap flow.
fn long_description() -> String {
    format!("the strap is broken{}", " and it is very".repeat(10))
}

struct Screen {
    session: OsSession,
    parser: vt100::Parser,
    cols: u16,
}

impl Screen {
    /// The binary on the test trees, in a terminal of `cols` × `rows`, without colour.
    fn spawn(sandbox: &Sandbox, args: &[&str], cols: u16, rows: u16) -> Screen {
        let trees = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/screen");
        let mut command = sandbox.command();
        command
            .arg("--trees")
            .arg(trees)
            .args(args)
            .env("TERM", "xterm-256color")
            .env("NO_COLOR", "1");
        let mut session = Session::spawn(command).expect("the binary starts in a pty");
        session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("the pty takes a size");
        Screen {
            session,
            parser: vt100::Parser::new(
                std::num::NonZeroU16::new(rows).expect("rows"),
                std::num::NonZeroU16::new(cols).expect("columns"),
                0,
            ),
            cols,
        }
    }

    /// Feeds what the binary wrote so far to the terminal model.
    fn pump(&mut self) {
        let mut buf = [0u8; 4096];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => break,
                Ok(n) => self.parser.process(&buf[..n]),
                Err(_) => break,
            }
        }
    }

    /// The screen's rows, trailing blanks trimmed.
    fn rows(&self) -> Vec<String> {
        self.parser
            .screen()
            .rows(0, self.cols)
            .map(|r| r.trim_end().to_string())
            .collect()
    }

    /// Waits until the screen shows `text` and what is drawn has settled.
    #[track_caller]
    fn wait_for(&mut self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            self.pump();
            if self.rows().iter().any(|r| r.contains(text)) {
                std::thread::sleep(Duration::from_millis(150));
                self.pump();
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{text:?} never showed:\n{}", self.rows().join("\n"));
    }

    /// Waits until the screen's rows satisfy `settled`.
    #[track_caller]
    fn wait_until(&mut self, what: &str, settled: impl Fn(&[String]) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            self.pump();
            if settled(&self.rows()) {
                std::thread::sleep(Duration::from_millis(150));
                self.pump();
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("never {what}:\n{}", self.rows().join("\n"));
    }

    /// The terminal resized to `cols` × `rows`, as a window dragged wider or narrower.
    fn resize(&mut self, cols: u16, rows: u16) {
        self.pump();
        self.session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("the pty takes a size");
        self.parser.set_size(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("columns"),
        );
        self.cols = cols;
    }

    fn send(&mut self, keys: &str) {
        use std::io::Write;
        self.session.write_all(keys.as_bytes()).expect("keys sent");
        self.session.flush().expect("keys sent");
    }

    /// How many rows contain `text`.
    fn count(&self, text: &str) -> usize {
        self.rows().iter().filter(|r| r.contains(text)).count()
    }

    /// Exactly one live prompt, and one footer, on screen.
    #[track_caller]
    fn one_live_menu(&self) {
        let rows = self.rows();
        let prompts = rows.iter().filter(|r| r.starts_with("? ")).count();
        let cursors = rows.iter().filter(|r| r.starts_with("❯")).count();
        assert_eq!(
            (prompts, cursors),
            (1, 1),
            "one prompt, one cursor:\n{}",
            rows.join("\n")
        );
        assert_eq!(self.count("q quit"), 1, "one footer:\n{}", rows.join("\n"));
    }
}

/// A word of the long label cut in two across rows would show as neither half whole.
#[track_caller]
fn no_word_broken(screen: &Screen, text: &str) {
    let shown = screen.rows().join(" ");
    let shown: Vec<&str> = shown.split_whitespace().collect();
    for word in text.split_whitespace() {
        assert!(
            shown
                .iter()
                .any(|w| w.trim_matches(|c: char| !c.is_alphanumeric())
                    == word.trim_matches(|c: char| !c.is_alphanumeric())),
            "{word:?} is not shown whole:\n{}",
            screen.rows().join("\n")
        );
    }
}

#[test]
fn wide_labels_and_descriptions_leave_no_stale_rows() {
    for (cols, rows) in [(60, 24), (80, 24), (100, 24), (40, 24), (200, 40), (80, 10)] {
        let sandbox = Sandbox::new();
        let mut screen = Screen::spawn(&sandbox, &[], cols, rows);
        screen.wait_for("What is wrong with your watch?");
        screen.send(ENTER);
        screen.wait_for("Describe the problem ›");
        // The example is a hint of its own, not part of the prompt.
        assert!(screen.count("For example:") == 1, "{cols}");
        let description = long_description();
        screen.send(&description);
        std::thread::sleep(Duration::from_millis(300));
        screen.pump();
        assert_eq!(
            screen.count("Describe the problem ›"),
            1,
            "{cols}:\n{}",
            screen.rows().join("\n")
        );
        screen.send(ENTER);
        screen.wait_for("Best matches");
        screen.one_live_menu();
        screen.send(ENTER);
        screen.wait_for("Which part of the band");
        screen.one_live_menu();
        // The label wider than the terminal is wrapped at words under itself.
        no_word_broken(&screen, LONG_LABEL);
        for _ in 0..2 {
            screen.send(DOWN);
            std::thread::sleep(Duration::from_millis(100));
        }
        screen.pump();
        screen.one_live_menu();
        assert_eq!(
            screen.count("The strap itself"),
            1,
            "{cols}:\n{}",
            screen.rows().join("\n")
        );
        // Down twice from the first of two items: the long one again.
        screen.send(ENTER);
        screen.wait_for("Fit a new strap");
        screen.one_live_menu();
        assert_eq!(screen.count("? Choose"), 0, "{cols}");
        screen.send("q");
        screen.wait_for("Stopped at step 2");
    }
}

#[test]
fn the_footer_the_counter_and_a_subflow_said_in_words() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::spawn(&sandbox, &["run", "strap"], 80, 24);
    screen.wait_for("Which part of the band");
    screen.wait_for("↑↓ move · enter choose · b back · r start over · n note · q quit");
    // Two ways on: two more at most (the buckle, its subflow's step, then one more).
    screen.wait_for("Step 1 · at most 2 more");
    screen.send("2");
    screen.wait_for("Next: Clean the buckle — then back to The strap or the buckle is broken.");
    screen.wait_for("Step 2 · at most 1 more");
    screen.send("1");
    screen.wait_for("Back to The strap or the buckle is broken.");
    screen.wait_for("Step 3 · the last one");
    screen.send("q");
    screen.wait_for("Stopped at step 3");
}

#[test]
fn back_from_the_first_question_returns_to_the_list() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::spawn(&sandbox, &["run", "strap"], 60, 24);
    screen.wait_for("Which part of the band");
    screen.send("b");
    screen.wait_for("What is wrong with your watch?");
    // The cursor is on the flow the walk came from.
    screen.wait_for("❯ 3. The strap or the buckle is broken");
    screen.one_live_menu();
    // The question left is not on screen any more, nor the flow's title over it.
    assert_eq!(
        screen.count("Which part of the band"),
        0,
        "{}",
        screen.rows().join("\n")
    );
    assert_eq!(screen.count("Step 1"), 0, "{}", screen.rows().join("\n"));
    assert_eq!(screen.count("The strap or the buckle is broken"), 1);
    screen.send("q");
}

#[test]
fn back_out_of_a_subflow_takes_its_node_off_the_screen() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::spawn(&sandbox, &["run", "strap"], 60, 24);
    screen.wait_for("Which part of the band");
    screen.send("2");
    screen.wait_for("Rinse the buckle under water.");
    screen.send("b");
    screen.wait_for("Back to The strap or the buckle is broken.");
    screen.wait_for("❯ 2. The buckle");
    screen.one_live_menu();
    // The question gone back to is asked again, once, without the echo of its answer.
    assert_eq!(screen.count("Which part of the band"), 1);
    assert_eq!(screen.count("✔ Choose"), 0, "{}", screen.rows().join("\n"));
    assert_eq!(
        screen.count("Rinse the buckle"),
        0,
        "{}",
        screen.rows().join("\n")
    );
    assert_eq!(
        screen.count("Next: Clean the buckle"),
        0,
        "{}",
        screen.rows().join("\n")
    );
    screen.send("q");
    screen.wait_for("Stopped at step 1");
}

#[test]
fn a_weak_match_is_shown_as_weak() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::spawn(&sandbox, &[], 80, 24);
    screen.wait_for("What is wrong with your watch?");
    screen.send(ENTER);
    screen.wait_for("Describe the problem ›");
    screen.send("buckle rusty green");
    screen.send(ENTER);
    screen.wait_for("Nothing fits closely");
    screen.wait_for("Maybe: Clean the buckle (weak match)");
    screen.wait_for("Something else: write to support");
    assert_eq!(screen.count("Best matches"), 0);
    screen.one_live_menu();
    screen.send("q");
}

#[test]
fn a_resized_terminal_redraws_the_menu_at_once() {
    // The footer's last row at each new width shows the menu was drawn for it.
    for (from, to, last_footer_row) in [
        (60, 40, "r start over · n note · q quit"),
        (
            80,
            200,
            "↑↓ move · enter choose · b back · r start over · n note · q quit",
        ),
    ] {
        let sandbox = Sandbox::new();
        let mut screen = Screen::spawn(&sandbox, &["run", "strap"], from, 24);
        screen.wait_for("Which part of the band");
        screen.wait_for("q quit");
        // No key is pressed: the resize alone redraws.
        screen.resize(to, 24);
        screen.wait_until(&format!("redrawn at {to} columns"), |rows| {
            rows.iter().any(|r| r == last_footer_row)
        });
        screen.one_live_menu();
        no_word_broken(&screen, LONG_LABEL);
        assert_eq!(
            screen.count("The strap itself"),
            1,
            "{to}:\n{}",
            screen.rows().join("\n")
        );
        assert_eq!(
            screen.count("Which part of the band"),
            1,
            "{to}:\n{}",
            screen.rows().join("\n")
        );
        if to >= 200 {
            // Wide enough for the label on one row.
            assert_eq!(screen.count(LONG_LABEL), 1, "{}", screen.rows().join("\n"));
        }
        // The menu still answers keys at the new width.
        screen.send(ENTER);
        screen.wait_for("Fit a new strap");
        screen.one_live_menu();
        screen.send("q");
        screen.wait_for("Stopped at step 2");
    }
}

#[test]
fn lines_said_on_stderr_wrap_at_words() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::spawn(&sandbox, &["run", "strap"], 60, 24);
    screen.wait_for("Which part of the band");
    screen.send("2");
    screen.wait_for("Rinse the buckle");
    screen.send("q");
    screen.wait_for("continues it.");
    // Wider than the terminal, which would cut it inside "answer": it goes on at a word.
    let mut screen = Screen::spawn(&sandbox, &["resume"], 56, 24);
    screen.wait_for("Rinse the buckle");
    no_word_broken(
        &screen,
        "Resuming \"The strap or the buckle is broken\" after 1 answer.",
    );
    screen.send("q");
}

#[test]
fn a_note_leaves_the_node_on_screen_once() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::spawn(&sandbox, &["run", "strap"], 80, 24);
    screen.wait_for("Which part of the band");
    screen.send("2");
    screen.wait_for("Rinse the buckle under water.");
    screen.send("n");
    screen.wait_for("Note ›");
    screen.send("it is green with rust");
    screen.send(ENTER);
    screen.wait_for("Note kept with your last answer.");
    screen.wait_for("q quit");
    screen.one_live_menu();
    for once in ["Rinse the buckle under water.", "Step 2 · "] {
        assert_eq!(
            screen.count(once),
            1,
            "{once}:\n{}",
            screen.rows().join("\n")
        );
    }
    screen.send("q");
    screen.wait_for("Stopped at step 2");
}

#[test]
fn plain_mode_at_a_terminal_wraps_choices_at_words() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::spawn(&sandbox, &["run", "strap", "--plain"], 60, 24);
    screen.wait_for("Answer:");
    no_word_broken(&screen, LONG_LABEL);
    // Each further row of a choice starts under its label.
    assert!(
        screen
            .rows()
            .iter()
            .any(|r| r.starts_with("     ") && r.contains("wrist")),
        "{}",
        screen.rows().join("\n")
    );
    // The list of problems, narrower still.
    screen.resize(40, 24);
    screen.send("b\r");
    screen.wait_for("Choose a number");
    no_word_broken(&screen, "The strap or the buckle is broken (Hardware)");
    screen.send("q\r");
}

#[test]
fn a_resize_while_typing_draws_the_hint_and_the_line_again() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::spawn(&sandbox, &[], 80, 24);
    screen.wait_for("What is wrong with your watch?");
    screen.send(ENTER);
    screen.wait_for("Describe the problem ›");
    screen.send("the strap is broken and it is very loose");
    screen.wait_for("very loose");
    screen.resize(40, 24);
    screen.wait_until("the hint wrapped at 40 columns", |rows| {
        rows.iter()
            .any(|r| r == "For example: keeps disconnecting,")
    });
    no_word_broken(
        &screen,
        "For example: keeps disconnecting, battery drains overnight. Enter searches, Esc goes back.",
    );
    assert_eq!(
        screen.count("Describe the problem ›"),
        1,
        "{}",
        screen.rows().join("\n")
    );
    // What was typed is kept, and still searched for.
    screen.send(ENTER);
    screen.wait_for("The strap or the buckle is");
    screen.one_live_menu();
    screen.send("q");
}

/// At 60 columns the keys fit one row once the arrows and enter go without their words.
#[test]
fn the_footer_is_one_row_at_60_columns() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::spawn(&sandbox, &["run", "strap"], 60, 24);
    screen.wait_for("Which part of the band");
    screen.wait_for("↑↓ · enter · b back · r start over · n note · q quit");
    screen.one_live_menu();
}

/// Back asks the node before again with nothing of its first asking left on the screen:
/// the question shows once, without the echo of the answer being taken back.
#[test]
fn back_asks_the_node_before_once() {
    let sandbox = Sandbox::new();
    let mut screen = Screen::spawn(&sandbox, &["run", "strap"], 60, 24);
    screen.wait_for("Which part of the band");
    screen.send("1");
    screen.wait_for("Fit a new strap from the box.");
    screen.send("b");
    screen.wait_for("❯ 1. The strap itself");
    screen.one_live_menu();
    let rows = screen.rows().join("\n");
    assert_eq!(screen.count("Which part of the band"), 1, "{rows}");
    assert_eq!(screen.count("✔ Choose"), 0, "{rows}");
    assert_eq!(screen.count("Fit a new strap"), 0, "{rows}");
    screen.send("q");
}
