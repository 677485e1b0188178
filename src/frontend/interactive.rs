//! The interactive front end: dialoguer prompts at a real terminal.
//!
//! Prompts are drawn only when stdin and stderr are terminals (`FuzzySelect` and friends
//! would otherwise spin or fail). Esc or `q` is Quit; Ctrl-C restores the cursor, which
//! dialoguer leaves hidden, before the process exits with code 4.

use std::io::IsTerminal;
use std::path::Path;

use console::{Term, style};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};

use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::ending::{Ending, LETTER_INTRO};
use crate::frontend::interrupt::{interrupted, on_ctrl_c, resume_hint, save, watch_interrupts};
use crate::frontend::reply::Reply;
use crate::frontend::report::{Leave, check_report_path, write_handoff, write_report};
use crate::output::say;
use watchfix::graph::Outcome;
use watchfix::graph::{FlowId, Graph};
use watchfix::search;
use watchfix::session::{self, Recorder};
use watchfix::summary::Summary;
use watchfix::walk::{Kind, Origin, Stamp, Walk};

/// Whether prompts can be drawn.
pub fn available() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn prompt_error(error: dialoguer::Error) -> Fail {
    let dialoguer::Error::IO(io) = &error;
    if io.kind() == std::io::ErrorKind::Interrupted {
        interrupted();
    }
    Fail::failure(format!("cannot draw the prompt: {error}"))
}

fn wrap(text: &str) -> String {
    let width = Term::stderr().size().1.clamp(20, 100) as usize;
    textwrap::fill(text, width - 2)
}

/// The opening menu: describe the problem, or pick a flow by category. `None` when the
/// user quits.
pub fn choose_flow(graph: &Graph) -> Result<Option<FlowId>> {
    on_ctrl_c();
    let theme = ColorfulTheme::default();
    let flows = graph.flows_by_category();
    loop {
        let mut items = vec!["Describe your problem in your own words…".to_string()];
        items.extend(
            flows
                .iter()
                .map(|(_, f)| format!("{} › {}", f.category, f.title)),
        );
        items.push("Quit".into());
        let chosen = Select::with_theme(&theme)
            .with_prompt("What is wrong with your watch?")
            .items(&items)
            .default(0)
            .interact_opt()
            .map_err(prompt_error)?;
        match chosen {
            None => return Ok(None),
            Some(0) => {
                if let Some(flow) = describe(graph, &theme)? {
                    return Ok(Some(flow));
                }
            }
            Some(index) => return Ok(flows.get(index - 1).map(|(id, _)| *id)),
        }
    }
}

/// Asks for a symptom and offers the best matching flows; `None` goes back to the menu.
fn describe(graph: &Graph, theme: &ColorfulTheme) -> Result<Option<FlowId>> {
    let text: String = Input::with_theme(theme)
        .with_prompt("Describe the problem (for example: keeps disconnecting)")
        .allow_empty(true)
        .interact_text()
        .map_err(prompt_error)?;
    let matches = search::best(graph, &text);
    if matches.is_empty() {
        let _ = Term::stderr().write_line(&format!(
            "{}",
            style("Nothing matches that. Pick the problem from the list instead.").yellow()
        ));
        return Ok(None);
    }
    let mut items: Vec<String> = matches.iter().map(|m| m.title.clone()).collect();
    items.push("None of these: show all problems".into());
    let chosen = Select::with_theme(theme)
        .with_prompt("Best matches")
        .items(&items)
        .default(0)
        .interact_opt()
        .map_err(prompt_error)?;
    Ok(chosen.and_then(|i| matches.get(i)).map(|m| m.flow))
}

/// Walks to an end, one prompt per node.
pub fn walk(mut walk: Walk, leave: Leave, recorder: &mut Recorder) -> Result<ExitCode> {
    watch_interrupts(Some(recorder.id()));
    let term = Term::stderr();
    let theme = ColorfulTheme::default();
    while !walk.is_finished() {
        save(recorder, &walk);
        let view = walk.current();
        let _ = term.write_line("");
        let mut header = format!("{}", style(&view.title).bold());
        if !view.callers.is_empty() {
            header.push_str(&format!(
                "  {}",
                style(format!("(part of: {})", view.callers.join(" › "))).dim()
            ));
        }
        let _ = term.write_line(&header);
        let _ = term.write_line(&format!(
            "{}",
            style(format!("Step {}", walk.answers().len() + 1)).dim()
        ));
        let _ = term.write_line(&wrap(&view.text));
        let mut items: Vec<String> = view.choices.iter().map(|c| c.label.clone()).collect();
        let mut actions: Vec<Reply> = view
            .choices
            .iter()
            .map(|c| Reply::Answer(c.id.clone(), None))
            .collect();
        if !walk.answers().is_empty() {
            items.push(format!("{}", style("← Back").dim()));
            actions.push(Reply::Back);
            items.push(format!("{}", style("↺ Start over").dim()));
            actions.push(Reply::Restart);
            items.push(format!(
                "{}",
                style("✎ Add a note to your last answer").dim()
            ));
            actions.push(Reply::Note(String::new()));
        }
        items.push(format!("{}", style("✕ Quit").dim()));
        actions.push(Reply::Quit);
        let prompt = if view.kind == Kind::Step {
            "Did that work?"
        } else {
            "Choose"
        };
        let chosen = Select::with_theme(&theme)
            .with_prompt(prompt)
            .items(&items)
            .default(0)
            .interact_opt()
            .map_err(prompt_error)?;
        match chosen.map_or(&Reply::Quit, |i| &actions[i]) {
            Reply::Answer(id, _) => {
                walk.answer(id).map_err(|e| Fail::failure(e.to_string()))?;
                walk.stamp(Stamp {
                    by: Origin::Person,
                    at: session::now(),
                });
            }
            Reply::Note(_) => {
                let note: String = Input::with_theme(&theme)
                    .with_prompt("Note")
                    .allow_empty(true)
                    .interact_text()
                    .map_err(prompt_error)?;
                if !note.trim().is_empty()
                    && let Err(error) = walk.note(&note)
                {
                    let _ = term.write_line(&format!("{}", style(error).yellow()));
                }
            }
            Reply::Back => {
                walk.back();
            }
            Reply::Restart => walk.restart(),
            Reply::Nothing => {}
            Reply::Quit => {
                let _ = term.write_line("Stopped.");
                resume_hint(Some(recorder));
                leave.write(&walk, Origin::Person)?;
                return Ok(ExitCode::Stopped);
            }
        }
    }
    save(recorder, &walk);
    end(&walk, leave)
}

fn end(walk: &Walk, leave: Leave) -> Result<ExitCode> {
    let term = Term::stderr();
    let ending = Ending::of(walk);
    let headline = style(ending.headline()).bold();
    let headline = match ending.outcome {
        Some(Outcome::Resolved) => headline.green(),
        Some(Outcome::Info) => headline.cyan(),
        _ => headline.yellow(),
    };
    let _ = term.write_line("");
    let _ = term.write_line(&format!("{headline}"));
    let _ = term.write_line(&wrap(&ending.text));
    let _ = term.write_line("");
    let _ = term.write_line(&format!("{}", style("Summary").bold()));
    let _ = term.write_str(&ending.summary.text());
    if let Some(letter) = ending.letter() {
        let _ = term.write_line("");
        let _ = term.write_line(&format!("{}", style(LETTER_INTRO).bold()));
        let _ = term.write_str(&letter);
    }
    if let Some(path) = leave.handoff {
        write_handoff(path, walk, Origin::Person)?;
    }
    match leave.report {
        Some(path) => write_report(path, &ending.summary)?,
        None => offer_to_save(&ending.summary, ending.escalated())?,
    }
    Ok(ExitCode::of_outcome(walk.outcome()))
}

/// Asks whether to save the summary, and where; a name that cannot be written is asked
/// for again, an empty one gives up.
fn offer_to_save(summary: &Summary, by_default: bool) -> Result<()> {
    let theme = ColorfulTheme::default();
    let save = Confirm::with_theme(&theme)
        .with_prompt("Save this summary as a Markdown file?")
        .default(by_default)
        .interact_opt()
        .map_err(prompt_error)?;
    if save != Some(true) {
        return Ok(());
    }
    let mut default = format!("watchfix-{}.md", summary.flow);
    loop {
        let path: String = Input::with_theme(&theme)
            .with_prompt("File name (empty to skip)")
            .default(default.clone())
            .allow_empty(true)
            .interact_text()
            .map_err(prompt_error)?;
        if path.trim().is_empty() {
            return Ok(());
        }
        let path = Path::new(path.trim());
        match check_report_path(path).and_then(|()| write_report(path, summary)) {
            Ok(()) => return Ok(()),
            Err(fail) => {
                say!("watchfix: {}", fail.message);
                default = path.display().to_string();
            }
        }
    }
}
