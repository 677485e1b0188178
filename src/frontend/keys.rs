//! Keys read one at a time while the terminal's size is watched, so a prompt waiting for a
//! key redraws at once when the terminal is resized, not at the next key.
//!
//! console's `read_key` blocks until a key arrives and cannot be woken: a SIGWINCH
//! handler would make its blocking `poll` fail with EINTR, which console takes for Ctrl-C.
//! So while a prompt waits, the terminal is held in raw mode (as `read_key` sets it for
//! each key, output processing kept) and its input polled with a short timeout, the size
//! compared after each; `read_key` is called only once a key is there to read. Raw mode
//! also keeps keys pressed during a redraw from being echoed onto the screen.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use console::{Key, Term};

use crate::frontend::terminal::size;

/// How often the size is looked at while no key comes.
const TICK: Duration = Duration::from_millis(50);

/// What woke a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(Key),
    /// The terminal's size is no longer the one the prompt was drawn for.
    Resized,
}

/// The terminal's settings before a prompt put it in raw mode, for [`restore`] to put back
/// when the process leaves from under a prompt (Ctrl-C).
#[cfg(unix)]
static BEFORE: Mutex<Option<rustix::termios::Termios>> = Mutex::new(None);

/// Raw mode for as long as a prompt waits for keys; dropped, the terminal is as it was.
pub struct Raw {
    held: bool,
}

impl Raw {
    /// Puts the terminal in raw mode; where that cannot be done, keys are read as before,
    /// and a resize is seen at the next key.
    pub fn hold() -> Raw {
        Raw { held: hold() }
    }

    /// The next key, or [`Event::Resized`] as soon as the size differs from `drawn_at`
    /// (rows, columns).
    pub fn next(&self, term: &Term, drawn_at: (usize, usize)) -> std::io::Result<Event> {
        if !self.held {
            return term.read_key_raw().map(Event::Key);
        }
        loop {
            if size() != drawn_at {
                return Ok(Event::Resized);
            }
            if key_waiting()? {
                return term.read_key_raw().map(Event::Key);
            }
        }
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        if self.held {
            restore();
        }
    }
}

#[cfg(unix)]
fn hold() -> bool {
    use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};
    let stdin = rustix::stdio::stdin();
    let Ok(before) = tcgetattr(stdin) else {
        return false;
    };
    let mut raw = before.clone();
    raw.make_raw();
    // Output is processed as before, so a newline still returns the cursor.
    raw.output_modes = before.output_modes;
    if tcsetattr(stdin, OptionalActions::Drain, &raw).is_err() {
        return false;
    }
    *BEFORE.lock().unwrap_or_else(PoisonError::into_inner) = Some(before);
    true
}

#[cfg(not(unix))]
fn hold() -> bool {
    false
}

/// Puts the terminal back as it was before a prompt held it; nothing when none does.
pub fn restore() {
    #[cfg(unix)]
    if let Some(before) = BEFORE.lock().unwrap_or_else(PoisonError::into_inner).take() {
        use rustix::termios::{OptionalActions, tcsetattr};
        let _ = tcsetattr(rustix::stdio::stdin(), OptionalActions::Drain, &before);
    }
}

/// Whether a key can be read now, after waiting at most one [`TICK`].
#[cfg(unix)]
fn key_waiting() -> std::io::Result<bool> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = rustix::stdio::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let tick = Timespec {
        tv_sec: 0,
        tv_nsec: TICK.as_nanos() as _,
    };
    match poll(&mut fds, Some(&tick)) {
        Ok(_) => Ok(!fds[0].revents().is_empty()),
        Err(rustix::io::Errno::INTR) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

#[cfg(not(unix))]
fn key_waiting() -> std::io::Result<bool> {
    Ok(true)
}
