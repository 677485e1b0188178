//! The plain front end: numbered text read line by line, used whenever stdin is not a
//! terminal (so a pipe never hangs on a prompt), the scripted `--answers` walk, and JSON
//! lines for `run --json`.

use std::io::BufRead;

use watchfix::graph::NEXT;
use watchfix::session::{self, Recorder};
use watchfix::text::shown;
use watchfix::walk::{Origin, Stamp, View, ViewKind, Walk, WalkError};
use watchfix::wire::{Node, RunLine, RunSummary, WalkSummary};

use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::ending::{Ending, LETTER_INTRO};
use crate::frontend::interactive::Walked;
use crate::frontend::interrupt::{self, save, standing};
use crate::frontend::narration::{self, Mode, Place};
use crate::frontend::reply::{self, PLAIN_KEYS, PLAIN_PROMPT, Reply};
use crate::frontend::report::Leave;
use crate::frontend::terminal::for_stderr;
use crate::output::{print, say};

use crate::frontend::lines::{numbered, read_line, read_raw_line, shaped};

/// A node as numbered plain text, by its kind: what it says and the choices it offers.
pub fn plain_view(walk: &Walk, view: &View, place: &mut Place) -> String {
    let mut out = String::from("\n");
    if let Some(line) = place.moved(view) {
        out.push_str(&format!("{}\n", shaped(&line)));
    }
    match view.kind {
        ViewKind::Question | ViewKind::Step => {
            out.push_str(&format!("{}\n", narration::position(walk)));
            out.push_str(&format!("{}\n", shaped(&view.text)));
            out.push_str(&choices(view));
        }
        ViewKind::Input => {
            out.push_str(&format!("{}\n", narration::position(walk)));
            out.push_str(&format!("{}\n", shaped(&view.text)));
            if let Some(input) = &view.input {
                out.push_str(&shaped(&narration::input_hint(input, true)));
                out.push('\n');
            }
        }
        ViewKind::Tell => {
            out.push_str(&format!("{}\n", shaped(&view.text)));
            out.push_str("  (press Enter to go on)\n");
        }
        ViewKind::End => out.push_str(&format!("{}\n", shaped(&view.text))),
    }
    out
}

/// The flow's title, printed once at the start of a walk.
fn title(walk: &Walk) -> String {
    format!("\n== {} ==", walk.graph().flow(walk.root()).title)
}

/// A node's choices, numbered; for a detail to type, what it accepts.
fn choices(view: &View) -> String {
    if let Some(input) = view.input.as_ref().filter(|_| view.kind == ViewKind::Input) {
        return format!("{}\n", shaped(&narration::input_hint(input, true)));
    }
    view.choices
        .iter()
        .enumerate()
        .map(|(index, choice)| numbered(index + 1, &choice.label))
        .collect()
}

/// The line that echoes the answer just given, as a transcript shows it.
fn echoed(walk: &Walk, before: &View) -> String {
    let label = walk
        .answers()
        .last()
        .and_then(|id| before.choices.iter().find(|c| &c.id == id))
        .map_or("", |c| c.label.as_str());
    format!("> {label}\n")
}

/// The node as `step` shows it, with only the answer that led to it: the summary line
/// at the end has the whole trail.
fn json_line(walk: &Walk) -> String {
    let node = Node::of(walk);
    let mut line = serde_json::to_string(&RunLine::from(&node)).expect("plain data serializes");
    line.push('\n');
    line
}

/// The most columns a node's name takes in a message.
const NAME_ROOM: usize = 60;

/// `--answers`: apply them in order; exit 4 when they run out before an end.
pub fn scripted(mut walk: Walk, answers: &[String], json: bool, leave: Leave) -> Result<ExitCode> {
    let mut place = Place::default();
    if !json {
        print(&title(&walk));
    }
    for (index, answer) in answers.iter().enumerate() {
        let view = walk.current();
        if json {
            print(&json_line(&walk));
        } else {
            print(&plain_view(&walk, &view, &mut place));
        }
        if walk.is_finished() {
            return Err(Fail::usage(format!(
                "--answers #{} `{}`: the walk ended before it; there is nothing left to answer",
                index + 1,
                shown(answer)
            )));
        }
        let (answer, note) = reply::split_note(answer);
        answer_with_note(&mut walk, answer, note, Origin::Agent).map_err(|e| {
            Fail::usage(format!(
                "--answers #{} at step {}, \"{}\": {}",
                index + 1,
                walk.answers().len() + 1,
                narration::node_name(&view, NAME_ROOM),
                narration::not_taken(&walk, &view, answer, &e, Mode::Plain)
            ))
        })?;
        if !json {
            print(&echoed(&walk, &view));
        }
    }
    finish(&walk, json, leave, Origin::Agent, &mut place)
}

/// " (did you mean `drops`?)" for an answer close to a choice id.
pub fn did_you_mean(error: &WalkError) -> String {
    let WalkError::UnknownAnswer { answer, expected } = error else {
        return String::new();
    };
    if answer.chars().all(|c| c.is_ascii_digit()) {
        return String::new();
    }
    watchfix::diagnostic::closest(answer, expected.iter().map(String::as_str))
        .map(|close| format!(" (did you mean `{close}`?)"))
        .unwrap_or_default()
}

/// Gives an answer, stamps who gave it, and attaches its note; a refused note keeps the
/// answer and is reported.
pub fn answer_with_note(
    walk: &mut Walk,
    answer: &str,
    note: Option<&str>,
    by: Origin,
) -> std::result::Result<(), WalkError> {
    walk.answer(answer)?;
    walk.stamp(Stamp {
        by,
        at: session::now(),
    });
    match note {
        Some(note) => walk.note(note),
        None => Ok(()),
    }
}

/// Plain numbered text, read line by line; EOF stops the walk with exit 4. In front of a
/// person (`recorder` given), Back at the first question leaves the flow.
pub fn plain(
    mut walk: Walk,
    lines: &mut dyn BufRead,
    json: bool,
    leave: Leave,
    mut recorder: Option<&mut Recorder>,
) -> Result<Walked> {
    interrupt::watch_interrupts();
    // JSON lines are read by a program; numbered text by a person.
    let origin = if json { Origin::Agent } else { Origin::Person };
    let mut place = Place::default();
    if !json {
        print(&title(&walk));
    }
    // After a refused answer only the choices are shown again.
    let mut again = false;
    while !walk.is_finished() {
        if let Some(recorder) = recorder.as_deref_mut() {
            save(recorder, &walk);
        }
        standing(&walk);
        let view = walk.current();
        if json {
            print(&json_line(&walk));
        } else if again {
            print(&format!("{}{PLAIN_KEYS}\n{PLAIN_PROMPT}", choices(&view)));
        } else {
            print(&format!(
                "{}{PLAIN_KEYS}\n{PLAIN_PROMPT}",
                plain_view(&walk, &view, &mut place)
            ));
        }
        again = false;
        let kept = recorder.is_some() && interrupt::kept(&walk);
        let line = if json {
            read_raw_line(lines)?
        } else {
            read_line(lines)?
        };
        let Some(line) = line else {
            if !json {
                print("\n");
            }
            say!(
                "{}",
                for_stderr(&narration::stopped(&walk, "Input ended", kept))
            );
            if recorder.is_some()
                && let Some(lost) = interrupt::lost(&walk)
            {
                say!("{lost}");
            }
            leave.write(&walk, origin)?;
            return Ok(Walked::Ended(ExitCode::Stopped));
        };
        match reply::parse(&line) {
            // Enter goes on from a node that only tells something.
            Reply::Nothing if walk.current().kind == ViewKind::Tell => {
                if let Err(error) = answer_with_note(&mut walk, NEXT, None, origin) {
                    say!("watchfix: {}", shown(&error.to_string()));
                }
            }
            Reply::Nothing => again = true,
            Reply::Quit => {
                say!(
                    "{}",
                    for_stderr(&narration::stopped(&walk, "Stopped", kept))
                );
                if recorder.is_some()
                    && let Some(lost) = interrupt::lost(&walk)
                {
                    say!("{lost}");
                }
                leave.write(&walk, origin)?;
                return Ok(Walked::Ended(ExitCode::Stopped));
            }
            Reply::Back => {
                if !walk.back() {
                    if recorder.is_some() && !json {
                        return Ok(Walked::Back);
                    }
                    say!("{}", narration::FIRST_QUESTION);
                    again = true;
                }
            }
            Reply::Restart => {
                if confirm_restart(&walk, lines)? {
                    walk.restart();
                } else {
                    again = true;
                }
            }
            Reply::Note(note) => {
                again = true;
                match walk.note(&note) {
                    Ok(()) => say!("{}", narration::NOTE_KEPT),
                    Err(_) if walk.answers().is_empty() => say!("{}", narration::NO_ANSWER_YET),
                    Err(error) => say!("{error}"),
                }
            }
            Reply::Answer(answer, note) => {
                match answer_with_note(&mut walk, &answer, note.as_deref(), origin) {
                    Ok(()) if !json => print(&echoed(&walk, &view)),
                    Ok(()) => {}
                    Err(error) => {
                        let why = narration::not_taken(&walk, &view, &answer, &error, Mode::Plain);
                        say!("{}", for_stderr(&why));
                        again = true;
                    }
                }
            }
        }
    }
    if let Some(recorder) = recorder {
        save(recorder, &walk);
    }
    finish(&walk, json, leave, origin, &mut place).map(Walked::Ended)
}

/// Starting over after more than a few answers asks first; anything but yes keeps them.
fn confirm_restart(walk: &Walk, lines: &mut dyn BufRead) -> Result<bool> {
    let answers = walk.answers().len();
    if answers <= narration::CONFIRM_RESTART_AFTER {
        return Ok(true);
    }
    print(&format!(
        "Start over? Your {answers} answers will be cleared. (y/N): "
    ));
    Ok(read_line(lines)?.is_some_and(|l| matches!(l.to_lowercase().as_str(), "y" | "yes")))
}

/// Shows the end and the summary, writes the report, and maps the outcome to an exit code.
fn finish(
    walk: &Walk,
    json: bool,
    leave: Leave,
    origin: Origin,
    place: &mut Place,
) -> Result<ExitCode> {
    let view = walk.current();
    if json {
        print(&json_line(walk));
        let summary = RunSummary {
            summary: WalkSummary::of(None, walk, origin, session::now()),
        };
        print(&format!(
            "{}\n",
            serde_json::to_string(&summary).expect("plain data serializes")
        ));
    } else {
        print(&plain_view(walk, &view, place));
    }
    if walk.is_finished() && !json {
        let ending = Ending::of(walk);
        print(&format!("\n{}", ending.summary.text()));
        if let Some(letter) = ending.letter() {
            print(&format!("\n{LETTER_INTRO}\n\n{letter}"));
        }
    }
    if !walk.is_finished() {
        say!(
            "watchfix: the answers ran out before the walk ended, at step {}: \"{}\"",
            walk.answers().len() + 1,
            narration::node_name(&view, NAME_ROOM)
        );
    }
    leave.write(walk, origin)?;
    Ok(ExitCode::of_outcome(walk.outcome()))
}
