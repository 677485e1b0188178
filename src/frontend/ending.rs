//! The end of a walk, decided once for every front end: the headline for its outcome, the
//! end node's text, the summary, and (after an escalate end) the message for support. The
//! plain and interactive front ends only lay these parts out.

use watchfix::graph::Outcome;
use watchfix::summary::Summary;
use watchfix::walk::Walk;

/// Introduces the message after an escalate end.
pub const LETTER_INTRO: &str = "A message you can send to KOSPET Customer Service:";

/// What a finished walk shows.
#[derive(Debug, Clone)]
pub struct Ending {
    pub outcome: Option<Outcome>,
    /// The end node's text.
    pub text: String,
    pub summary: Summary,
}

impl Ending {
    pub fn of(walk: &Walk) -> Ending {
        Ending {
            outcome: walk.outcome(),
            text: walk.current().text,
            summary: Summary::of(walk),
        }
    }

    /// A short line that says how the walk turned out.
    pub fn headline(&self) -> &'static str {
        match self.outcome {
            Some(Outcome::Resolved) => "✔ Fixed",
            Some(Outcome::Info) => "ℹ Answered",
            Some(Outcome::Escalate) => "✖ Not fixed: contact KOSPET Customer Service",
            None => "Stopped before the end",
        }
    }

    pub fn escalated(&self) -> bool {
        self.outcome == Some(Outcome::Escalate)
    }

    /// The message ready to send to support, after an escalate end.
    pub fn letter(&self) -> Option<String> {
        self.escalated().then(|| self.summary.support_message())
    }
}
