//! Texts: every string a user may see or an author must type is non-empty and holds no
//! terminal control characters.
//!
//! An empty label shows as a blank choice, and a control character in a tree can rewrite
//! the user's screen: trees are data, and the front ends print them as they are. Ids are
//! checked too, since an empty id cannot be written in a reference.

use crate::check::State;
use crate::diagnostic::{Diagnostic, Kind};
use crate::raw::{Located, RawFlow, RawNode};

pub(super) fn check(state: &mut State) {
    let mut found = Vec::new();
    let mut text = |text: &Located<String>, what| found.extend(problems(text, what));
    let mut declared: Vec<&str> = Vec::new();
    for declaration in &state.declarations {
        for (id, fact) in &declaration.facts.0 {
            text(id, "a fact id");
            text(&fact.name, "the fact's name");
            text(&fact.question, "the fact's question");
            // A fact declared twice is reported as such; its second list of values is not
            // read at all.
            if declared.contains(&id.value.as_str()) {
                continue;
            }
            declared.push(&id.value);
            for (value, label) in &fact.values.0 {
                text(value, "a fact value");
                text(label, "the value's label");
            }
        }
    }
    for flow in &state.flows {
        flow_texts(flow, &mut text);
    }
    state.diagnostics.extend(found);
}

fn flow_texts(flow: &RawFlow, text: &mut impl FnMut(&Located<String>, &'static str)) {
    text(&flow.id, "the flow id");
    text(&flow.title, "the title");
    text(&flow.category, "the category");
    for symptom in &flow.symptoms {
        text(symptom, "a symptom");
    }
    for (key, node) in &flow.nodes.0 {
        text(key, "a node id");
        match node {
            RawNode::Ask {
                text: asked,
                choices,
                ..
            } => {
                text(asked, "the question's text");
                for choice in choices {
                    text(&choice.id, "a choice id");
                    text(&choice.label, "a choice label");
                }
            }
            RawNode::Step {
                text: step,
                source,
                fixed_label,
                not_fixed_label,
                ..
            } => {
                text(step, "the step's text");
                if let Some(source) = source {
                    text(source, "the source");
                }
                for label in [fixed_label, not_fixed_label].into_iter().flatten() {
                    text(label, "an answer label");
                }
            }
            RawNode::Call { .. } => {}
            RawNode::End { text: end, .. } => text(end, "the end's text"),
        }
    }
    for scenario in &flow.scenarios {
        text(&scenario.name, "the scenario's name");
    }
}

/// What is wrong with one text, if anything: `what` names it in the message.
fn problems(text: &Located<String>, what: &'static str) -> impl Iterator<Item = Diagnostic> {
    let empty = text
        .value
        .trim()
        .is_empty()
        .then_some(Kind::EmptyText { what });
    // A line break is layout the front ends handle; every other control character is not.
    let control = (text.value.chars())
        .find(|c| c.is_control() && *c != '\n')
        .map(|character| Kind::ControlCharacter { what, character });
    let span = text.span;
    empty
        .into_iter()
        .chain(control)
        .map(move |kind| Diagnostic::new(kind, span))
}
