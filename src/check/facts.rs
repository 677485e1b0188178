//! Facts: the declarations in `Facts(...)`, and the questions that record them.
//!
//! A fact is something the walk may already know (the user's phone, the watch's model);
//! a question that records it is skipped with the known answer. That only works if the
//! fact is declared once, has values, and its questions offer exactly those values as
//! choices: otherwise a known fact would leave the walk nowhere to go.

use crate::check::State;
use crate::diagnostic::{Kind, closest};
use crate::graph::{Accepts, Fact};
use crate::raw::{Located, RawAccepts, RawNode, Text};
use crate::source::{Sources, Span};

pub(super) fn check(state: &mut State) {
    declarations(state);
    let src = &state.sources;
    let mut found = Vec::new();
    for (_, node) in state.flows.iter().flat_map(|f| &f.nodes.0) {
        match node {
            RawNode::Ask {
                fact: Some(fact),
                choices,
                ..
            } => {
                let choices = choices.iter().map(|c| &c.id).collect();
                found.extend(question(src, &state.facts, fact, choices));
            }
            RawNode::Input { fact, .. } => {
                match state.facts.iter().find(|f| f.id == fact.read(src)) {
                    None => found.push((fact.span, unknown(fact.read(src), &state.facts))),
                    Some(declared) if declared.accepts.is_none() => {
                        let kind = Kind::WrongFactKind {
                            fact: fact.read(src).to_string(),
                            typed: false,
                        };
                        found.push((fact.span, kind));
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
    }
    state.report(found);
}

/// The first declaration of each fact, each value once.
fn declarations(state: &mut State) {
    let mut facts: Vec<Fact> = Vec::new();
    let mut found: Vec<(Span, Kind)> = Vec::new();
    let src = &state.sources;
    for (id, fact) in state.declarations.iter().flat_map(|d| &d.facts.0) {
        if facts.iter().any(|f| f.id == id.read(src)) {
            let fact = id.read(src).to_string();
            found.push((id.span, Kind::DuplicateFact { fact }));
            continue;
        }
        match (&fact.accepts, fact.values.0.is_empty()) {
            (None, true) => {
                let fact = id.read(src).to_string();
                found.push((id.span, Kind::NoFactValues { fact }));
            }
            (Some(accepts), false) => {
                let fact = id.read(src).to_string();
                found.push((accepts.span, Kind::TypedWithValues { fact }));
            }
            _ => {}
        }
        let accepts = fact.accepts.as_ref().map(|a| accepts_of(a.value));
        if let (Some(accepts), Some(example)) = (accepts, &fact.example)
            && let Err(reason) = accepts.check(example.read(src))
        {
            let fact = id.read(src).to_string();
            found.push((example.span, Kind::BadExample { fact, reason }));
        }
        for vague in &fact.vague {
            if !fact
                .values
                .0
                .iter()
                .any(|(v, _)| v.read(src) == vague.read(src))
            {
                let kind = Kind::BadExample {
                    fact: id.read(src).to_string(),
                    reason: format!(
                        "`vague` names `{}`, which is none of its values",
                        vague.read(src)
                    ),
                };
                found.push((vague.span, kind));
            }
        }
        let mut values: Vec<(String, String)> = Vec::new();
        for (value, label) in &fact.values.0 {
            if values.iter().any(|(v, _)| *v == value.read(src)) {
                let kind = Kind::DuplicateFactValue {
                    fact: id.read(src).to_string(),
                    value: value.read(src).to_string(),
                };
                found.push((value.span, kind));
                continue;
            }
            values.push((value.read(src).to_string(), label.read(src).to_string()));
        }
        facts.push(Fact {
            id: id.read(src).to_string(),
            name: fact.name.read(src).to_string(),
            question: fact.question.read(src).to_string(),
            values,
            accepts,
            example: fact.example.as_ref().map(|e| e.read(src).to_string()),
            vague: fact.vague.iter().map(|v| v.read(src).to_string()).collect(),
            missing: fact.missing.as_ref().map(|m| m.read(src).to_string()),
        });
    }
    state.report(found);
    state.facts = facts;
}

/// A question recording `fact` must offer exactly the fact's values as its choices.
fn question(
    src: &Sources,
    facts: &[Fact],
    fact: &Located<Text>,
    choices: Vec<&Located<Text>>,
) -> Vec<(Span, Kind)> {
    let Some(declared) = facts.iter().find(|f| f.id == fact.read(src)) else {
        return vec![(fact.span, unknown(fact.read(src), facts))];
    };
    let mut found = Vec::new();
    if declared.accepts.is_some() {
        let kind = Kind::WrongFactKind {
            fact: declared.id.clone(),
            typed: true,
        };
        return vec![(fact.span, kind)];
    }
    if declared.values.is_empty() {
        return found; // reported with the declaration
    }
    for choice in &choices {
        if !declared.allows(choice.read(src)) {
            found.push((choice.span, unknown_value(declared, choice.read(src))));
        }
    }
    for (value, _) in &declared.values {
        if !choices.iter().any(|c| c.read(src) == *value) {
            let kind = Kind::MissingFactValue {
                fact: declared.id.clone(),
                value: value.clone(),
            };
            found.push((fact.span, kind));
        }
    }
    found
}

fn accepts_of(raw: RawAccepts) -> Accepts {
    match raw {
        RawAccepts::Text { max } => Accepts::Text(max.min(crate::graph::MAX_TYPED)),
        RawAccepts::Version => Accepts::Version,
        RawAccepts::Date => Accepts::Date,
        RawAccepts::Number => Accepts::Number,
    }
}

/// `fact` is declared nowhere: a fact a question records, or a scenario gives.
pub(super) fn unknown(fact: &str, facts: &[Fact]) -> Kind {
    let declared: Vec<&str> = facts.iter().map(|f| f.id.as_str()).collect();
    Kind::UnknownFact {
        fact: fact.to_string(),
        closest: closest(fact, declared.iter().copied()).map(str::to_string),
        declared: declared.into_iter().map(str::to_string).collect(),
    }
}

/// `value` is none of the values `fact` allows. Only asked of a fact with values: one
/// without is reported with its declaration.
pub(super) fn unknown_value(fact: &Fact, value: &str) -> Kind {
    let allowed = fact.value_ids();
    Kind::UnknownFactValue {
        fact: fact.id.clone(),
        value: value.to_string(),
        closest: closest(value, allowed.iter().copied()).map(str::to_string),
        allowed: allowed.into_iter().map(str::to_string).collect(),
    }
}
