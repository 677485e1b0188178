//! The stable codes of diagnostics (`E0009`, `W0001`): what tree authors search for, what CI
//! output and the authors' guide in trees/README.md name. A code names a family of
//! [`crate::diagnostic::Kind`]s; each kind knows its code.

use std::fmt;

use crate::diagnostic::Severity;

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
    FactLoop,
    FactKind,
    BadExample,
    DuplicateDocument,
    Unreachable,
    SingleChoice,
    NoSource,
    NoScenarios,
}

impl Code {
    pub const ALL: [Code; 30] = [
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
        Code::FactLoop,
        Code::FactKind,
        Code::BadExample,
        Code::DuplicateDocument,
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
            Code::FactLoop => "E0023",
            Code::FactKind => "E0024",
            Code::BadExample => "E0025",
            Code::DuplicateDocument => "E0026",
            Code::Unreachable => "W0001",
            Code::SingleChoice => "W0002",
            Code::NoSource => "W0003",
            Code::NoScenarios => "W0004",
        }
    }

    /// Warnings are what a tree can ship with: a walk still works, but an author should
    /// look. Spelt out per code rather than read off the `W` of the printed code, so that
    /// renumbering can never change what fails a build.
    pub fn severity(self) -> Severity {
        match self {
            Code::Unreachable | Code::SingleChoice | Code::NoSource | Code::NoScenarios => {
                Severity::Warning
            }
            Code::Syntax
            | Code::UnknownKind
            | Code::UnknownField
            | Code::MissingField
            | Code::InvalidValue
            | Code::DuplicateFlow
            | Code::DuplicateNode
            | Code::MissingStart
            | Code::UnknownNode
            | Code::UnknownFlow
            | Code::CallCycle
            | Code::NoChoices
            | Code::DuplicateChoice
            | Code::EmptyText
            | Code::ControlCharacter
            | Code::UnknownFact
            | Code::UnknownFactValue
            | Code::MissingFactValue
            | Code::TrapCycle
            | Code::DuplicateFact
            | Code::BadScenario
            | Code::NoTrees
            | Code::FactLoop
            | Code::FactKind
            | Code::BadExample
            | Code::DuplicateDocument => Severity::Error,
        }
    }

    /// What the code means, in one line: the table of diagnostics in trees/README.md holds
    /// exactly these (`tests/diagnostics.rs` checks it).
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
            Code::NoChoices => "a question has no choices, or a fact no values",
            Code::DuplicateChoice => "two choices of a question share an id",
            Code::EmptyText => "a text, title or label is empty",
            Code::ControlCharacter => "a text holds a terminal control character",
            Code::UnknownFact => "a fact that `Facts(...)` does not declare",
            Code::UnknownFactValue => "a value the fact does not allow",
            Code::MissingFactValue => "a fact question offers no choice for an allowed value",
            Code::TrapCycle => "nodes from which no end can be reached",
            Code::DuplicateFact => {
                "a fact or fact value declared twice, or a fact a scenario gives twice"
            }
            Code::BadScenario => "a scenario that names no end, or expects nothing",
            Code::NoTrees => "no flow was found",
            Code::FactLoop => "questions for known facts that send the walk round forever",
            Code::Unreachable => "a node that no walk can reach",
            Code::SingleChoice => "a question with only one choice",
            Code::NoSource => "a step that cites no FAQ question",
            Code::NoScenarios => "a flow without scenarios",
            Code::FactKind => "a fact both typed and with values, or asked the wrong way",
            Code::BadExample => {
                "a typed fact's example that does not fit, or a vague value it lacks"
            }
            Code::DuplicateDocument => "a second `Vocabulary(...)` or `Letter(...)`",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
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
}
