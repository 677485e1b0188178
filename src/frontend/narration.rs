//! The words a person reads around the nodes of a walk, the same in the prompts and in
//! plain mode: where the walk stands ("Step 3 · at most 5 more"), a subflow entered or
//! left, a walk stopped, an answer refused. They name flows by their titles and choices by
//! their numbers and labels, never by the ids the trees use.

use watchfix::progress;
use watchfix::search::{self, Confidence};
use watchfix::text::shown;
use watchfix::walk::{View, ViewKind, Walk, WalkError};

/// "Step 3 · at most 5 more": the things done or answered so far, and what is left.
pub fn position(walk: &Walk) -> String {
    let step = walk.answers().len() + 1;
    let left = match progress::remaining(walk) {
        Some(r) if r.most <= 1 => "the last one".to_string(),
        Some(r) if r.fewest == r.most => format!("{} more", r.most - 1),
        Some(r) => format!("at most {} more", r.most - 1),
        None => return format!("Step {step}"),
    };
    format!("Step {step} · {left}")
}

/// Where the walk stands in its flows, to tell when it enters or leaves a subflow.
#[derive(Debug, Clone, Default)]
pub struct Place {
    depth: Option<usize>,
}

impl Place {
    /// A line to say the walk entered a subflow or came back from one since the last node
    /// shown; nothing for the first node or one in the same flow.
    pub fn moved(&mut self, view: &View) -> Option<String> {
        let depth = view.callers.len();
        let before = self.depth.replace(depth)?;
        if depth > before {
            let back = view.callers.last().map_or("", String::as_str);
            Some(format!("Next: {} — then back to {back}.", view.title))
        } else if depth < before {
            Some(format!("Back to {}.", view.title))
        } else {
            None
        }
    }
}

/// The one line a stopped walk leaves: where it stopped, and how to go on when it was
/// kept.
pub fn stopped(walk: &Walk, how: &str, kept: bool) -> String {
    let flow = walk.graph().flow(walk.root());
    let mut line = format!(
        "{how} at step {} of \"{}\".",
        walk.answers().len() + 1,
        flow.title
    );
    if kept {
        line.push_str(&format!(" `watchfix resume {}` continues it.", flow.id));
    }
    line
}

/// Why an answer was not taken, with the choices by number and label.
pub fn refused(view: &View, answer: &str) -> String {
    let answer = watchfix::text::shown(answer);
    let labels: Vec<&str> = view.choices.iter().map(|c| c.label.as_str()).collect();
    let numeric = answer.chars().all(|c| c.is_ascii_digit());
    let close = watchfix::diagnostic::closest(
        &answer.to_lowercase(),
        view.choices.iter().map(|c| c.id.as_str()),
    )
    .filter(|_| !numeric)
    .and_then(|id| view.choices.iter().position(|c| c.id == id));
    match close {
        Some(index) => format!(
            "\"{answer}\" is not one of the answers; did you mean {}) {}?",
            index + 1,
            labels[index]
        ),
        None => format!(
            "\"{answer}\" is not one of the answers: choose a number from 1 to {}.",
            labels.len()
        ),
    }
}

/// Said when Back has nowhere to go.
pub const FIRST_QUESTION: &str = "This is the first question; there is nothing to go back to.";

/// Said when a note has no answer to go with.
pub const NO_ANSWER_YET: &str = "There is no answer yet to add a note to.";

/// Said when a note is kept.
pub const NOTE_KEPT: &str = "Note kept with your last answer.";

/// Answers after which starting over asks first.
pub const CONFIRM_RESTART_AFTER: usize = 3;

/// What an input accepts, and how to skip it.
/// In plain text the way to skip is a word (`skip`); at a prompt it is a menu item, so
/// `with_skip` is false there.
pub fn input_hint(input: &watchfix::walk::InputView, with_skip: bool) -> String {
    let mut out = format!("  Type {}", input.accepts.describe());
    if let Some(example) = &input.example {
        out.push_str(&format!(", for example {example}"));
    }
    if let (Some(skip), true) = (&input.skip, with_skip) {
        out.push_str(&format!("; or `skip`: {skip}"));
    }
    out
}

/// How the person in front of a walk answers: by typing words, or at menus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Plain mode and `--answers`: `skip` is a word to type.
    Plain,
    /// The prompts: skipping a typed detail is a menu item, reached with Esc.
    Prompt,
}

/// Why an answer was not taken, in words for a person: choices by number and label, a
/// detail by its name, never an id. Only the way to skip a detail depends on `mode`.
pub fn not_taken(walk: &Walk, view: &View, answer: &str, error: &WalkError, mode: Mode) -> String {
    match error {
        WalkError::UnknownAnswer { .. } => refused(view, answer),
        WalkError::InvalidInput {
            fact,
            reason,
            example,
            ..
        } => {
            let name = walk.graph().fact(fact).map_or_else(
                || "the detail asked for".to_string(),
                |f| lowercase_first(&f.name),
            );
            let mut line = format!("That does not fit as the {name}: {reason}");
            if let Some(example) = example {
                line.push_str(&format!("; for example {}", shown(example)));
            }
            line.push('.');
            if let Some(skip) = view.input.as_ref().and_then(|i| i.skip.as_deref()) {
                line.push_str(&match mode {
                    Mode::Plain => format!(" Or type `skip`: {skip}."),
                    Mode::Prompt => format!(" Or press Esc and choose \"{skip}\"."),
                });
            }
            line
        }
        WalkError::Finished { .. } => "The walk has ended; there is nothing left to answer.".into(),
        WalkError::Loop { .. } => format!(
            "The facts known so far lead around in a loop at \"{}\".",
            node_name(view, 60)
        ),
        other => shown(&other.to_string()).into_owned(),
    }
}

/// "Watch firmware version" as it reads inside a sentence; an acronym stays as it is.
fn lowercase_first(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(name[first.len_utf8()..].chars())
            .collect(),
        _ => name.to_string(),
    }
}

/// A node named for a person in at most `room` columns: the question it asks (its first
/// sentence that ends in `?`), or else its first sentence, cut at a word with `…`.
pub fn node_name(view: &View, room: usize) -> String {
    let sentences = sentences(&view.text);
    let asks = matches!(view.kind, ViewKind::Question | ViewKind::Input);
    let name = sentences
        .iter()
        .find(|s| asks && s.ends_with('?'))
        .or(sentences.first())
        .copied()
        .unwrap_or_default();
    cut_at_word(name, room)
}

/// The sentences of a text: each ends at `.`, `?` or `!` before a space or the end.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let ends = matches!(c, '.' | '?' | '!')
            && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if ends {
            let end = at + c.len_utf8();
            out.push(text[start..end].trim());
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// Text in at most `room` columns: whole when it fits, else the words that fit and `…`.
pub fn cut_at_word(text: &str, room: usize) -> String {
    let width = console::measure_text_width;
    if width(text) <= room {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        let longer = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if width(&longer) + 1 > room {
            break;
        }
        out = longer;
    }
    if out.is_empty() {
        // One word wider than the room: cut inside it, the only way it fits.
        return console::truncate_str(text, room, "…").into_owned();
    }
    format!("{}…", out.trim_end_matches([',', ';', ':', '.']))
}

/// A symptom search's match as a person reads it: the title when it is sure, else
/// "Maybe:" with how good a match it is.
pub fn match_label(title: &str, score: f64) -> String {
    match search::confidence(score) {
        Confidence::Sure => title.to_string(),
        Confidence::Good => format!("Maybe: {title} (good match)"),
        Confidence::Weak => format!("Maybe: {title} (weak match)"),
    }
}

/// The heading over a search's matches, by how good the best one is.
pub fn matches_heading(best: f64) -> &'static str {
    match search::confidence(best) {
        Confidence::Sure => "Best matches",
        Confidence::Good => "Possible matches",
        Confidence::Weak => "Nothing fits closely",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_cuts_at_words() {
        assert_eq!(
            sentences("Wear it a day. You can quit now. Does it count? Say."),
            [
                "Wear it a day.",
                "You can quit now.",
                "Does it count?",
                "Say."
            ]
        );
        assert_eq!(sentences("Version 1.2.3 here"), ["Version 1.2.3 here"]);
        assert_eq!(cut_at_word("Restart the watch.", 40), "Restart the watch.");
        assert_eq!(
            cut_at_word("Restart the watch, then pair it", 20),
            "Restart the watch…"
        );
        assert_eq!(cut_at_word("Unbreakableword", 6), "Unbre…");
        assert_eq!(
            lowercase_first("Watch firmware version"),
            "watch firmware version"
        );
        assert_eq!(lowercase_first("GPS model"), "GPS model");
    }
}
