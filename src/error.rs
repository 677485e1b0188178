//! The binary's failures: each knows its exit code and carries a one-line message for
//! stderr.

use crate::exit_code::ExitCode;

/// A failure with the exit code it maps to and a one-line message for stderr.
#[derive(Debug)]
pub struct Fail {
    pub code: ExitCode,
    pub message: String,
}

impl Fail {
    pub fn usage(message: impl Into<String>) -> Fail {
        Fail {
            code: ExitCode::Usage,
            message: message.into(),
        }
    }

    pub fn failure(message: impl Into<String>) -> Fail {
        Fail {
            code: ExitCode::Failure,
            message: message.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Fail>;

/// An I/O failure at the edge (writing a report, starting a server), with the context that
/// names what was being done: exit 1, its causes joined on one line.
impl From<anyhow::Error> for Fail {
    fn from(error: anyhow::Error) -> Fail {
        Fail::failure(format!("{error:#}"))
    }
}
