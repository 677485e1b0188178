//! Diagnostics as data: what is wrong, where, and how to fix it.
//!
//! The loader and the checker push [`Diagnostic`]s; nothing here prints. Rendering lives in
//! [`crate::diagnostic::render`] so the same list can become rustc-style text, JSON or GitHub
//! annotations.

mod code;
pub mod render;
mod vocabulary;

pub use code::Code;
pub use vocabulary::{Vocabulary, closest};

use serde::Serialize;

use crate::source::{Sources, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the trees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    /// Where; `None` for problems of the whole load (no trees at all).
    pub span: Option<Span>,
    /// A short note under the caret.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            span: Some(span),
            label: None,
            help: None,
        }
    }

    pub fn global(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            span: None,
            label: None,
            help: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// Sorts diagnostics by file, line and column, then code, and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>, sources: &Sources) {
    diagnostics.sort_by_cached_key(|d| {
        let place = d.span.map(|s| (sources.get(s.file).path.clone(), s.start));
        (place, d.code.as_str(), d.message.clone())
    });
    diagnostics.dedup();
}
