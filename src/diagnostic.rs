//! Diagnostics as data: what is wrong, where, and how to fix it.
//!
//! The loader and the checker push [`Diagnostic`]s; nothing here prints. Rendering lives in
//! [`crate::render`] so the same list can become rustc-style text, JSON or GitHub
//! annotations.

use serde::Serialize;
use std::fmt;

use crate::source::{Sources, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Every diagnostic the loader and the checker can raise, with a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Syntax,
    UnknownKind,
    UnknownField,
    MissingField,
    InvalidValue,
    DuplicateFlow,
    DuplicateNode,
    MissingStart,
    UnknownNode,
    UnknownFlow,
    CallCycle,
    NoChoices,
    DuplicateChoice,
    EmptyText,
    ControlCharacter,
    UnknownFact,
    UnknownFactValue,
    MissingFactValue,
    TrapCycle,
    DuplicateFact,
    BadScenario,
    NoTrees,
    Unreachable,
    SingleChoice,
    NoSource,
    NoScenarios,
}

impl Code {
    pub const ALL: [Code; 26] = [
        Code::Syntax,
        Code::UnknownKind,
        Code::UnknownField,
        Code::MissingField,
        Code::InvalidValue,
        Code::DuplicateFlow,
        Code::DuplicateNode,
        Code::MissingStart,
        Code::UnknownNode,
        Code::UnknownFlow,
        Code::CallCycle,
        Code::NoChoices,
        Code::DuplicateChoice,
        Code::EmptyText,
        Code::ControlCharacter,
        Code::UnknownFact,
        Code::UnknownFactValue,
        Code::MissingFactValue,
        Code::TrapCycle,
        Code::DuplicateFact,
        Code::BadScenario,
        Code::NoTrees,
        Code::Unreachable,
        Code::SingleChoice,
        Code::NoSource,
        Code::NoScenarios,
    ];

    /// The stable code printed as `error[E0009]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "E0001",
            Code::UnknownKind => "E0002",
            Code::UnknownField => "E0003",
            Code::MissingField => "E0004",
            Code::InvalidValue => "E0005",
            Code::DuplicateFlow => "E0006",
            Code::DuplicateNode => "E0007",
            Code::MissingStart => "E0008",
            Code::UnknownNode => "E0009",
            Code::UnknownFlow => "E0010",
            Code::CallCycle => "E0011",
            Code::NoChoices => "E0012",
            Code::DuplicateChoice => "E0013",
            Code::EmptyText => "E0014",
            Code::ControlCharacter => "E0015",
            Code::UnknownFact => "E0016",
            Code::UnknownFactValue => "E0017",
            Code::MissingFactValue => "E0018",
            Code::TrapCycle => "E0019",
            Code::DuplicateFact => "E0020",
            Code::BadScenario => "E0021",
            Code::NoTrees => "E0022",
            Code::Unreachable => "W0001",
            Code::SingleChoice => "W0002",
            Code::NoSource => "W0003",
            Code::NoScenarios => "W0004",
        }
    }

    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// One line for the table of diagnostics in the docs and `validate --explain`.
    pub fn summary(self) -> &'static str {
        match self {
            Code::Syntax => "the file is not valid RON",
            Code::UnknownKind => "a node kind or enum value that does not exist",
            Code::UnknownField => "a field the format does not have",
            Code::MissingField => "a required field is missing",
            Code::InvalidValue => "a value of the wrong type, or a field given twice",
            Code::DuplicateFlow => "two flows share an id",
            Code::DuplicateNode => "a node id appears twice in one flow",
            Code::MissingStart => "`start` names no node of the flow",
            Code::UnknownNode => "`next`, `then`, `fixed` or `not_fixed` names no node",
            Code::UnknownFlow => "a `Call` names no flow",
            Code::CallCycle => "flows call each other in a cycle",
            Code::NoChoices => "a question has no choices",
            Code::DuplicateChoice => "two choices of a question share an id",
            Code::EmptyText => "a text, title or label is empty",
            Code::ControlCharacter => "a text holds a terminal control character",
            Code::UnknownFact => "a fact that `Facts(...)` does not declare",
            Code::UnknownFactValue => "a value the fact does not allow",
            Code::MissingFactValue => "a fact question offers no choice for an allowed value",
            Code::TrapCycle => "nodes from which no end can be reached",
            Code::DuplicateFact => "a fact, or a fact value, declared twice",
            Code::BadScenario => "a scenario that names no end, or expects nothing",
            Code::NoTrees => "no flow was found",
            Code::Unreachable => "a node that no walk can reach",
            Code::SingleChoice => "a question with only one choice",
            Code::NoSource => "a step that cites no FAQ question",
            Code::NoScenarios => "a flow without scenarios",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
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

/// The id among `candidates` closest to `wanted`, if any is close enough to be a typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(wanted, c), c))
        .filter(|(distance, c)| *distance <= (wanted.len().max(c.len()) / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_severity_follows_prefix() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} used twice");
            assert_eq!(
                code.severity() == Severity::Warning,
                code.as_str().starts_with('W')
            );
        }
    }

    #[test]
    fn closest_finds_typos_only() {
        let ids = ["reset-watch", "paired", "contact"];
        assert_eq!(closest("rest-watch", ids), Some("reset-watch"));
        assert_eq!(closest("completely-different", ids), None);
    }
}
