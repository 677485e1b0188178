//! What every prompt shares: the width text is wrapped to, and what a failed prompt means
//! (an interrupted read is Ctrl-C).

use console::Term;

use crate::error::Fail;
use crate::frontend::interrupt::interrupted;

pub fn prompt_error(error: dialoguer::Error) -> Fail {
    let dialoguer::Error::IO(io) = &error;
    if io.kind() == std::io::ErrorKind::Interrupted {
        interrupted();
    }
    Fail::failure(format!("cannot draw the prompt: {error}"))
}

/// The width text is wrapped to: the terminal's, less a margin, within reason.
pub fn width() -> usize {
    Term::stderr().size().1.clamp(20, 100) as usize - 2
}

pub fn wrap(text: &str) -> String {
    textwrap::fill(text, width())
}
