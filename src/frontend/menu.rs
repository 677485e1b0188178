//! A menu drawn with console: a prompt, numbered items and a dimmed footer that names the
//! keys, redrawn in place as the cursor moves.
//!
//! dialoguer's `Select` has no footer, takes no keys of its own (`b`, `r`, `n`, numbers)
//! and counts the rows of an item wider than the terminal by its own guess, which leaves
//! stale rows behind. Here every row drawn is fitted to the terminal's width first, so the
//! menu knows exactly how many rows it took and a redraw clears all of them. A menu
//! taller than the terminal shows a window of items around the cursor. When the terminal
//! was resized, the screen is cleared at once, without waiting for a key ([`keys`]), and the
//! text above the menu is wrapped again at the new width, so nothing drawn at the old width
//! is left behind.

use std::time::{Duration, Instant};

use console::{Key, Term, style};

use crate::frontend::interrupt;
use crate::frontend::keys::{self, Event};
use crate::frontend::terminal::{fit, lay_out, size, wrap_to};

/// What the person did at a menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Chose the item at this index.
    Item(usize),
    /// Pressed one of the menu's extra keys (`b`, `r`, `n`).
    Key(char),
    /// Esc or `q`.
    Quit,
}

/// A paragraph shown above a menu, wrapped at words to the terminal's width.
#[derive(Debug, Clone)]
pub struct Above {
    pub text: String,
    pub look: Look,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Plain,
    Bold,
    Dim,
}

impl Above {
    pub fn new(look: Look, text: impl Into<String>) -> Above {
        Above {
            text: text.into(),
            look,
        }
    }

    /// The paragraph wrapped to `columns`, styled.
    fn rows(&self, columns: usize) -> Vec<String> {
        if self.text.is_empty() {
            return vec![String::new()];
        }
        let wrapped = wrap_to(&self.text, columns);
        wrapped
            .lines()
            .map(|line| match self.look {
                Look::Plain => line.to_string(),
                Look::Bold => style(line).bold().to_string(),
                Look::Dim => style(line).dim().to_string(),
            })
            .collect()
    }
}

/// Prints paragraphs wrapped to the terminal's width.
pub fn print_above(term: &Term, above: &[Above]) {
    let columns = text_columns(size().1);
    for paragraph in above {
        for row in paragraph.rows(columns) {
            let _ = term.write_line(&row);
        }
    }
}

/// Takes paragraphs just printed by [`print_above`] off the screen again.
pub fn erase_above(term: &Term, above: &[Above]) {
    let columns = text_columns(size().1);
    let rows: usize = above.iter().map(|p| p.rows(columns).len()).sum();
    let _ = term.clear_last_lines(rows);
}

/// Text above a menu keeps a margin from the terminal's edge, within reason.
fn text_columns(columns: usize) -> usize {
    columns.min(100) - 2
}

pub struct Menu<'a> {
    pub prompt: &'a str,
    pub items: &'a [String],
    pub default: usize,
    /// Extra keys, each with what it does, in the footer's order.
    pub keys: &'a [(char, &'a str)],
    /// What was printed above the menu, to draw again after a resize.
    pub above: &'a [Above],
}

impl<'a> Menu<'a> {
    /// A menu of these items and nothing else: the first chosen unless moved, no keys
    /// beyond the usual, nothing above it to draw again.
    pub fn of(prompt: &'a str, items: &'a [String]) -> Menu<'a> {
        Menu {
            prompt,
            items,
            default: 0,
            keys: &[],
            above: &[],
        }
    }
}

/// Typed digits wait this long for the next one when they could still grow into
/// another item's number.
const NUMBER_PAUSE: Duration = Duration::from_millis(900);

impl Menu<'_> {
    /// Shows the menu until the person chooses; Ctrl-C leaves through [`interrupt`].
    pub fn interact(&self, term: &Term) -> std::io::Result<Pick> {
        let mut cursor = self.default.min(self.items.len().saturating_sub(1));
        let mut drawn: Option<Drawn> = None;
        let mut typed = String::new();
        let mut typed_at = Instant::now();
        term.hide_cursor()?;
        let raw = keys::Raw::hold();
        let pick = loop {
            let now = self.draw(term, cursor, drawn)?;
            drawn = Some(now);
            let key = match raw.next(term, now.size)? {
                Event::Key(key) => key,
                // Drawn again at the new size.
                Event::Resized => continue,
            };
            if !matches!(key, Key::Char('0'..='9')) || typed_at.elapsed() > NUMBER_PAUSE {
                typed.clear();
            }
            match key {
                Key::ArrowDown | Key::Tab | Key::Char('j') => {
                    cursor = (cursor + 1) % self.items.len().max(1);
                }
                Key::ArrowUp | Key::BackTab | Key::Char('k') => {
                    cursor = (cursor + self.items.len().max(1) - 1) % self.items.len().max(1);
                }
                Key::Home | Key::PageUp => cursor = 0,
                Key::End | Key::PageDown => cursor = self.items.len().saturating_sub(1),
                Key::Enter | Key::Char(' ') if !self.items.is_empty() => {
                    break Pick::Item(cursor);
                }
                Key::Escape | Key::Char('q') => break Pick::Quit,
                Key::CtrlC => {
                    if let Some(drawn) = drawn {
                        let _ = self.erase(term, drawn);
                    }
                    let _ = term.show_cursor();
                    interrupt::interrupted();
                }
                Key::Char(digit @ '0'..='9') => {
                    typed.push(digit);
                    typed_at = Instant::now();
                    match self.by_number(&typed) {
                        Number::Chosen(index) => break Pick::Item(index),
                        Number::Partial(index) => cursor = index,
                        Number::None => typed.clear(),
                    }
                }
                Key::Char(c) if self.keys.iter().any(|(k, _)| *k == c) => break Pick::Key(c),
                _ => {}
            }
        };
        if let Some(drawn) = drawn {
            self.erase(term, drawn)?;
        }
        term.show_cursor()?;
        Ok(pick)
    }

    /// Takes the menu off the screen. After a resize the rows it took are not known any
    /// more, so the screen is cleared and the text above the menu drawn again.
    fn erase(&self, term: &Term, drawn: Drawn) -> std::io::Result<()> {
        if drawn.size == size() {
            term.clear_last_lines(drawn.rows)
        } else {
            term.clear_screen()?;
            print_above(term, self.above);
            Ok(())
        }
    }

    /// The item a typed number names: chosen when no longer number starts with it.
    fn by_number(&self, typed: &str) -> Number {
        let Ok(n) = typed.parse::<usize>() else {
            return Number::None;
        };
        if n == 0 || n > self.items.len() {
            return Number::None;
        }
        if n * 10 <= self.items.len() {
            Number::Partial(n - 1)
        } else {
            Number::Chosen(n - 1)
        }
    }

    /// Draws the menu in place of the last drawing; after a resize, the whole screen.
    /// The keys, on one row where they fit: in full, else with the arrows and enter
    /// named without their words; laid out over rows only where neither fits.
    fn footer(&self, room: usize) -> Vec<String> {
        let parts = |arrows: &str, enter: &str| {
            let mut parts: Vec<String> = vec![arrows.into(), enter.into()];
            parts.extend(self.keys.iter().map(|(key, what)| format!("{key} {what}")));
            parts.push("q quit".into());
            parts
        };
        let full = lay_out(&parts("↑↓ move", "enter choose"), room);
        if full.len() == 1 {
            return full;
        }
        let short = lay_out(&parts("↑↓", "enter"), room);
        if short.len() < full.len() {
            short
        } else {
            full
        }
    }

    fn draw(&self, term: &Term, cursor: usize, last: Option<Drawn>) -> std::io::Result<Drawn> {
        let (rows, columns) = size();
        match last {
            Some(last) if last.size != (rows, columns) => {
                term.clear_screen()?;
                print_above(term, self.above);
            }
            Some(last) => term.clear_last_lines(last.rows)?,
            None => {}
        }
        // One column spare: a row that fills the last column makes some terminals wrap.
        let room = columns - 1;
        let footer = self.footer(room);
        let capacity = rows.saturating_sub(footer.len() + 2).max(1);
        let digits = self.items.len().to_string().len();
        // Each item wrapped at words under its own text, so every row it takes is counted.
        let hang = " ".repeat(digits + 4);
        let options = textwrap::Options::new(room)
            .initial_indent("")
            .subsequent_indent(&hang)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        let wrapped: Vec<Vec<String>> = self
            .items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let marker = if index == cursor { "❯" } else { " " };
                let text = format!("{marker} {:>digits$}. {item}", index + 1);
                let mut rows: Vec<String> = textwrap::wrap(&text, &options)
                    .into_iter()
                    .map(|row| fit(&row, room))
                    .collect();
                if rows.len() > capacity {
                    rows.truncate(capacity);
                    let last = rows.pop().unwrap_or_default();
                    rows.push(fit(&format!("{last}…"), room));
                }
                rows
            })
            .collect();
        let (first, last) = window(&wrapped, cursor, capacity);
        let mut prompt = format!("? {}", self.prompt);
        if last - first < self.items.len() {
            prompt.push_str(&format!(
                " ({}–{} of {})",
                first + 1,
                last,
                self.items.len()
            ));
        }
        let mut lines = vec![style(fit(&prompt, room)).bold().to_string()];
        for (index, rows) in wrapped.iter().enumerate().take(last).skip(first) {
            for row in rows {
                lines.push(if index == cursor {
                    style(row).cyan().bold().to_string()
                } else {
                    row.clone()
                });
            }
        }
        lines.extend(footer.iter().map(|row| style(row).dim().to_string()));
        for line in &lines {
            term.write_line(line)?;
        }
        Ok(Drawn {
            rows: lines.len(),
            size: (rows, columns),
        })
    }
}

enum Number {
    Chosen(usize),
    /// Could be this item, or a longer number: the cursor goes there and waits.
    Partial(usize),
    None,
}

#[derive(Debug, Clone, Copy)]
struct Drawn {
    rows: usize,
    size: (usize, usize),
}

/// The items shown, `first..last`, when items take the given rows and `capacity` rows
/// fit: from the top while the cursor is in view, else scrolled so it is the last shown.
fn window(items: &[Vec<String>], cursor: usize, capacity: usize) -> (usize, usize) {
    let rows = |range: std::ops::Range<usize>| items[range].iter().map(Vec::len).sum::<usize>();
    let mut first = 0;
    while first < cursor && rows(first..cursor + 1) > capacity {
        first += 1;
    }
    let mut last = cursor + 1;
    while last < items.len() && rows(first..last + 1) <= capacity {
        last += 1;
    }
    (first, last.min(items.len()))
}

/// The line left in place of a menu once an item is chosen: the prompt and the answer.
pub fn echo(term: &Term, prompt: &str, answer: &str) {
    let options = textwrap::Options::new(size().1 - 1)
        .subsequent_indent("  ")
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for row in textwrap::wrap(&format!("✔ {prompt} · {answer}"), options) {
        let _ = term.write_line(&style(row).green().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_keeps_the_cursor_in_view() {
        let items: Vec<Vec<String>> = (0..20).map(|_| vec![String::new()]).collect();
        assert_eq!(window(&items[..5], 0, 10), (0, 5));
        assert_eq!(window(&items, 0, 5), (0, 5));
        assert_eq!(window(&items, 10, 5), (6, 11));
        assert_eq!(window(&items, 19, 5), (15, 20));
        let tall = vec![vec![String::new(); 3], vec![String::new(); 3]];
        assert_eq!(window(&tall, 1, 4), (1, 2));
    }
}
