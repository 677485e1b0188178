//! watchfix: troubleshooting flows as checked decision graphs.
//!
//! ```text
//! trees/*.ron ─ loader ─▶ raw documents (with positions)
//!             ─ checker ─▶ Graph + diagnostics
//! Graph ─ Walk (pure state machine) ─▶ interactive · plain · step/run --json · test
//! ```

pub mod analysis;
pub mod app;
pub mod checker;
pub mod cli;
pub mod cmd;
pub mod diagnostic;
pub mod exit_code;
pub mod export;
pub mod graph;
pub mod interactive;
pub mod loader;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod raw;
pub mod render;
pub mod scenario;
pub mod search;
pub mod session;
pub mod source;
pub mod summary;
pub mod syntax;
pub mod walk;
