//! Writing to stdout and stderr without ever panicking: a reader that went away
//! (`watchfix list | head -1`) or a closed stderr loses output, never the exit code.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::Color;

/// `eprintln!` that never panics: a closed stderr loses the message, not the exit code.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        // At a terminal the line wraps at words, not wherever the terminal cuts it.
        let line = crate::frontend::terminal::for_stderr(&format!($($arg)*));
        let _ = writeln!(std::io::stderr(), "{line}");
    }};
}

/// `eprint!` that never panics.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

pub(crate) use {say, say_raw};

/// Applies `--color` before anything styled is printed (console caches its decision).
pub fn apply_color(color: Color) {
    let enabled = match color {
        Color::Always => Some(true),
        Color::Never => Some(false),
        Color::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => Some(false),
        Color::Auto => None,
    };
    if let Some(enabled) = enabled {
        console::set_colors_enabled(enabled);
        console::set_colors_enabled_stderr(enabled);
    }
}

/// Whether diagnostics on stderr should be coloured.
pub fn stderr_color() -> bool {
    // `auto` already means "only on a terminal"; `always` means always.
    console::colors_enabled_stderr()
}

/// Set once stdout is gone, so later output is dropped instead of failing.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes to stdout. When the reader has gone (`watchfix list | head -1`) the rest of the
/// output is dropped quietly and the command still ends with its own exit code.
pub fn print(text: &str) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            say!("watchfix: error: cannot write to stdout: {error}");
        }
    }
}

/// Prints a value as pretty JSON followed by a newline.
pub fn print_json<T: serde::Serialize>(value: &T) {
    let mut text = serde_json::to_string_pretty(value).expect("plain data serializes");
    text.push('\n');
    print(&text);
}
