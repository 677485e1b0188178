//! Making text from outside safe to print. Tree text, file names, session files and what a
//! person typed can hold characters that move the cursor, recolour the terminal or reorder
//! what a reader sees (C0 and C1 controls, bidi controls, zero-width characters, line and
//! paragraph separators). Wherever such a string is printed it goes through [`shown`],
//! which writes each of those characters as a visible `\u{…}` escape.

use std::borrow::Cow;

/// Whether a character could change how the text around it is seen.
pub fn is_deceptive(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width space, joiners, LRM, RLM
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}'              // zero-width no-break space
        )
}

/// `text` with every deceptive character escaped; borrowed when there is none.
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_deceptive) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_deceptive(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_and_keeps_the_rest() {
        assert_eq!(shown("plain ⓘ text"), "plain ⓘ text");
        assert_eq!(shown("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(
            shown("x\u{202E}y\u{9b}z\u{200b}"),
            "x\\u{202e}y\\u{9b}z\\u{200b}"
        );
        assert_eq!(shown("line\nbreak"), "line\\u{a}break");
    }
}
