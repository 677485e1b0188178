//! The words a tree author reads for each [`Kind`]: the message, the label under the
//! caret, the help that says what to do.
//!
//! They are written here, once each, rather than where a pass finds the problem: the
//! passes stay short, and the wording can be read and kept consistent as one text, which
//! is what a reader of `validate` meets. Renderers only lay these strings out.

use std::fmt;

use crate::diagnostic::Kind;

/// The message: what is wrong, in one line.
impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Kind::Syntax { message }
            | Kind::UnknownVariant { message, .. }
            | Kind::UnknownStruct { message, .. }
            | Kind::UnknownField { message, .. }
            | Kind::MissingField { message, .. }
            | Kind::DuplicateField { message }
            | Kind::InvalidValue { message }
            | Kind::WrongType { message } => f.write_str(message),
            Kind::NotUtf8 => f.write_str("the file is not valid UTF-8"),
            Kind::Unlocatable => {
                f.write_str("the file could not be read a second time to locate its parts")
            }
            Kind::DuplicateFlow { flow, .. } => write!(f, "flow `{flow}` is defined twice"),
            Kind::DuplicateNode { node, flow } => {
                write!(f, "node `{node}` is defined twice in flow `{flow}`")
            }
            Kind::MissingStart { node, .. } => write!(f, "`start` names no node \"{node}\""),
            Kind::UnknownNode { field, node, .. } => {
                write!(f, "`{field}` names no node \"{node}\"")
            }
            Kind::UnknownFlow { flow, .. } => write!(f, "`flow` names no flow \"{flow}\""),
            Kind::CallCycle { flows } => {
                write!(f, "flows call each other in a cycle: {}", cycle(flows))
            }
            Kind::NoChoices { question } => write!(f, "question `{question}` has no choices"),
            Kind::NoFactValues { fact } => write!(f, "fact `{fact}` declares no values"),
            Kind::DuplicateChoice { question, choice } => {
                write!(f, "question `{question}` has two choices `{choice}`")
            }
            Kind::EmptyText { what } => write!(f, "{what} is empty"),
            Kind::ControlCharacter { what, character } => {
                write!(f, "{what} holds the control character {character:?}")
            }
            Kind::UnknownFact { fact, .. } => write!(f, "fact \"{fact}\" is not declared"),
            Kind::UnknownFactValue { fact, value, .. } => {
                write!(f, "fact `{fact}` has no value \"{value}\"")
            }
            Kind::MissingFactValue { fact, value } => write!(
                f,
                "this question records `{fact}` but offers no choice `{value}`"
            ),
            Kind::TrapCycle { nodes } => {
                write!(
                    f,
                    "no end can be reached from these nodes: {}",
                    cycle(nodes)
                )
            }
            Kind::DuplicateFact { fact } => write!(f, "fact `{fact}` is declared twice"),
            Kind::DuplicateFactValue { fact, value } => {
                write!(f, "fact `{fact}` declares value `{value}` twice")
            }
            Kind::DuplicateScenarioFact { scenario, fact, .. } => {
                write!(f, "scenario \"{scenario}\" gives fact `{fact}` twice")
            }
            Kind::ExpectsNothing { scenario } => {
                write!(f, "scenario \"{scenario}\" expects nothing")
            }
            Kind::ExpectNotEnd { expect } => {
                write!(f, "`expect` names `{expect}`, which is not an `End`")
            }
            Kind::ExpectNoEnd { expect, .. } => write!(f, "`expect` names no end \"{expect}\""),
            Kind::NoTrees => f.write_str("no flow was found"),
            Kind::FactLoop { values, nodes } => {
                let values: Vec<String> = values
                    .iter()
                    .map(|(fact, value)| format!("{fact} is {value}"))
                    .collect();
                write!(
                    f,
                    "these questions go round forever when {}: {}",
                    values.join(" and "),
                    cycle(nodes)
                )
            }
            Kind::Unreachable { node, behind: 0 } => {
                write!(f, "node `{node}` cannot be reached from `start`")
            }
            Kind::Unreachable { node, behind } => {
                let nodes = if *behind == 1 { "node" } else { "nodes" };
                write!(
                    f,
                    "node `{node}` and the {} {nodes} after it cannot be reached from `start`",
                    thousands(*behind)
                )
            }
            Kind::SingleChoice { question } => {
                write!(f, "question `{question}` has only one choice")
            }
            Kind::NoSource { step } => write!(f, "step `{step}` cites no FAQ question"),
            Kind::NoScenarios { flow } => write!(f, "flow `{flow}` has no scenarios"),
            Kind::TypedWithValues { fact } => {
                write!(f, "fact `{fact}` has both `values` and `accepts`")
            }
            Kind::WrongFactKind { fact, typed: true } => {
                write!(f, "`Ask` records fact `{fact}`, which is typed")
            }
            Kind::WrongFactKind { fact, typed: false } => {
                write!(
                    f,
                    "`Input` asks for fact `{fact}`, which has values to choose from"
                )
            }
            Kind::BadExample { fact, reason } => {
                write!(f, "the example of fact `{fact}` does not fit: {reason}")
            }
            Kind::DuplicateDocument { name, .. } => write!(f, "a second `{name}(...)` document"),
        }
    }
}

/// The help for a name that names nothing: the id it was probably meant to be, if one is
/// close enough to be a typo, else `otherwise`.
fn did_you_mean(closest: &Option<String>, otherwise: impl FnOnce() -> String) -> String {
    match closest {
        Some(close) => format!("did you mean \"{close}\"?"),
        None => otherwise(),
    }
}

/// A closed cycle as just prints one: `a -> b -> a`.
fn cycle(names: &[String]) -> String {
    names.join(" -> ")
}

impl Kind {
    /// The short note under the caret.
    pub fn label(&self) -> Option<String> {
        Some(match self {
            Kind::DuplicateFlow { .. } | Kind::DuplicateNode { .. } => "second definition".into(),
            Kind::MissingStart { node, flow, .. } | Kind::UnknownNode { node, flow, .. } => {
                format!("no node `{node}` in flow `{flow}`")
            }
            Kind::CallCycle { .. } => "this call starts the cycle".into(),
            Kind::ControlCharacter { .. } => {
                "terminal control characters can rewrite the user's screen".into()
            }
            Kind::MissingFactValue { .. } => {
                "when the fact is known to be this value, the walk has nowhere to go".into()
            }
            Kind::TrapCycle { .. } => "a walk that gets here never ends".into(),
            Kind::DuplicateScenarioFact { first, .. } => format!("already given as \"{first}\""),
            Kind::FactLoop { .. } => {
                "once the facts are known, each question is skipped to the next".into()
            }
            _ => return None,
        })
    }

    /// How to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Kind::Syntax { .. } => "see trees/README.md for the format".into(),
            Kind::NotUtf8 => "save the file as UTF-8".into(),
            Kind::UnknownVariant { expected, .. } => format!("use one of: {}", expected.join(", ")),
            Kind::UnknownStruct { expected, .. } if ["Flow", "Facts"].contains(expected) => {
                "a tree file is `Flow(...)` or `Facts(...)`".into()
            }
            Kind::UnknownStruct { expected, .. } => {
                format!("write `{expected}(...)`, or leave the name out: `(...)`")
            }
            Kind::UnknownField { expected, .. } => {
                format!("the fields here are: {}", expected.join(", "))
            }
            Kind::MissingField { field, .. } => format!("add `{field}: ...`"),
            Kind::DuplicateField { .. } => "give each field once".into(),
            Kind::WrongType { .. } => {
                "this field holds another kind of value; see trees/README.md for the format".into()
            }
            Kind::DuplicateFlow { first_path, first, .. } => format!(
                "the first is at {first_path}:{}:{}; rename one of them",
                first.line + 1,
                first.column + 1
            ),
            Kind::DuplicateNode { .. } => {
                "rename one of them; a RON map keeps only one value per key".into()
            }
            Kind::MissingStart { node, closest, .. } | Kind::UnknownNode { node, closest, .. } => {
                did_you_mean(closest, || {
                    format!("add a node \"{node}\" to `nodes`, or name an existing one")
                })
            }
            Kind::UnknownFlow { closest, .. } => {
                did_you_mean(closest, || "name the `id` of an existing flow".into())
            }
            Kind::CallCycle { .. } => "a subflow must not call back into a flow that is running it; move the shared steps into a flow both can call".into(),
            Kind::NoChoices { .. } => {
                "add `choices: [(id: \"...\", label: \"...\", next: \"...\")]`".into()
            }
            Kind::NoFactValues { .. } => "add `values: {\"<id>\": \"<label>\"}`, one for each answer its questions offer".into(),
            Kind::DuplicateChoice { .. } => "give each choice its own id".into(),
            Kind::EmptyText { what } => {
                format!("write {what}, or remove the field if it is optional")
            }
            Kind::ControlCharacter { .. } => {
                "remove it; colours and layout are the front end's job".into()
            }
            Kind::UnknownFact { closest, declared, .. } => did_you_mean(closest, || {
                if declared.is_empty() {
                    "declare it in facts.ron".into()
                } else {
                    format!("declare it in facts.ron, or use one of: {}", declared.join(", "))
                }
            }),
            Kind::UnknownFactValue { fact, closest, allowed, .. } => {
                did_you_mean(closest, || format!("`{fact}` allows: {}", allowed.join(", ")))
            }
            Kind::MissingFactValue { value, .. } => {
                format!("add `(id: \"{value}\", label: \"...\", next: \"...\")` to the choices")
            }
            Kind::TrapCycle { .. } => "give one of these nodes a way out to an `End` node".into(),
            Kind::DuplicateFact { .. } => "declare each fact once".into(),
            Kind::DuplicateScenarioFact { .. } => "give each fact once".into(),
            Kind::DuplicateFactValue { .. } => "give each value once".into(),
            Kind::ExpectsNothing { .. } => {
                "add `expect: \"<end node>\"` or `outcome: Resolved` (or both)".into()
            }
            Kind::ExpectNotEnd { .. } => "a walk can only finish at an `End` node".into(),
            Kind::ExpectNoEnd { closest, ends, .. } => did_you_mean(closest, || {
                if ends.is_empty() {
                    "name an end node, or `flow/node` for an end inside a subflow".into()
                } else {
                    format!("the ends are: {}", ends.join(", "))
                }
            }),
            Kind::NoTrees => {
                "a flow is a `.ron` file holding `Flow(...)`; see trees/README.md".into()
            }
            Kind::FactLoop { .. } => "a question for a known fact is skipped with the known answer: point one of these choices at a step, an end, or a question the walk has to ask".into(),
            Kind::Unreachable { .. } => {
                "point a `next`, `then`, `fixed` or `not_fixed` at it, or remove it".into()
            }
            Kind::SingleChoice { .. } => "add another choice, or make it a `Step`".into(),
            Kind::NoSource { .. } => {
                "add `source: \"<the FAQ question, word for word>\"`".into()
            }
            Kind::NoScenarios { .. } => "add `scenarios: [(name: \"...\", answers: [...], expect: \"<end node>\")]` so `watchfix test` can check it".into(),
            Kind::TypedWithValues { .. } => "a fact is either chosen from `values` (asked by `Ask`) or typed (`accepts`, asked by `Input`); remove one".into(),
            Kind::WrongFactKind { typed: true, .. } => "ask a typed fact with `Input(fact: ..., text: ..., next: ...)`".into(),
            Kind::WrongFactKind { typed: false, .. } => "ask a fact with values with `Ask(fact: ..., choices: [...])`".into(),
            Kind::BadExample { .. } => "give an example the fact accepts, and `vague` values from its `values`".into(),
            Kind::DuplicateDocument { first_path, .. } => format!("the first is in {first_path}; keep one"),
            Kind::Unlocatable | Kind::InvalidValue { .. } => return None,
        })
    }
}

/// `49999` as `49,999`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
