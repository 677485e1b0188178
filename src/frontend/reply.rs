//! What a person can say at any node, in every front end: an answer, Back, Start over or
//! Quit. The plain front end reads these words from a line; the interactive one offers the
//! same actions as menu items, so the two cannot drift apart.

/// One thing the person asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A choice id or its 1-based position, for the walker to check.
    Answer(String),
    Back,
    Restart,
    Quit,
    /// An empty line: ask again.
    Nothing,
}

/// The prompt that lists the words [`parse`] knows.
pub const PLAIN_PROMPT: &str = "Answer (number; b = back, r = start over, q = quit): ";

/// Reads one trimmed line of plain input.
pub fn parse(line: &str) -> Reply {
    match line.trim() {
        "" => Reply::Nothing,
        "q" | "quit" => Reply::Quit,
        "b" | "back" => Reply::Back,
        "r" | "restart" | "start over" => Reply::Restart,
        answer => Reply::Answer(answer.to_string()),
    }
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
        assert_eq!(parse("2"), Reply::Answer("2".into()));
        assert_eq!(parse("not-fixed"), Reply::Answer("not-fixed".into()));
    }
}
