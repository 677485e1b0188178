//! Texts: every string a user may see or an author must type is non-empty and holds no
//! character that can deceive a reader: terminal controls, bidi controls, zero-width
//! characters, line separators, and in one-line fields (ids, labels, titles) line breaks.
//!
//! An empty label shows as a blank choice, and a control character in a tree can rewrite
//! the user's screen: trees are data, and the front ends print them as they are. Ids are
//! checked too, since an empty id cannot be written in a reference.

use crate::check::State;
use crate::diagnostic::{Diagnostic, Kind};
use crate::raw::{Located, RawFlow, RawNode, Text};
use crate::source::Sources;

pub(super) fn check(state: &mut State) {
    let src = &state.sources;
    let mut found = Vec::new();
    let mut text = |text: &Located<Text>, what| found.extend(problems(src, text, what));
    let mut declared: Vec<&str> = Vec::new();
    for declaration in &state.declarations {
        for (id, fact) in &declaration.facts.0 {
            text(id, "a fact id");
            text(&fact.name, "the fact's name");
            text(&fact.question, "the fact's question");
            // A fact declared twice is reported as such; its second list of values is not
            // read at all.
            if declared.contains(&id.read(src)) {
                continue;
            }
            declared.push(id.read(src));
            for (value, label) in &fact.values.0 {
                text(value, "a fact value");
                text(label, "the value's label");
            }
        }
    }
    for declaration in &state.declarations {
        for (_, fact) in &declaration.facts.0 {
            for optional in [&fact.example, &fact.missing].into_iter().flatten() {
                text(optional, "a fact's example or placeholder");
            }
        }
    }
    for vocabulary in &state.vocabularies {
        for (word, means) in &vocabulary.synonyms.0 {
            text(word, "a word of the vocabulary");
            for meaning in means {
                text(meaning, "a word of the vocabulary");
            }
        }
    }
    for letter in &state.letters {
        for words in [
            &letter.subject,
            &letter.greeting,
            &letter.opening,
            &letter.details,
            &letter.tried,
            &letter.notes,
            &letter.nothing_tried,
            &letter.asking,
            &letter.sign_off,
        ]
        .into_iter()
        .chain(&letter.to)
        .chain(&letter.terms)
        {
            text(words, "the letter's words");
        }
    }
    for flow in &state.flows {
        flow_texts(flow, &mut text);
    }
    state.diagnostics.extend(found);
}

fn flow_texts(flow: &RawFlow, text: &mut impl FnMut(&Located<Text>, &'static str)) {
    text(&flow.id, "the flow id");
    // References are printed in diagnostics and scenario reports as written, whether or
    // not they name anything.
    for reference in references(flow) {
        text(reference, "a reference");
    }
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
                    if let Some(says) = &choice.says {
                        text(says, "what the answer says");
                    }
                }
            }
            RawNode::Step {
                text: step,
                source,
                fixed_label,
                not_fixed_label,
                done,
                ..
            } => {
                text(step, "the step's text");
                if let Some(done) = done {
                    text(done, "what was done");
                }
                if let Some(source) = source {
                    text(source, "the source");
                }
                for label in [fixed_label, not_fixed_label].into_iter().flatten() {
                    text(label, "an answer label");
                }
            }
            RawNode::Input {
                text: asked, skip, ..
            } => {
                text(asked, "the question's text");
                if let Some(skip) = skip {
                    text(skip, "an answer label");
                }
            }
            RawNode::Tell {
                text: told, source, ..
            } => {
                text(told, "the text");
                if let Some(source) = source {
                    text(source, "the source");
                }
            }
            RawNode::Call { .. } => {}
            RawNode::End { text: end, ask, .. } => {
                text(end, "the end's text");
                if let Some(ask) = ask {
                    text(ask, "what the letter asks for");
                }
            }
        }
    }
    for scenario in &flow.scenarios {
        text(&scenario.name, "the scenario's name");
        for (fact, value) in &scenario.facts.0 {
            text(fact, "a reference");
            text(value, "a reference");
        }
        for answer in scenario.answers.iter().chain(&scenario.expect) {
            text(answer, "a reference");
        }
    }
}

/// Every id a flow writes that names something else: nodes, flows, facts.
fn references(flow: &RawFlow) -> impl Iterator<Item = &Located<Text>> {
    let nodes = flow.nodes.0.iter().flat_map(|(_, node)| {
        let refs: Vec<&Located<Text>> = match node {
            RawNode::Ask { fact, choices, .. } => {
                fact.iter().chain(choices.iter().map(|c| &c.next)).collect()
            }
            RawNode::Step {
                fixed, not_fixed, ..
            } => vec![fixed, not_fixed],
            RawNode::Input { fact, next, .. } => vec![fact, next],
            RawNode::Tell { next, .. } => vec![next],
            RawNode::Call { flow, then } => vec![flow, then],
            RawNode::End { .. } => Vec::new(),
        };
        refs
    });
    std::iter::once(&flow.start).chain(nodes)
}

/// The fields that are one line: ids, names, labels, titles.
const ONE_LINE: &[&str] = &[
    "a fact id",
    "the fact's name",
    "a fact value",
    "the value's label",
    "the flow id",
    "the title",
    "the category",
    "a symptom",
    "a node id",
    "a choice id",
    "a choice label",
    "an answer label",
    "the source",
    "the scenario's name",
    "a word of the vocabulary",
    "a fact's example or placeholder",
    "a reference",
];

/// What is wrong with one text, if anything: `what` names it in the message.
fn problems(
    src: &Sources,
    text: &Located<Text>,
    what: &'static str,
) -> impl Iterator<Item = Diagnostic> + use<> {
    let empty = text
        .read(src)
        .trim()
        .is_empty()
        .then_some(Kind::EmptyText { what });
    // A line break is layout the front ends handle in a text; in a one-line field (an id,
    // a label, a name) it could draw a line that looks like a choice. No other character
    // that moves the cursor or reorders what is shown belongs in a tree.
    // Most texts are plain ASCII: only a control byte or a non-ASCII character can deceive.
    let suspect = text.read(src).bytes().any(|b| !(0x20..0x7F).contains(&b));
    let control = suspect
        .then(|| {
            (text.read(src).chars())
                .find(|c| crate::text::is_deceptive(*c) && (*c != '\n' || ONE_LINE.contains(&what)))
        })
        .flatten()
        .map(|character| Kind::ControlCharacter { what, character });
    let span = text.span;
    empty
        .into_iter()
        .chain(control)
        .map(move |kind| Diagnostic::new(kind, span))
}
