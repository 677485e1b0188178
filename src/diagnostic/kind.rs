//! Every problem the loader and the checker can report, as data.
//!
//! A pass says what it found (`UnknownNode { field, node, flow, closest }`) and nothing
//! else. What follows from that is written once, by kind: the code and the severity here,
//! the words in [`crate::diagnostic::message`].

use crate::diagnostic::{Code, Severity};
use crate::source::Position;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    // What ron reported, in ron's words (`message`): the file does not parse as a tree.
    Syntax {
        message: String,
    },
    NotUtf8,
    /// ron read the file, but the second reading, which records positions, did not.
    Unlocatable,
    UnknownVariant {
        message: String,
        expected: &'static [&'static str],
    },
    UnknownStruct {
        message: String,
        expected: &'static str,
    },
    UnknownField {
        message: String,
        expected: &'static [&'static str],
    },
    MissingField {
        message: String,
        field: &'static str,
    },
    DuplicateField {
        message: String,
    },
    InvalidValue {
        message: String,
    },
    /// Valid RON, but not the kind of value the field holds.
    WrongType {
        message: String,
    },

    // What the checker found. `closest` is an id near enough to the one written to be
    // what was meant.
    /// `first` is where the first definition is, in `first_path`.
    DuplicateFlow {
        flow: String,
        first_path: String,
        first: Position,
    },
    DuplicateNode {
        node: String,
        flow: String,
    },
    MissingStart {
        node: String,
        flow: String,
        closest: Option<String>,
    },
    /// `field` is where the reference was written: `next`, `then`, `fixed`, `not_fixed`.
    UnknownNode {
        field: &'static str,
        node: String,
        flow: String,
        closest: Option<String>,
    },
    UnknownFlow {
        flow: String,
        closest: Option<String>,
    },
    /// The flows of the cycle, closed: `[a, b, a]`.
    CallCycle {
        flows: Vec<String>,
    },
    NoChoices {
        question: String,
    },
    NoFactValues {
        fact: String,
    },
    DuplicateChoice {
        question: String,
        choice: String,
    },
    /// `what` names the text: "the title", "a choice label".
    EmptyText {
        what: &'static str,
    },
    ControlCharacter {
        what: &'static str,
        character: char,
    },
    UnknownFact {
        fact: String,
        closest: Option<String>,
        declared: Vec<String>,
    },
    UnknownFactValue {
        fact: String,
        value: String,
        closest: Option<String>,
        allowed: Vec<String>,
    },
    MissingFactValue {
        fact: String,
        value: String,
    },
    /// The nodes of the cycle, closed.
    TrapCycle {
        nodes: Vec<String>,
    },
    DuplicateFact {
        fact: String,
    },
    DuplicateFactValue {
        fact: String,
        value: String,
    },
    /// `first` is the value the scenario gave the fact the first time.
    DuplicateScenarioFact {
        scenario: String,
        fact: String,
        first: String,
    },
    ExpectsNothing {
        scenario: String,
    },
    ExpectNotEnd {
        expect: String,
    },
    /// `ends` are the ends of the flow `expect` names, if there is one.
    ExpectNoEnd {
        expect: String,
        closest: Option<String>,
        ends: Vec<String>,
    },
    NoTrees,
    /// The value each fact has on the cycle, in the order it is asked; the nodes, closed.
    FactLoop {
        values: Vec<(String, String)>,
        nodes: Vec<String>,
    },
    Unreachable {
        node: String,
        /// How many more unreachable nodes only this one leads to.
        behind: usize,
    },
    SingleChoice {
        question: String,
    },
    NoSource {
        step: String,
    },
    NoScenarios {
        flow: String,
    },
    /// A fact declared with both `values` and `accepts`.
    TypedWithValues {
        fact: String,
    },
    /// An `Input` for a fact with values, or an `Ask` recording a typed fact.
    WrongFactKind {
        fact: String,
        typed: bool,
    },
    /// A typed fact's `example` that its `accepts` refuses, or a `vague` value it lacks.
    BadExample {
        fact: String,
        reason: String,
    },
    /// A second `Vocabulary(...)` or `Letter(...)`; `first_path` holds the first.
    DuplicateDocument {
        name: &'static str,
        first_path: String,
    },
}

impl Kind {
    pub fn code(&self) -> Code {
        match self {
            Kind::Syntax { .. } | Kind::NotUtf8 | Kind::Unlocatable => Code::Syntax,
            Kind::UnknownVariant { .. } | Kind::UnknownStruct { .. } => Code::UnknownKind,
            Kind::UnknownField { .. } => Code::UnknownField,
            Kind::MissingField { .. } => Code::MissingField,
            Kind::DuplicateField { .. } | Kind::InvalidValue { .. } | Kind::WrongType { .. } => {
                Code::InvalidValue
            }
            Kind::DuplicateFlow { .. } => Code::DuplicateFlow,
            Kind::DuplicateNode { .. } => Code::DuplicateNode,
            Kind::MissingStart { .. } => Code::MissingStart,
            Kind::UnknownNode { .. } => Code::UnknownNode,
            Kind::UnknownFlow { .. } => Code::UnknownFlow,
            Kind::CallCycle { .. } => Code::CallCycle,
            Kind::NoChoices { .. } | Kind::NoFactValues { .. } => Code::NoChoices,
            Kind::DuplicateChoice { .. } => Code::DuplicateChoice,
            Kind::EmptyText { .. } => Code::EmptyText,
            Kind::ControlCharacter { .. } => Code::ControlCharacter,
            Kind::UnknownFact { .. } => Code::UnknownFact,
            Kind::UnknownFactValue { .. } => Code::UnknownFactValue,
            Kind::MissingFactValue { .. } => Code::MissingFactValue,
            Kind::TrapCycle { .. } => Code::TrapCycle,
            Kind::DuplicateFact { .. }
            | Kind::DuplicateFactValue { .. }
            | Kind::DuplicateScenarioFact { .. } => Code::DuplicateFact,
            Kind::ExpectsNothing { .. } | Kind::ExpectNotEnd { .. } | Kind::ExpectNoEnd { .. } => {
                Code::BadScenario
            }
            Kind::NoTrees => Code::NoTrees,
            Kind::FactLoop { .. } => Code::FactLoop,
            Kind::Unreachable { .. } => Code::Unreachable,
            Kind::SingleChoice { .. } => Code::SingleChoice,
            Kind::NoSource { .. } => Code::NoSource,
            Kind::NoScenarios { .. } => Code::NoScenarios,
            Kind::TypedWithValues { .. } | Kind::WrongFactKind { .. } => Code::FactKind,
            Kind::BadExample { .. } => Code::BadExample,
            Kind::DuplicateDocument { .. } => Code::DuplicateDocument,
        }
    }

    /// Every kind of one code shares its severity.
    pub fn severity(&self) -> Severity {
        self.code().severity()
    }
}
