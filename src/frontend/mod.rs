//! The front ends: how a walk meets a person (prompts, plain text) or an agent (JSON lines,
//! the MCP server), and what a walk leaves behind.

pub mod asks;
pub mod end_screen;
pub mod ending;
pub mod interactive;
pub mod interrupt;
pub mod keys;
pub mod line_editor;
pub mod lines;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod menu;
pub mod narration;
pub mod plain;
pub mod plain_menu;
pub mod reply;
pub mod report;
pub mod support;
pub mod terminal;

/// A terminal that failed under a prompt; an interrupted read is Ctrl-C.
pub fn io_error(error: std::io::Error) -> crate::error::Fail {
    if error.kind() == std::io::ErrorKind::Interrupted {
        interrupt::interrupted();
    }
    crate::error::Fail::failure(format!("cannot draw the prompt: {error}"))
}

/// A prompt that failed; an interrupted read is Ctrl-C.
pub fn prompt_error(error: dialoguer::Error) -> crate::error::Fail {
    let dialoguer::Error::IO(io) = &error;
    if io.kind() == std::io::ErrorKind::Interrupted {
        interrupt::interrupted();
    }
    crate::error::Fail::failure(format!("cannot draw the prompt: {error}"))
}
