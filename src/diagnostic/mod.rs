//! Diagnostics as data: what is wrong, where, and how to fix it.
//!
//! The loader and the checker push [`Diagnostic`]s; nothing here prints. Rendering lives in
//! [`crate::diagnostic::render`] so the same list can become rustc-style text, JSON or GitHub
//! annotations.

mod code;
mod kind;
mod message;
pub mod render;
mod vocabulary;

pub use code::Code;
pub use kind::Kind;
pub use vocabulary::{Vocabulary, closest};

use serde::Serialize;

use crate::source::{Sources, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the trees: what ([`Kind`]) and where. Everything a renderer shows
/// (code, severity, message, label, help) follows from the kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub kind: Kind,
    /// Where; `None` for problems of the whole load (no trees at all).
    pub span: Option<Span>,
}

impl Diagnostic {
    pub fn new(kind: Kind, span: Span) -> Self {
        Diagnostic {
            kind,
            span: Some(span),
        }
    }

    pub fn global(kind: Kind) -> Self {
        Diagnostic { kind, span: None }
    }

    pub fn code(&self) -> Code {
        self.kind.code()
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// A short note under the caret.
    pub fn label(&self) -> Option<String> {
        self.kind.label()
    }

    /// How to fix it.
    pub fn help(&self) -> Option<String> {
        self.kind.help()
    }
}

/// Sorts diagnostics by file, line and column, then code, and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>, sources: &Sources) {
    diagnostics.sort_by_cached_key(|d| {
        let place = d
            .span
            .map(|s| (sources.get(s.file).path.clone(), s.start()));
        (place, d.code().as_str(), d.message())
    });
    diagnostics.dedup();
}
