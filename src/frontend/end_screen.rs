//! The end of a walk at a terminal: the summary as wrapped text, the letter to support once,
//! then the outcome's headline and the end's advice last, so they are what stays on screen,
//! and a small menu to save the summary, save the letter or write a handoff file.
//!
//! Saving asks for a file name with its default already in the buffer (Esc cancels), expands
//! `~`, asks before replacing a file, and says the absolute path it wrote. From here on
//! Ctrl-C leaves with the walk's own exit code: the walk is over, nothing is left to resume.

use std::path::{Path, PathBuf};

use crate::frontend::asks::confirm;
use console::{Term, style};
use watchfix::graph::Outcome;
use watchfix::text::shown;
use watchfix::walk::{Origin, Walk};

use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::frontend::ending::{Ending, LETTER_INTRO};
use crate::frontend::interrupt;
use crate::frontend::io_error;
use crate::frontend::line_editor::edit_line;
use crate::frontend::menu::{Menu, Pick, echo};
use crate::frontend::report::{self, Leave};
use crate::frontend::terminal::{width, wrap};

/// Shows the end of a finished walk and offers to save what it leaves behind.
pub fn show(walk: &Walk, leave: Leave) -> Result<ExitCode> {
    let code = ExitCode::of_outcome(walk.outcome());
    interrupt::walk_ended(code);
    let term = Term::stderr();
    let ending = Ending::of(walk);
    let _ = term.write_line("");
    let _ = term.write_line(&format!("{}", style("Summary").bold()));
    let _ = term.write_str(&wrap_block(&ending.summary.text()));
    let letter = ending.letter();
    if let Some(letter) = &letter {
        let _ = term.write_line("");
        let _ = term.write_line(&format!("{}", style(LETTER_INTRO).bold()));
        let _ = term.write_str(&wrap_block(letter));
    }
    leave.write(walk, Origin::Person)?;
    let headline = style(ending.headline()).bold();
    let headline = match ending.outcome {
        Some(Outcome::Resolved) => headline.green(),
        Some(Outcome::Info) => headline.cyan(),
        _ => headline.yellow(),
    };
    let _ = term.write_line("");
    let _ = term.write_line(&format!("{headline}"));
    let _ = term.write_line(&wrap(&ending.text));
    menu(&term, walk, &ending, letter.as_deref())?;
    Ok(code)
}

/// What can be saved, until the person finishes.
fn menu(term: &Term, walk: &Walk, ending: &Ending, letter: Option<&str>) -> Result<()> {
    let flow = &ending.summary.flow;
    loop {
        let mut items = vec!["Finish"];
        let mut actions = vec![Save::Finish];
        if letter.is_some() {
            items.push("Save the letter to support (plain text, ready to paste)");
            actions.push(Save::Letter);
        }
        items.push("Save the summary (Markdown)");
        actions.push(Save::Summary);
        items.push("Write a handoff file (to carry the walk on elsewhere)");
        actions.push(Save::Handoff);
        let items: Vec<String> = items.into_iter().map(String::from).collect();
        let menu = Menu::of("What next?", &items);
        let picked = menu.interact(term).map_err(io_error)?;
        let action = match picked {
            Pick::Item(index) => {
                echo(term, "What next?", &items[index]);
                actions[index]
            }
            Pick::Key(_) | Pick::Quit => Save::Finish,
        };
        let (default, text, mode, what) = match action {
            Save::Finish => return Ok(()),
            Save::Letter => (
                format!("watchfix-{flow}-letter.txt"),
                letter.unwrap_or_default().to_string(),
                0o644,
                "letter",
            ),
            Save::Summary => (
                format!("watchfix-{flow}.md"),
                ending.summary.markdown(),
                0o644,
                "summary",
            ),
            Save::Handoff => (
                format!("watchfix-{flow}-handoff.json"),
                report::handoff_text(walk, Origin::Person),
                0o600,
                "handoff file",
            ),
        };
        save_text(term, &default, &text, mode, what)?;
    }
}

#[derive(Debug, Clone, Copy)]
enum Save {
    Finish,
    Letter,
    Summary,
    Handoff,
}

/// Asks where to save `text` and saves it; Esc goes back to the menu.
pub fn save_text(term: &Term, default: &str, text: &str, mode: u32, what: &str) -> Result<()> {
    let _ = term.write_line(&format!(
        "{}",
        style("Enter saves, Esc goes back; ~ is your home folder.").dim()
    ));
    let mut typed = default.to_string();
    loop {
        let Some(line) = edit_line(term, "Save as", &typed).map_err(io_error)? else {
            return Ok(());
        };
        typed = line.trim().to_string();
        if typed.is_empty() {
            typed = default.to_string();
            continue;
        }
        let path = absolute(&expand_home(&typed));
        if path.exists() {
            let question = format!("{} exists. Replace it?", shown(&path.to_string_lossy()));
            if !confirm(
                term,
                &question,
                "Yes, replace it",
                "No, choose another name",
            )? {
                continue;
            }
        }
        match report::write_document("save", &path, text, mode, what) {
            Ok(()) => return Ok(()),
            Err(fail) => {
                let _ = term.write_line(&format!("{}", style(&fail.message).yellow()));
            }
        }
    }
}

/// `~` and `~/…` as the home folder.
fn expand_home(text: &str) -> PathBuf {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    match (text.strip_prefix('~'), home) {
        (Some(""), Some(home)) => PathBuf::from(home),
        (Some(rest), Some(home)) if rest.starts_with('/') => {
            PathBuf::from(home).join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(text),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Wraps every line of a block to the terminal's width, continuing a wrapped line under
/// its own text (under "1. " for a numbered step, under the bullet for a list item).
pub fn wrap_block(text: &str) -> String {
    let width = width();
    let mut out = String::new();
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let marker = line[indent..]
            .split_once(' ')
            .filter(|(m, _)| is_marker(m))
            .map_or(0, |(m, _)| m.len() + 1);
        let hang = " ".repeat(indent + marker);
        let options = textwrap::Options::new(width)
            .subsequent_indent(&hang)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for piece in textwrap::wrap(line, options) {
            out.push_str(&piece);
            out.push('\n');
        }
    }
    out
}

/// `1.`, `12.`, `-`, `→`: what starts a list item.
fn is_marker(word: &str) -> bool {
    matches!(word, "-" | "*" | "→")
        || word
            .strip_suffix('.')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_is_expanded_only_at_the_start() {
        // SAFETY-free: reads HOME as it is.
        if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
            assert_eq!(expand_home("~/a.md"), PathBuf::from(&home).join("a.md"));
            assert_eq!(expand_home("~"), PathBuf::from(&home));
        }
        assert_eq!(expand_home("a~b.md"), PathBuf::from("a~b.md"));
    }

    #[test]
    fn markers_are_numbers_and_bullets() {
        assert!(is_marker("1.") && is_marker("12.") && is_marker("-") && is_marker("→"));
        assert!(!is_marker("Problem:") && !is_marker("."));
    }
}
