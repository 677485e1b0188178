//! The small prompts of a walk at the terminal besides its menus: a typed detail, a note,
//! and the question before starting over.

use console::{Term, style};

use crate::error::Result;
use crate::frontend::io_error;
use crate::frontend::line_editor::edit_line;
use crate::frontend::menu::{Menu, Pick, echo};
use crate::frontend::narration::{self, Mode};
use watchfix::session;
use watchfix::walk::{Origin, Stamp, View, Walk};

/// Asks for a typed detail until it fits or the person presses Esc.
pub fn type_value(term: &Term, walk: &mut Walk, view: &View) -> Result<()> {
    let fact = view.input.as_ref().map_or("", |i| i.fact.as_str());
    let name = walk
        .graph()
        .fact(fact)
        .map_or_else(|| "Value".to_string(), |f| f.name.clone());
    let mut typed = String::new();
    loop {
        let Some(line) = edit_line(term, &name, &typed).map_err(io_error)? else {
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
                let why = narration::not_taken(walk, view, line.trim(), &error, Mode::Prompt);
                let said = crate::frontend::terminal::wrap(&why);
                let _ = term.write_line(&style(said).yellow().to_string());
                typed = line;
            }
        }
    }
}

pub fn note(term: &Term, walk: &mut Walk) -> Result<()> {
    if walk.answers().is_empty() {
        let _ = term.write_line(&style(narration::NO_ANSWER_YET).yellow().to_string());
        return Ok(());
    }
    if let Some(text) = edit_line(term, "Note", "").map_err(io_error)?
        && !text.trim().is_empty()
    {
        let said = match walk.note(&text) {
            Ok(()) => narration::NOTE_KEPT.to_string(),
            Err(error) => error.to_string(),
        };
        let _ = term.write_line(&style(said).yellow().to_string());
    }
    Ok(())
}

/// Starting over loses the answers: after a few of them, ask first.
pub fn confirm_restart(term: &Term, walk: &Walk) -> Result<bool> {
    let answers = walk.answers().len();
    if answers == 0 {
        return Ok(false);
    }
    if answers <= narration::CONFIRM_RESTART_AFTER {
        return Ok(true);
    }
    confirm(
        term,
        &format!("Start over? Your {answers} answers will be cleared."),
        "Yes, start over",
        "No, keep my answers",
    )
}

/// Asks yes or no in a menu like every other, so it redraws on a resize and takes the
/// same keys; No is the default, and Esc or `q` mean No. The choice is echoed.
pub fn confirm(term: &Term, question: &str, yes: &str, no: &str) -> Result<bool> {
    let items = [yes.to_string(), no.to_string()];
    let menu = Menu {
        default: 1,
        ..Menu::of(question, &items)
    };
    let chosen = matches!(menu.interact(term).map_err(io_error)?, Pick::Item(0));
    echo(term, question, if chosen { yes } else { no });
    Ok(chosen)
}
