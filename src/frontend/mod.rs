//! The front ends: how a walk meets a person (prompts, plain text) or an agent (JSON lines,
//! the MCP server), and what a walk leaves behind.

pub mod end_screen;
pub mod ending;
pub mod interactive;
pub mod interrupt;
pub mod line_editor;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod plain;
pub mod reply;
pub mod report;
pub mod terminal;
