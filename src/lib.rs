//! watchfix: troubleshooting flows as checked decision graphs.
//!
//! ```text
//! trees/*.ron ─ loader ─▶ raw documents (with positions)
//!             ─ checker ─▶ Graph + diagnostics
//! Graph ─ Walk (pure state machine) ─▶ interactive · plain · step/run --json · test
//! ```

pub mod analysis;
pub mod checker;
pub mod diagnostic;
pub mod graph;
pub mod loader;
pub mod raw;
pub mod source;
pub mod syntax;
pub mod walk;
