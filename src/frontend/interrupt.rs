//! Ctrl-C and the saved session: one place knows where the walk on screen stands, shows
//! the cursor a prompt hides, says where the walk stopped in the same one line Quit says,
//! and exits 4. At the opening menu, before any walk, it says nothing.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Mutex, Once, PoisonError};

use console::Term;
use watchfix::session::Recorder;
use watchfix::walk::Walk;

use crate::exit_code::ExitCode;
use crate::frontend::narration;
use crate::output::say;
use watchfix::text::shown;

/// The line Ctrl-C prints: where the walk on screen stands.
static STOP_LINE: Mutex<Option<String>> = Mutex::new(None);

/// Makes Ctrl-C stop the walk with exit 4.
pub fn watch_interrupts() {
    on_ctrl_c();
}

/// Why the last save of the walk on screen failed, if it did: set by [`save`], so that a
/// walk is said to be kept only after a save succeeded.
static UNSAVED: Mutex<Option<String>> = Mutex::new(None);

/// Records where the walk stands, for the line Ctrl-C prints; call at every node.
pub fn standing(walk: &Walk) {
    let mut line = narration::stopped(walk, "Stopped", kept(walk));
    if let Some(lost) = lost(walk) {
        line = format!("{line}\n{lost}");
    }
    *STOP_LINE.lock().unwrap_or_else(PoisonError::into_inner) = Some(line);
}

/// Whether a walk stopped now is kept to resume: once it has an answer, and only if its
/// last save succeeded.
pub fn kept(walk: &Walk) -> bool {
    !walk.answers().is_empty() && !walk.is_finished() && unsaved().is_none()
}

fn unsaved() -> Option<String> {
    UNSAVED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}

/// What stopping now loses, when the walk could not be saved: said instead of a promise.
pub fn lost(walk: &Walk) -> Option<String> {
    let why = unsaved()?;
    let n = walk.answers().len();
    if n == 0 || walk.is_finished() {
        return None;
    }
    let (answers, are) = if n == 1 {
        ("answer", "is")
    } else {
        ("answers", "are")
    };
    Some(format!(
        "watchfix: the walk is not saved ({}); its {n} {answers} {are} lost when this ends",
        shown(&why)
    ))
}

/// The exit code of a walk that has ended, once its end screen is shown; `NOT_ENDED` before.
static ENDED: AtomicU8 = AtomicU8::new(NOT_ENDED);
const NOT_ENDED: u8 = u8::MAX;

/// From now on Ctrl-C leaves with the ended walk's own exit code, and says nothing of
/// resuming: there is nothing left to resume.
pub fn walk_ended(code: ExitCode) {
    on_ctrl_c();
    ENDED.store(code as u8, Ordering::SeqCst);
}

pub fn on_ctrl_c() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // If a handler cannot be installed the default one still ends the process.
        let _ = ctrlc::set_handler(|| interrupted());
    });
}

/// Ctrl-C: show the cursor a prompt hid, say where the walk stopped, exit 4. The signal handler
/// and a prompt whose read was interrupted can both get here; only the first speaks.
pub fn interrupted() -> ! {
    static FIRST: AtomicBool = AtomicBool::new(true);
    if !FIRST.swap(false, Ordering::SeqCst) {
        // The other caller is already on its way out.
        loop {
            std::thread::park();
        }
    }
    crate::frontend::keys::restore();
    let term = Term::stderr();
    if term.is_term() {
        let _ = term.show_cursor();
    }
    let ended = ENDED.load(Ordering::SeqCst);
    if ended != NOT_ENDED {
        let _ = term.write_line("");
        std::process::exit(i32::from(ended));
    }
    let line = STOP_LINE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    // At the opening menu there is no walk to speak of: nothing is said.
    if let Some(line) = line {
        let _ = term.write_line("");
        let _ = term.write_line(&crate::frontend::terminal::for_stderr(&line));
    }
    std::process::exit(ExitCode::Stopped as i32);
}

/// Saves the walk, warning once if the session cannot be saved, and remembers whether it
/// was, for what stopping says.
pub fn save(recorder: &mut Recorder, walk: &Walk) {
    if let Some(warning) = recorder.record(walk) {
        say!("watchfix: warning: {}", shown(&warning));
    }
    let why = recorder.saved().err().map(String::from);
    *UNSAVED.lock().unwrap_or_else(PoisonError::into_inner) = why;
}
