//! The interactive front end: dialoguer prompts at a real terminal.
//!
//! Prompts are drawn only when stdin and stderr are terminals (`FuzzySelect` and friends
//! would otherwise spin or fail). Esc or `q` is Quit; Ctrl-C restores the cursor, which
//! dialoguer leaves hidden, before the process exits with code 4.

use std::io::IsTerminal;

use console::{Term, style};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, Select};

use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::end_screen;
use crate::frontend::interrupt::{on_ctrl_c, resume_hint, save, watch_interrupts};
use crate::frontend::line_editor::edit_line;
use crate::frontend::plain::input_hint;
use crate::frontend::reply::Reply;
use crate::frontend::report::Leave;
use crate::frontend::terminal::{prompt_error, wrap};
use watchfix::graph::{FlowId, Graph};
use watchfix::search;
use watchfix::session::{self, Recorder};
use watchfix::walk::{Origin, Stamp, ViewKind, Walk};

/// Whether prompts can be drawn.
pub fn available() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
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

/// Asks for a typed detail until it fits or the person presses Esc.
fn type_value(term: &Term, walk: &mut Walk, name: &str) -> Result<()> {
    let mut typed = String::new();
    loop {
        let line = edit_line(term, name, &typed)
            .map_err(|e| Fail::failure(format!("cannot read the terminal: {e}")))?;
        let Some(line) = line else {
            return Ok(());
        };
        match walk.answer(line.trim()) {
            Ok(()) => {
                walk.stamp(Stamp {
                    by: Origin::Person,
                    at: session::now(),
                });
                return Ok(());
            }
            Err(error) => {
                let _ = term.write_line(&format!("{}", style(error).yellow()));
                typed = line;
            }
        }
    }
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
        let mut items: Vec<String> = Vec::new();
        let mut actions: Vec<Reply> = Vec::new();
        if let Some(input) = &view.input {
            // An empty answer stands for "type the value" in this menu.
            let _ = term.write_line(&format!("{}", style(input_hint(input).trim()).dim()));
            items.push("Type it…".into());
            actions.push(Reply::Answer(String::new(), None));
        }
        items.extend(view.choices.iter().map(|c| c.label.clone()));
        actions.extend(
            view.choices
                .iter()
                .map(|c| Reply::Answer(c.id.clone(), None)),
        );
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
        let prompt = match view.kind {
            ViewKind::Step => "Did that work?",
            ViewKind::Tell => "Go on",
            _ => "Choose",
        };
        let chosen = Select::with_theme(&theme)
            .with_prompt(prompt)
            .items(&items)
            .default(0)
            .interact_opt()
            .map_err(prompt_error)?;
        match chosen.map_or(&Reply::Quit, |i| &actions[i]) {
            Reply::Answer(id, _) if id.is_empty() => {
                let name = view.input.as_ref().map_or("Value", |i| i.fact.as_str());
                let name = walk.graph().fact(name).map_or(name, |f| f.name.as_str());
                type_value(&term, &mut walk, name)?;
            }
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
    end_screen::show(&walk, leave)
}
