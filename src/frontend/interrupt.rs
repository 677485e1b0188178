//! Ctrl-C and the saved session: one place knows which walk is on screen, shows the cursor
//! dialoguer hides, names the session to resume and exits 4.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Mutex, Once, PoisonError};

use console::Term;
use watchfix::session::Recorder;
use watchfix::walk::Walk;

use crate::exit_code::ExitCode;
use crate::output::say;
use watchfix::text::shown;

/// The session of the walk on screen, for the resume hint printed on Ctrl-C.
static SESSION: Mutex<Option<String>> = Mutex::new(None);

/// What Ctrl-C says of the session: set by [`save`] after every save, so that "the walk
/// is saved" is said only after a save succeeded.
static HINT: Mutex<Option<String>> = Mutex::new(None);

/// Makes Ctrl-C stop the walk with exit 4, naming the session to resume.
pub fn watch_interrupts(session: Option<&str>) {
    on_ctrl_c();
    *SESSION.lock().unwrap_or_else(PoisonError::into_inner) = session.map(String::from);
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

/// Ctrl-C: show the cursor dialoguer hid, say how to resume, exit 4. The signal handler
/// and a prompt whose read was interrupted can both get here; only the first speaks.
pub fn interrupted() -> ! {
    static FIRST: AtomicBool = AtomicBool::new(true);
    if !FIRST.swap(false, Ordering::SeqCst) {
        // The other caller is already on its way out.
        loop {
            std::thread::park();
        }
    }
    let term = Term::stderr();
    if term.is_term() {
        let _ = term.show_cursor();
    }
    let _ = term.write_line("");
    let ended = ENDED.load(Ordering::SeqCst);
    if ended != NOT_ENDED {
        std::process::exit(i32::from(ended));
    }
    let _ = term.write_line("Stopped.");
    let watched = SESSION
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .is_some();
    let hint = HINT.lock().unwrap_or_else(PoisonError::into_inner).clone();
    if let (true, Some(hint)) = (watched, hint) {
        let _ = term.write_line(&hint);
    }
    std::process::exit(ExitCode::Stopped as i32);
}

/// Saves the walk, warning once if the session cannot be saved.
pub fn save(recorder: &mut Recorder, walk: &Walk) {
    if let Some(warning) = recorder.record(walk) {
        say!("watchfix: warning: {}", shown(&warning));
    }
    *HINT.lock().unwrap_or_else(PoisonError::into_inner) = Some(hint(recorder));
}

/// Tells how to pick a saved walk up again, or what was lost and why.
pub fn resume_hint(recorder: Option<&Recorder>) {
    if let Some(recorder) = recorder {
        say!("{}", hint(recorder));
    }
}

fn hint(recorder: &Recorder) -> String {
    match recorder.saved() {
        Ok(()) => format!(
            "watchfix: the walk is saved; continue it with `watchfix resume {}`",
            recorder.id()
        ),
        Err(why) => {
            let n = recorder.answers();
            let (answers, are) = if n == 1 {
                ("answer", "is")
            } else {
                ("answers", "are")
            };
            format!(
                "watchfix: the walk is not saved ({}); its {n} {answers} {are} lost when this ends",
                shown(why)
            )
        }
    }
}
