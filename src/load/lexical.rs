//! The small pieces of RON text, read exactly as ron 0.12 reads them.
//!
//! ron is the judge of what a tree file may say, and the position-keeping reader in
//! [`crate::load::syntax`] must agree with it on every text ron accepts: where white
//! space and comments end, what counts as an identifier, and what a string literal means.
//! A near miss is not harmless. Rust's `trim_start` misses U+200E, which ron skips, and the
//! second read then failed on a file ron had accepted; a string escape decoded differently
//! would show authors a text they did not write. So each rule here is ron's own (its
//! `parse.rs`), kept in one place to be compared with it.
//!
//! Every function takes the rest of the text and returns how many bytes it spans;
//! `None` where ron would have reported an error.

use std::borrow::Cow;

use unicode_ident::{is_xid_continue, is_xid_start};

/// The characters ron skips as white space: a subset of Unicode's Pattern_White_Space.
pub fn is_white_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\u{B}'
            | '\u{C}'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The white space and comments (`// ...`, nesting `/* ... */`) at the start of `rest`;
/// `None` for a block comment left open, which ron refuses.
pub fn trivia(rest: &str) -> Option<usize> {
    let mut at = 0;
    loop {
        at += rest[at..]
            .find(|c| !is_white_space(c))
            .unwrap_or(rest.len() - at);
        let here = &rest[at..];
        if here.starts_with("//") {
            at += here.find('\n').unwrap_or(here.len());
        } else if here.starts_with("/*") {
            at += block_comment(here)?;
        } else {
            return Some(at);
        }
    }
}

/// A block comment at the start of `rest`; comments nest. `None` if it is not closed.
fn block_comment(rest: &str) -> Option<usize> {
    let mut at = 2;
    let mut depth = 1;
    while depth > 0 {
        let next = rest[at..].find(['/', '*'])?;
        at += next;
        let here = &rest[at..];
        if here.starts_with("/*") {
            depth += 1;
            at += 2;
        } else if here.starts_with("*/") {
            depth -= 1;
            at += 2;
        } else {
            at += 1;
        }
    }
    Some(at)
}

/// An identifier at the start of `rest`: its name (without the `r#` of a raw identifier,
/// such as `r#Ask`) and the bytes it spans.
pub fn identifier(rest: &str) -> Option<(&str, usize)> {
    if let Some(raw) = rest.strip_prefix("r#") {
        let len = raw
            .find(|c: char| !is_raw_identifier_char(c))
            .unwrap_or(raw.len());
        return (len > 0).then(|| (&raw[..len], len + 2));
    }
    let first = rest.chars().next()?;
    if first != '_' && !is_xid_start(first) {
        return None;
    }
    let len = rest[first.len_utf8()..]
        .find(|c: char| !is_xid_continue(c))
        .map_or(rest.len(), |len| len + first.len_utf8());
    Some((&rest[..len], len))
}

fn is_raw_identifier_char(c: char) -> bool {
    matches!(c, '.' | '+' | '-') || is_xid_continue(c)
}

/// Whether `rest` starts a raw string (`r"..."`, `r#"..."#`) rather than an identifier.
pub fn starts_raw_string(rest: &str) -> bool {
    rest.starts_with("r\"") || rest.starts_with("r#\"") || rest.starts_with("r##")
}

/// A string literal (`"..."` or a raw `r#"..."#`) at the start of `rest`: its value and
/// the bytes it spans.
pub fn string(rest: &str) -> Option<(Cow<'_, str>, usize)> {
    match rest.as_bytes().first()? {
        b'"' => escaped_string(rest),
        b'r' => raw_string(rest),
        _ => None,
    }
}

fn raw_string(rest: &str) -> Option<(Cow<'_, str>, usize)> {
    let after_r = &rest[1..];
    let hashes = after_r.len() - after_r.trim_start_matches('#').len();
    let body = after_r[hashes..].strip_prefix('"')?;
    let close = format!("\"{}", &after_r[..hashes]);
    let end = body.find(&close)?;
    Some((
        Cow::Borrowed(&body[..end]),
        1 + hashes + 1 + end + close.len(),
    ))
}

/// Borrowed from the text when the string has no escape: most have none.
fn escaped_string(rest: &str) -> Option<(Cow<'_, str>, usize)> {
    let body = &rest[1..];
    let first = body.find(['"', '\\'])?;
    if body.as_bytes()[first] == b'"' {
        return Some((Cow::Borrowed(&body[..first]), 1 + first + 1));
    }
    let mut out = String::new();
    let mut at = 0;
    loop {
        let next = at + body[at..].find(['"', '\\'])?;
        out.push_str(&body[at..next]);
        at = next + 1;
        if body.as_bytes()[next] == b'"' {
            return Some((Cow::Owned(out), 1 + at));
        }
        let after = &body[at..];
        if let Some(len) = continuation(after) {
            at += len;
        } else {
            let (c, len) = escape(after)?;
            out.push(c);
            at += len;
        }
    }
}

/// A line break after a backslash, with the white space that follows it: skipped, like
/// Rust's string continuations.
fn continuation(rest: &str) -> Option<usize> {
    let line_break = if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with('\n') {
        1
    } else {
        return None;
    };
    let blank = rest[line_break..]
        .find(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'))
        .unwrap_or(rest.len() - line_break);
    Some(line_break + blank)
}

/// The character an escape after a backslash stands for, and the bytes it spans.
fn escape(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next()?;
    let simple = match c {
        '\'' | '"' | '\\' => c,
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        '0' => '\0',
        'x' => return byte_escapes(rest),
        'u' => return unicode_escape(rest),
        _ => return None,
    };
    Some((simple, 1))
}

/// `\x41`, or up to four `\xNN` escapes spelling one UTF-8 character (`\xC3\xA9`).
/// `rest` starts at the first `x`.
fn byte_escapes(rest: &str) -> Option<(char, usize)> {
    let mut bytes = [0u8; 4];
    let mut at = 0;
    for count in 1..=4 {
        if count > 1 {
            if !rest[at..].starts_with("\\x") {
                return None;
            }
            at += 1;
        }
        let hex = rest.get(at + 1..at + 3)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        bytes[count - 1] = u8::from_str_radix(hex, 16).ok()?;
        at += 3;
        if let Ok(text) = std::str::from_utf8(&bytes[..count]) {
            return text.chars().next().map(|c| (c, at));
        }
    }
    None
}

/// `\u{e9}`: one to six hexadecimal digits. `rest` starts at the `u`.
fn unicode_escape(rest: &str) -> Option<(char, usize)> {
    let digits = rest.strip_prefix("u{")?;
    let len = digits.find('}')?;
    if len == 0 || len > 6 || !digits[..len].bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let code = u32::from_str_radix(&digits[..len], 16).ok()?;
    Some((char::from_u32(code)?, 2 + len + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivia_is_white_space_and_nested_comments() {
        assert_eq!(
            trivia(" \u{200E}// a\n/* b /* c */ */x"),
            Some(" \u{200E}// a\n/* b /* c */ */".len())
        );
        assert_eq!(
            trivia("\u{A0}"),
            Some(0),
            "ron does not skip a no-break space"
        );
        assert_eq!(trivia("/* open"), None);
        assert_eq!(trivia("/* a /* b */"), None);
        assert_eq!(trivia("// to the end"), Some(13));
    }

    #[test]
    fn identifiers_raw_and_plain() {
        assert_eq!(identifier("r#Ask("), Some(("Ask", 5)));
        assert_eq!(identifier("Résolu:"), Some(("Résolu", "Résolu".len())));
        assert_eq!(identifier("_x1 "), Some(("_x1", 3)));
        assert_eq!(identifier("1x"), None);
        assert!(starts_raw_string("r#\"a\"#") && !starts_raw_string("r#Ask"));
    }

    #[test]
    fn strings_span_their_quotes() {
        assert_eq!(string(r#""a\"b" x"#), Some(("a\"b".into(), 6)));
        assert_eq!(string(r##"r#"a"b"# x"##), Some(("a\"b".into(), 8)));
        assert_eq!(string(r#""\q""#), None);
        assert_eq!(string(r#""\u{}""#), None);
        assert_eq!(string(r#""\xC3""#), None);
    }
}
