//! One line of text typed at the terminal, with its default already in the buffer to edit,
//! and Esc to cancel: what dialoguer's `Input` cannot do. The line is drawn on one row and
//! scrolls sideways when it is wider than the terminal, so a redraw never leaves a stale
//! row behind; a resize draws it again at once.

use console::{Key, Term, style};

use crate::frontend::interrupt;
use crate::frontend::keys::{self, Event};
use crate::frontend::menu::{Above, print_above};
use crate::frontend::terminal::{fit, size};

/// Asks for a line; `None` when the person pressed Esc.
pub fn edit_line(term: &Term, prompt: &str, initial: &str) -> std::io::Result<Option<String>> {
    edit_line_under(term, &[], prompt, initial)
}

/// [`edit_line`] under the paragraphs just printed above it. A resize clears the screen
/// (a terminal that rewraps its rows would leave the line's old rows behind) and draws
/// them again at the new width, with the line under them.
pub fn edit_line_under(
    term: &Term,
    above: &[Above],
    prompt: &str,
    initial: &str,
) -> std::io::Result<Option<String>> {
    let mut text: Vec<char> = initial.chars().collect();
    let mut cursor = text.len();
    let raw = keys::Raw::hold();
    loop {
        let drawn_at = size();
        draw(term, prompt, &text, cursor)?;
        let key = match raw.next(term, drawn_at)? {
            Event::Key(key) => key,
            Event::Resized => {
                term.clear_screen()?;
                print_above(term, above);
                continue;
            }
        };
        match key {
            Key::Enter => {
                // What stays on screen is the start of the line, cut to the row.
                let line: String = text.into_iter().collect();
                term.clear_line()?;
                let label = style(format!("{prompt} › ")).bold().to_string();
                let room = usize::from(term.size().1).max(20) - 1;
                term.write_line(&fit(&format!("{label}{line}"), room))?;
                return Ok(Some(line));
            }
            Key::Escape => {
                term.clear_line()?;
                return Ok(None);
            }
            Key::CtrlC => interrupt::interrupted(),
            Key::Backspace if cursor > 0 => {
                cursor -= 1;
                text.remove(cursor);
            }
            Key::Del if cursor < text.len() => {
                text.remove(cursor);
            }
            Key::ArrowLeft => cursor = cursor.saturating_sub(1),
            Key::ArrowRight => cursor = (cursor + 1).min(text.len()),
            Key::Home => cursor = 0,
            Key::End => cursor = text.len(),
            Key::Char(c) if !c.is_control() => {
                text.insert(cursor, c);
                cursor += 1;
            }
            _ => {}
        }
    }
}

/// Draws `prompt: text` on the current row, showing the part of the text around the
/// cursor when all of it does not fit.
fn draw(term: &Term, prompt: &str, text: &[char], cursor: usize) -> std::io::Result<()> {
    let width = term.size().1.max(20) as usize;
    let label = format!("{prompt} › ");
    let room = width.saturating_sub(label.chars().count() + 1).max(8);
    let start = cursor.saturating_sub(room);
    let end = (start + room).min(text.len());
    let shown: String = text[start..end].iter().collect();
    term.clear_line()?;
    term.write_str(&format!("{}{shown}", style(&label).bold()))?;
    term.move_cursor_left(end - cursor)
}
