//! The plain front end: numbered text read line by line, used whenever stdin is not a
//! terminal (so a pipe never hangs on a prompt), the scripted `--answers` walk, and JSON
//! lines for `run --json`.

use std::io::{BufRead, IsTerminal};

use watchfix::graph::{Graph, NEXT};
use watchfix::search::{self, Confidence};
use watchfix::session::{self, Recorder};
use watchfix::text::shown;
use watchfix::walk::{Facts, Origin, Stamp, View, ViewKind, Walk, WalkError};
use watchfix::wire::{Node, RunSummary, WalkSummary};

use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::ending::{Ending, LETTER_INTRO};
use crate::frontend::interactive::{Opening, Start, Walked};
use crate::frontend::interrupt::{self, save, standing};
use crate::frontend::narration::{self, Place};
use crate::frontend::reply::{self, PLAIN_KEYS, PLAIN_PROMPT, Reply};
use crate::frontend::report::Leave;
use crate::frontend::support;
use crate::frontend::terminal::{for_stderr, wrap};
use crate::output::{print, say};

/// Text for a person: wrapped at words when stdout is a terminal, as it is (one line a
/// paragraph) for a program reading a pipe.
fn shaped(text: &str) -> String {
    if std::io::stdout().is_terminal() {
        wrap(text)
    } else {
        text.to_string()
    }
}

/// The opening menu as numbered text: a number or a flow id chooses, any other words are
/// a description to search for.
pub fn plain_menu(graph: &Graph, lines: &mut dyn BufRead, opening: Opening) -> Result<Start> {
    let flows = graph.flows_by_category();
    let mut menu = String::from("What is wrong with your watch?\n");
    for (index, (_, flow)) in flows.iter().enumerate() {
        menu.push_str(&format!(
            "  {}) {} ({})\n",
            index + 1,
            flow.title,
            flow.category
        ));
    }
    menu.push_str(
        "Choose a number, or describe the problem in your own words.\nnumber choose · q quit\n",
    );
    let mut query = match opening {
        Opening::List(_) => None,
        Opening::Results(text) => Some(text),
    };
    loop {
        let Some(text) = query.take() else {
            print(&format!("{menu}{PLAIN_PROMPT}"));
            let Some(line) = read_line(lines)? else {
                print("\n");
                return Ok(Start::Done(ExitCode::Stopped));
            };
            if reply::is_quit(&line) {
                return Ok(Start::Done(ExitCode::Stopped));
            }
            if line.is_empty() {
                continue;
            }
            let chosen = line
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| flows.get(i))
                .map(|(id, _)| *id)
                .or_else(|| graph.flow_by_id(&line));
            match chosen {
                Some(flow) => {
                    return Ok(Start::Walk {
                        flow,
                        facts: Facts::new(),
                        from: Opening::at_flow(graph, flow),
                    });
                }
                None if line.parse::<usize>().is_ok() => {
                    say!(
                        "{} is not on the list: choose a number from 1 to {}.",
                        shown(&line),
                        flows.len()
                    );
                }
                None => query = Some(line),
            }
            continue;
        };
        match plain_results(graph, lines, &text)? {
            Some(Found::Flow(flow)) => {
                return Ok(Start::Walk {
                    flow,
                    facts: search::facts_named(graph, &text),
                    from: Opening::Results(text),
                });
            }
            Some(Found::List) => {}
            Some(Found::Again(other)) => query = Some(other),
            Some(Found::Support) => {
                let letter = support::letter(graph, &text);
                print(&format!("\n{LETTER_INTRO}\n\n{}", shaped(&letter)));
                return Ok(Start::Done(ExitCode::Escalate));
            }
            None => return Ok(Start::Done(ExitCode::Stopped)),
        }
    }
}

enum Found {
    Flow(watchfix::graph::FlowId),
    List,
    Again(String),
    Support,
}

/// The matches for a description, as the prompts show them; `None` when the person quit.
fn plain_results(graph: &Graph, lines: &mut dyn BufRead, text: &str) -> Result<Option<Found>> {
    let matches = search::best(graph, text);
    let mut out = String::new();
    let mut found = Vec::new();
    if matches.is_empty() {
        out.push_str(&format!("Nothing matches \"{}\".\n", shown(text)));
        out.push_str("Choose a kind of problem\n");
        let mut seen: Vec<&str> = Vec::new();
        for (_, flow) in graph.flows_by_category() {
            if !seen.contains(&flow.category.as_str()) {
                seen.push(&flow.category);
                found.push((format!("Browse: {}", flow.category), Found::List));
            }
        }
    } else {
        out.push_str(
            if search::confidence(matches[0].score) == Confidence::Sure {
                "Best matches\n"
            } else {
                "Nothing fits closely\n"
            },
        );
        for m in &matches {
            let label = match search::confidence(m.score) {
                Confidence::Sure => m.title.clone(),
                Confidence::Good => format!("Maybe: {} (good match)", m.title),
                Confidence::Weak => format!("Maybe: {} (weak match)", m.title),
            };
            found.push((label, Found::Flow(m.flow)));
        }
        found.push(("None of these: show all problems".into(), Found::List));
    }
    found.push(("Something else: write to support".into(), Found::Support));
    for (index, (label, _)) in found.iter().enumerate() {
        out.push_str(&format!("  {}) {label}\n", index + 1));
    }
    out.push_str("number choose · b back · q quit\n");
    print(&format!("{out}{PLAIN_PROMPT}"));
    loop {
        let Some(line) = read_line(lines)? else {
            print("\n");
            return Ok(None);
        };
        match reply::parse(&line) {
            Reply::Quit => return Ok(None),
            Reply::Back => return Ok(Some(Found::List)),
            Reply::Nothing => {}
            _ => {
                let number = line.parse::<usize>().ok().and_then(|n| n.checked_sub(1));
                if let Some(index) = number.filter(|i| *i < found.len()) {
                    return Ok(Some(found.swap_remove(index).1));
                }
                if let Some(flow) = graph.flow_by_id(&line) {
                    return Ok(Some(Found::Flow(flow)));
                }
                if number.is_none() {
                    return Ok(Some(Found::Again(line)));
                }
                say!(
                    "{} is not on the list: choose a number from 1 to {}.",
                    shown(&line),
                    found.len()
                );
            }
        }
        print(PLAIN_PROMPT);
    }
}

/// One line of input after a prompt, which it ends: a typed line ends the prompt's row
/// itself, a piped one does not, so the next output would follow the prompt.
fn read_line(input: &mut dyn BufRead) -> Result<Option<String>> {
    let line = read_raw_line(input)?;
    if line.is_some() && !std::io::stdin().is_terminal() {
        print("\n");
    }
    Ok(line)
}

/// One line of input; bytes that are not UTF-8 become an answer nobody will match, so the
/// question is simply asked again.
fn read_raw_line(input: &mut dyn BufRead) -> Result<Option<String>> {
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

/// A node's choices, numbered.
fn choices(view: &View) -> String {
    view.choices
        .iter()
        .enumerate()
        .map(|(index, choice)| format!("  {}) {}\n", index + 1, shaped(&choice.label)))
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

fn json_line(walk: &Walk) -> String {
    let mut line = serde_json::to_string(&Node::of(walk)).expect("plain data serializes");
    line.push('\n');
    line
}

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
                "--answers: the walk ended at `{}` before answer #{} `{answer}`",
                view.node,
                index + 1
            )));
        }
        let (answer, note) = reply::split_note(answer);
        answer_with_note(&mut walk, answer, note, Origin::Agent).map_err(|e| {
            Fail::usage(format!(
                "--answers #{} at `{}`: {e}{}",
                index + 1,
                view.node,
                did_you_mean(&e)
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
                    Err(error @ WalkError::UnknownAnswer { .. }) if !json => {
                        say!("{}", for_stderr(&narration::refused(&view, &answer)));
                        let _ = error;
                        again = true;
                    }
                    Err(error) => {
                        say!(
                            "watchfix: {}{}",
                            shown(&error.to_string()),
                            did_you_mean(&error)
                        );
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
            "watchfix: the answers ran out at `{}` before the walk ended",
            view.node
        );
    }
    leave.write(walk, origin)?;
    Ok(ExitCode::of_outcome(walk.outcome()))
}
