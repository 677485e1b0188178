//! The plain front end: numbered text read line by line, used whenever stdin is not a
//! terminal (so a pipe never hangs on a prompt), the scripted `--answers` walk, and JSON
//! lines for `run --json`.

use std::io::BufRead;

use watchfix::graph::NEXT;
use watchfix::graph::{FlowId, Graph};
use watchfix::session::{self, Recorder};
use watchfix::text::shown;
use watchfix::walk::{InputView, Origin, Stamp, View, ViewKind, Walk, WalkError};
use watchfix::wire::{Node, RunSummary, WalkSummary};

use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::ending::{Ending, LETTER_INTRO};
use crate::frontend::interrupt::{self, resume_hint, save};
use crate::frontend::reply::{self, Reply};
use crate::frontend::report::Leave;
use crate::output::{print, say};

/// Numbered flows; reads a number or an id.
pub fn plain_menu(graph: &Graph, lines: &mut dyn BufRead) -> Result<Option<FlowId>> {
    let flows = graph.flows_by_category();
    let mut out = String::from("What is wrong with your watch?\n");
    for (index, (_, flow)) in flows.iter().enumerate() {
        out.push_str(&format!(
            "  {}) {} — {}\n",
            index + 1,
            flow.category,
            flow.title
        ));
    }
    loop {
        print(&format!("{out}Choose a number (q to quit): "));
        let Some(line) = read_line(lines)? else {
            print("\n");
            return Ok(None);
        };
        if reply::is_quit(&line) {
            return Ok(None);
        }
        let chosen = line
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| flows.get(i))
            .map(|(id, _)| *id)
            .or_else(|| graph.flow_by_id(&line));
        match chosen {
            Some(flow) => return Ok(Some(flow)),
            None => say!("watchfix: `{}` is not on the list", shown(&line)),
        }
    }
}

/// One line of input; bytes that are not UTF-8 become an answer nobody will match, so the
/// question is simply asked again.
fn read_line(input: &mut dyn BufRead) -> Result<Option<String>> {
    let mut line = Vec::new();
    let limit = MAX_LINE as u64 + 1;
    match std::io::Read::take(input, limit).read_until(b'\n', &mut line) {
        Ok(0) => Ok(None),
        Ok(_) if line.len() > MAX_LINE && !line.ends_with(b"\n") => Err(Fail::usage(format!(
            "stdin: a line of input is longer than {} KiB; answers are a word or a number",
            MAX_LINE / 1024
        ))),
        Ok(_) => Ok(Some(String::from_utf8_lossy(&line).trim().to_string())),
        Err(error) => Err(Fail::failure(format!("cannot read stdin: {error}"))),
    }
}

/// The longest line of plain input read; a longer one is refused, never read whole.
pub const MAX_LINE: usize = 64 * 1024;

/// A node as numbered plain text.
pub fn plain_view(view: &View) -> String {
    let mut out = String::new();
    out.push_str(&format!("\n== {} ==\n", view.title));
    if !view.callers.is_empty() {
        out.push_str(&format!("(part of: {})\n", view.callers.join(" › ")));
    }
    out.push_str(&format!("{}\n", view.text));
    match (view.kind, &view.input) {
        (ViewKind::End, _) => {}
        (ViewKind::Input, Some(input)) => out.push_str(&input_hint(input)),
        (ViewKind::Tell, _) => out.push_str("  (press Enter to go on)\n"),
        _ => {
            for (index, choice) in view.choices.iter().enumerate() {
                out.push_str(&format!("  {}) {}\n", index + 1, choice.label));
            }
        }
    }
    out
}

/// What an input accepts, and how to skip it.
pub fn input_hint(input: &InputView) -> String {
    let mut out = format!("  Type {}", input.accepts.describe());
    if let Some(example) = &input.example {
        out.push_str(&format!(" (for example {example})"));
    }
    if let Some(skip) = &input.skip {
        out.push_str(&format!("; or `skip`: {skip}"));
    }
    out.push('\n');
    out
}

fn json_line(walk: &Walk) -> String {
    let mut line = serde_json::to_string(&Node::of(walk)).expect("plain data serializes");
    line.push('\n');
    line
}

/// `--answers`: apply them in order; exit 4 when they run out before an end.
pub fn scripted(mut walk: Walk, answers: &[String], json: bool, leave: Leave) -> Result<ExitCode> {
    for (index, answer) in answers.iter().enumerate() {
        let view = walk.current();
        if json {
            print(&json_line(&walk));
        } else {
            print(&plain_view(&view));
        }
        if walk.is_finished() {
            return Err(Fail::usage(format!(
                "--answers: the walk ended at `{}` before answer #{} `{answer}`",
                view.node,
                index + 1
            )));
        }
        let (answer, note) = reply::split_note(answer);
        answer_with_note(&mut walk, answer, note, Origin::Agent).map_err(|e| {
            Fail::usage(format!("--answers #{} at `{}`: {e}", index + 1, view.node))
        })?;
        if !json {
            print(&format!(
                "> {}\n",
                walk.answers().last().map_or("", String::as_str)
            ));
        }
    }
    finish(&walk, json, leave, Origin::Agent)
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

/// Plain numbered text, read line by line; EOF stops the walk with exit 4.
pub fn plain(
    mut walk: Walk,
    lines: &mut dyn BufRead,
    json: bool,
    leave: Leave,
    mut recorder: Option<&mut Recorder>,
) -> Result<ExitCode> {
    interrupt::watch_interrupts(recorder.as_deref().map(Recorder::id));
    // JSON lines are read by a program; numbered text by a person.
    let origin = if json { Origin::Agent } else { Origin::Person };
    while !walk.is_finished() {
        if let Some(recorder) = recorder.as_deref_mut() {
            save(recorder, &walk);
        }
        let view = walk.current();
        if json {
            print(&json_line(&walk));
        } else {
            print(&plain_view(&view));
            print(reply::PLAIN_PROMPT);
        }
        let Some(line) = read_line(lines)? else {
            if !json {
                print("\n");
            }
            say!(
                "watchfix: input ended before the walk did (at `{}`)",
                view.node
            );
            resume_hint(recorder.as_deref());
            leave.write(&walk, origin)?;
            return Ok(ExitCode::Stopped);
        };
        match reply::parse(&line) {
            // Enter goes on from a node that only tells something.
            Reply::Nothing if view.kind == ViewKind::Tell => {
                if let Err(error) = answer_with_note(&mut walk, NEXT, None, origin) {
                    say!("watchfix: {}", shown(&error.to_string()));
                }
            }
            Reply::Nothing => {}
            Reply::Quit => {
                say!("watchfix: stopped at `{}`", view.node);
                resume_hint(recorder.as_deref());
                leave.write(&walk, origin)?;
                return Ok(ExitCode::Stopped);
            }
            Reply::Back => {
                if !walk.back() {
                    say!("watchfix: this is the first question; nothing to go back to");
                }
            }
            Reply::Restart => walk.restart(),
            Reply::Note(note) => match walk.note(&note) {
                Ok(()) => say!("watchfix: note kept"),
                Err(error) => say!("watchfix: {error}"),
            },
            Reply::Answer(answer, note) => {
                if let Err(error) = answer_with_note(&mut walk, &answer, note.as_deref(), origin) {
                    say!("watchfix: {}", shown(&error.to_string()));
                }
            }
        }
    }
    if let Some(recorder) = recorder {
        save(recorder, &walk);
    }
    finish(&walk, json, leave, origin)
}

/// Shows the end and the summary, writes the report, and maps the outcome to an exit code.
fn finish(walk: &Walk, json: bool, leave: Leave, origin: Origin) -> Result<ExitCode> {
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
        print(&plain_view(&view));
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
            "watchfix: the answers ran out at `{}` before the walk ended",
            view.node
        );
    }
    leave.write(walk, origin)?;
    Ok(ExitCode::of_outcome(walk.outcome()))
}
