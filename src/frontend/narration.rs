//! The words a person reads around the nodes of a walk, the same in the prompts and in
//! plain mode: where the walk stands ("Step 3 · at most 5 more"), a subflow entered or
//! left, a walk stopped, an answer refused. They name flows by their titles and choices by
//! their numbers and labels, never by the ids the trees use.

use watchfix::progress;
use watchfix::walk::{View, Walk};

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
