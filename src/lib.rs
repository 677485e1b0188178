//! watchfix's engine: troubleshooting flows as checked decision graphs.
//!
//! The library holds the pipeline and nothing that talks to a person; the binary's front
//! ends (prompts, plain text, JSON lines, the MCP server) are thin loops around it.
//!
//! ```text
//! trees/*.ron ─ load ─▶ raw documents (raw.rs, with source positions)
//!             ─ check ─▶ Graph (graph.rs) + diagnostics
//! Graph ─ walk (pure state machine) ─▶ scenario · summary · session · search · export
//! ```
//!
//! Every `use crate::…` edge points down this list: `source` and `diagnostic` at the
//! bottom, then `raw`, `load`, `graph`, `check`, `walk`, and the consumers of a walk.

pub mod atomic;
pub mod cache;
pub mod check;
pub mod compiled;
pub mod diagnostic;
pub mod export;
pub mod graph;
pub mod letter;
pub mod load;
pub mod progress;
pub mod raw;
pub mod scenario;
pub mod search;
pub mod session;
mod shipped;
pub mod source;
pub mod summary;
pub mod text;
pub mod walk;
pub mod wire;
