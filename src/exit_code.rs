//! Exit codes: the contract scripts and agents rely on (README, "Exit codes").

use watchfix::graph::Outcome;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// A walk ended `resolved` or `info`; validate or test found no error.
    Success = 0,
    /// Invalid trees, a failed scenario, or an internal error.
    Failure = 1,
    /// Usage error or bad input: unknown flow, unknown answer, malformed fact.
    Usage = 2,
    /// A walk ended `escalate`: the user should contact support.
    Escalate = 3,
    /// A walk stopped before an end.
    Stopped = 4,
}

impl ExitCode {
    pub fn of_outcome(outcome: Option<Outcome>) -> ExitCode {
        match outcome {
            Some(Outcome::Resolved | Outcome::Info) => ExitCode::Success,
            Some(Outcome::Escalate) => ExitCode::Escalate,
            None => ExitCode::Stopped,
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}
