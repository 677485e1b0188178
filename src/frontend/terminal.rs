//! What every prompt shares: the terminal's size and text fitted to it.
//!
//! A prompt that is redrawn in place must know how many rows it took, so whatever it
//! draws is fitted to one row each ([`fit`], cut with `…`); text drawn once above a prompt
//! is wrapped at words instead ([`wrap`]), never inside one, not even at a hyphen.

use console::Term;
use textwrap::WordSplitter;

/// The terminal's rows and columns, at least 4 × 20 so a layout always has room.
pub fn size() -> (usize, usize) {
    let (rows, cols) = Term::stderr().size();
    (usize::from(rows).max(4), usize::from(cols).max(20))
}

/// The width text is wrapped to: the terminal's, less a margin, within reason.
pub fn width() -> usize {
    size().1.min(100) - 2
}

/// Text wrapped at words to the terminal's width.
pub fn wrap(text: &str) -> String {
    wrap_to(text, width())
}

/// Text wrapped at words to `width` columns; a word longer than a line stays whole.
pub fn wrap_to(text: &str, width: usize) -> String {
    let options = textwrap::Options::new(width.max(1))
        .break_words(false)
        .word_splitter(WordSplitter::NoHyphenation);
    text.lines()
        .map(|line| textwrap::fill(line, &options))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A line for stderr: wrapped at words to the terminal when stderr is one, as it is for
/// a program reading a pipe.
pub fn for_stderr(text: &str) -> String {
    if console::Term::stderr().is_term() {
        wrap_to(text, size().1 - 1)
    } else {
        text.to_string()
    }
}

/// One row of at most `columns` columns: the text, cut with `…` when it is wider. Styles
/// are kept; the width is measured as the terminal shows it.
pub fn fit(text: &str, columns: usize) -> String {
    console::truncate_str(text, columns, "…").into_owned()
}

/// Parts joined by ` · ` into as few rows of at most `columns` as they fit in; a part is
/// never split, and one wider than a row is cut with `…`.
pub fn lay_out(parts: &[String], columns: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for part in parts {
        let wide = console::measure_text_width(&row) + 3 + console::measure_text_width(part);
        if !row.is_empty() && wide > columns {
            rows.push(std::mem::take(&mut row));
        }
        if !row.is_empty() {
            row.push_str(" · ");
        }
        row.push_str(part);
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows.into_iter().map(|r| fit(&r, columns)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_words_and_fits_rows() {
        assert_eq!(wrap_to("one two three", 8), "one two\nthree");
        assert_eq!(wrap_to("a unbreakable", 5), "a\nunbreakable");
        // A hyphen is part of its word: "KP-100234" is not split after "KP-".
        assert_eq!(
            wrap_to("For example: KP-100234.", 20),
            "For example:\nKP-100234."
        );
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        let parts: Vec<String> = ["b back", "r start over", "q quit"]
            .map(String::from)
            .to_vec();
        assert_eq!(lay_out(&parts, 40), ["b back · r start over · q quit"]);
        assert_eq!(lay_out(&parts, 21), ["b back · r start over", "q quit"]);
        assert_eq!(lay_out(&parts, 20), ["b back", "r start over", "q quit"]);
    }
}
