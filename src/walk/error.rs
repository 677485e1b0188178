//! Why the walker refused an answer, a fact or a note.

use std::fmt;

use crate::text::shown;

/// Why an answer or a fact was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkError {
    UnknownAnswer {
        answer: String,
        expected: Vec<String>,
    },
    Finished {
        answer: String,
    },
    UnknownFact {
        fact: String,
        expected: Vec<String>,
    },
    UnknownFactValue {
        fact: String,
        value: String,
        expected: Vec<String>,
    },
    Loop {
        node: String,
    },
    /// A note with nothing to attach to, or one that is too long or not one line.
    BadNote {
        reason: String,
    },
    /// A typed value that does not fit what its fact accepts.
    InvalidInput {
        fact: String,
        reason: String,
        example: Option<String>,
        /// Whether `skip` would have been accepted.
        skip: bool,
        /// The example, and `skip` when it would have been accepted.
        expected: Vec<String>,
    },
}

impl WalkError {
    /// What would have been accepted.
    pub fn expected(&self) -> &[String] {
        match self {
            WalkError::UnknownAnswer { expected, .. }
            | WalkError::UnknownFact { expected, .. }
            | WalkError::UnknownFactValue { expected, .. } => expected,
            WalkError::InvalidInput { expected, .. } => expected,
            WalkError::Finished { .. } | WalkError::Loop { .. } | WalkError::BadNote { .. } => &[],
        }
    }
}

impl fmt::Display for WalkError {
    /// Answers, facts and values come from outside, so they are printed through
    /// [`shown`]; so are the expected ids, which come from tree files.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let list = |ids: &[String]| shown(&ids.join(", ")).into_owned();
        match self {
            WalkError::UnknownAnswer { answer, expected } => write!(
                f,
                "unknown answer `{}`: expected one of {} or a number from 1 to {}",
                shown(answer),
                list(expected),
                expected.len()
            ),
            WalkError::Finished { answer } => {
                write!(
                    f,
                    "the walk has already ended; answer `{}` has nothing to answer",
                    shown(answer)
                )
            }
            WalkError::UnknownFact { fact, expected } => {
                write!(
                    f,
                    "unknown fact `{}`: expected one of {}",
                    shown(fact),
                    list(expected)
                )
            }
            WalkError::UnknownFactValue {
                fact,
                value,
                expected,
            } => write!(
                f,
                "fact `{}` has no value `{}`: expected one of {}",
                shown(fact),
                shown(value),
                list(expected)
            ),
            WalkError::Loop { node } => {
                write!(
                    f,
                    "the known facts lead around in a loop at node `{}`",
                    shown(node)
                )
            }
            WalkError::BadNote { reason } => write!(f, "the note cannot be kept: {reason}"),
            WalkError::InvalidInput {
                fact,
                reason,
                example,
                skip,
                ..
            } => {
                write!(f, "that is not a value for `{}`: {reason}", shown(fact))?;
                if let Some(example) = example {
                    write!(f, " (for example {})", shown(example))?;
                }
                if *skip {
                    write!(f, "; answer `skip` if you don't know it")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for WalkError {}
