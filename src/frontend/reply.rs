//! What a person can say at any node, in every front end: an answer (with a note after
//! ` # `, as in `not-fixed # the app says "device not found"`), Back, Start over or Quit. The plain front end reads these words from a line; the interactive one offers the
//! same actions as menu items, so the two cannot drift apart.

/// One thing the person asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A choice id or its 1-based position, for the walker to check, and a note.
    Answer(String, Option<String>),
    /// A note on the last answer given: `n TEXT` or `note TEXT`.
    Note(String),
    Back,
    Restart,
    Quit,
    /// An empty line: ask again.
    Nothing,
}

/// The keys of a walk's menus besides moving, choosing and `q`, with what they do: the
/// interactive footer names them, and plain mode reads the same letters.
pub const WALK_KEYS: &[(char, &str)] = &[('b', "back"), ('r', "start over"), ('n', "note")];

/// The footer of plain mode: the same keys, as words to type.
pub const PLAIN_KEYS: &str = "number choose · b back · r start over · n TEXT note · q quit";

/// The prompt plain mode reads an answer after.
pub const PLAIN_PROMPT: &str = "Answer: ";

/// Splits `answer # note` into the answer and its note.
pub fn split_note(text: &str) -> (&str, Option<&str>) {
    match text.split_once(" # ") {
        Some((answer, note)) if !note.trim().is_empty() => (answer.trim(), Some(note.trim())),
        Some((answer, _)) => (answer.trim(), None),
        None => (text.trim().trim_end_matches(" #").trim(), None),
    }
}

/// Reads one trimmed line of plain input.
pub fn parse(line: &str) -> Reply {
    match line.trim() {
        "" => Reply::Nothing,
        "q" | "quit" => Reply::Quit,
        "b" | "back" => Reply::Back,
        "r" | "restart" | "start over" => Reply::Restart,
        line if note_text(line).is_some() => Reply::Note(note_text(line).unwrap_or_default()),
        line => {
            let (answer, note) = split_note(line);
            Reply::Answer(answer.to_string(), note.map(String::from))
        }
    }
}

fn note_text(line: &str) -> Option<String> {
    let (word, rest) = line.split_once(' ')?;
    matches!(word, "n" | "note").then(|| rest.trim().to_string())
}

/// Whether a line at a menu means Quit.
pub fn is_quit(line: &str) -> bool {
    parse(line) == Reply::Quit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_answers() {
        assert_eq!(parse(" q "), Reply::Quit);
        assert_eq!(parse("back"), Reply::Back);
        assert_eq!(parse("start over"), Reply::Restart);
        assert_eq!(parse(""), Reply::Nothing);
        assert_eq!(parse("2"), Reply::Answer("2".into(), None));
        assert_eq!(parse("not-fixed"), Reply::Answer("not-fixed".into(), None));
        assert_eq!(
            parse("2 # tried twice"),
            Reply::Answer("2".into(), Some("tried twice".into()))
        );
        assert_eq!(parse("no #"), Reply::Answer("no".into(), None));
        assert_eq!(
            parse("n the app froze"),
            Reply::Note("the app froze".into())
        );
    }
}
