//! Reading plain input a line at a time, each line capped so that no input is read whole,
//! and shaping text for a person: wrapped at words on a terminal, as it is for a pipe.

use std::io::{BufRead, IsTerminal};

use crate::error::{Fail, Result};
use crate::frontend::terminal::{width, wrap};
use crate::output::print;

/// Text for a person: wrapped at words when stdout is a terminal, as it is (one line a
/// paragraph) for a program reading a pipe.
pub fn shaped(text: &str) -> String {
    if std::io::stdout().is_terminal() {
        wrap(text)
    } else {
        text.to_string()
    }
}

/// A numbered choice, `  3) label`, as a line; at a terminal wrapped at words, each
/// further row under the label's start.
pub fn numbered(number: usize, label: &str) -> String {
    let text = format!("  {number}) {label}");
    if !std::io::stdout().is_terminal() {
        return format!("{text}\n");
    }
    let hang = " ".repeat(number.to_string().len() + 4);
    let options = textwrap::Options::new(width())
        .subsequent_indent(&hang)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(&text, options)
        .iter()
        .map(|row| format!("{row}\n"))
        .collect()
}

/// One line of input after a prompt, which it ends: a typed line ends the prompt's row
/// itself, a piped one does not, so the next output would follow the prompt.
pub fn read_line(input: &mut dyn BufRead) -> Result<Option<String>> {
    let line = read_raw_line(input)?;
    if line.is_some() && !std::io::stdin().is_terminal() {
        print("\n");
    }
    Ok(line)
}

/// One line of input; bytes that are not UTF-8 become an answer nobody will match, so the
/// question is simply asked again.
pub fn read_raw_line(input: &mut dyn BufRead) -> Result<Option<String>> {
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
