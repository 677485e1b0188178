//! The letter to customer support, built from the walk alone, in the owner's voice.
//!
//! Nothing of the end node's advice to the owner is pasted in. The parts come from what
//! the walk recorded: the problem is the last answer that `says` what is wrong; the details
//! are the facts and typed details known, with the fact's `missing` placeholder where one
//! is unknown or `vague` ("Another model"); the steps tried are the steps on this path,
//! each as its `done` with the answer given; the notes are the owner's; the request is
//! the escalate end's `ask`. The words around them come from the trees' `Letter(...)`.

use serde::Serialize;

use crate::graph::{Graph, NodeKind, Outcome};
use crate::walk::Walk;

/// The letter's parts, so that an agent can file them in any helpdesk, and [`Letter::text`]
/// to paste into an email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Letter {
    /// The support address, when the trees give one.
    pub to: Option<String>,
    pub subject: String,
    /// The problem in the owner's words.
    pub problem: String,
    pub details: Vec<Detail>,
    pub tried: Vec<TriedStep>,
    /// Notes the owner gave with answers that were not steps.
    pub notes: Vec<String>,
    /// What the letter asks support for.
    pub ask: String,
    /// The return and warranty terms, when they may apply.
    pub terms: Option<String>,
    #[serde(skip)]
    words: crate::graph::Letter,
}

/// A fact or typed detail: known, or a placeholder asking the owner to add it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detail {
    pub fact: String,
    pub name: String,
    /// The value's label; `None` while unknown.
    pub value: Option<String>,
    /// What the letter says while it is unknown.
    pub missing: Option<String>,
}

/// A step on the walk's path: what was done, and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriedStep {
    pub done: String,
    pub result: String,
    pub note: Option<String>,
}

impl Letter {
    pub fn of(walk: &Walk) -> Letter {
        let graph = walk.graph();
        let words = graph.letter().clone();
        let problem = problem(walk);
        let subject = words.subject.replace("{problem}", &problem);
        let (tried, notes) = tried(walk);
        let (ask, terms) = match end(walk) {
            Some((ask, terms)) => (
                ask.unwrap_or_else(|| words.asking.clone()),
                terms.then(|| words.terms.clone()).flatten(),
            ),
            None => (words.asking.clone(), None),
        };
        Letter {
            to: words.to.clone(),
            subject,
            problem,
            details: details(walk, graph),
            tried,
            notes,
            ask,
            terms,
            words,
        }
    }

    /// The letter as plain text, ready to paste into an email.
    pub fn text(&self) -> String {
        let w = &self.words;
        let mut out = String::new();
        if let Some(to) = &self.to {
            out.push_str(&format!("To: {to}\n"));
        }
        out.push_str(&format!("Subject: {}\n\n{}\n\n", self.subject, w.greeting));
        out.push_str(&format!(
            "{} {}\n",
            w.opening,
            sentence(&lower_first(&self.problem))
        ));
        if !self.details.is_empty() {
            out.push_str(&format!("\n{}\n", w.details));
            for detail in &self.details {
                let value = detail
                    .value
                    .clone()
                    .or_else(|| detail.missing.clone())
                    .unwrap_or_default();
                out.push_str(&format!("- {}: {value}\n", detail.name));
            }
        }
        out.push_str(&format!("\n{}\n", w.tried));
        if self.tried.is_empty() {
            out.push_str(&format!("{}\n", w.nothing_tried));
        }
        for (index, step) in self.tried.iter().enumerate() {
            out.push_str(&format!(
                "{}. {}: {}\n",
                index + 1,
                step.done.trim_end_matches('.'),
                sentence(&lower_first(&step.result))
            ));
            if let Some(note) = &step.note {
                out.push_str(&format!("   ({note})\n"));
            }
        }
        if !self.notes.is_empty() {
            out.push_str(&format!("\n{}\n", w.notes));
            for note in &self.notes {
                out.push_str(&format!("- {note}\n"));
            }
        }
        out.push_str(&format!("\n{}\n", self.ask));
        if let Some(terms) = &self.terms {
            out.push_str(&format!("\n{terms}\n"));
        }
        out.push_str(&format!("\n{}\n", w.sign_off));
        out
    }
}

/// The last answer on the path that says what the problem is, in a flow that has not
/// handed back (a subflow that returned said what *its* problem was, not the caller's);
/// else the first question's answer; else the flow's title.
fn problem(walk: &Walk) -> String {
    let graph = walk.graph();
    let visits = walk.visits();
    // What each running flow's answers said, innermost last.
    let mut frames: Vec<Option<String>> = vec![None];
    let mut first = None;
    for (index, visit) in visits.iter().enumerate() {
        let node = graph.flow(visit.flow).node(visit.node);
        match (&node.kind, visit.choice) {
            (NodeKind::Call { .. }, _) => frames.push(None),
            // A subflow's end that is not where the walk stands handed back to its caller.
            (NodeKind::End { .. }, None) if index + 1 < visits.len() && frames.len() > 1 => {
                frames.pop();
            }
            (_, Some(choice)) => {
                let Some(choice) = node.choices().get(choice) else {
                    continue;
                };
                if let (Some(text), Some(frame)) = (&choice.says, frames.last_mut()) {
                    *frame = Some(text.clone());
                }
                if first.is_none() && matches!(node.kind, NodeKind::Ask { fact: None, .. }) {
                    first = Some(choice.label.clone());
                }
            }
            _ => {}
        }
    }
    let says = frames.into_iter().rev().flatten().next();
    says.or(first)
        .unwrap_or_else(|| graph.flow(walk.root()).title.clone())
}

/// Every declared fact the walk knows, and every one with a placeholder it does not.
fn details(walk: &Walk, graph: &Graph) -> Vec<Detail> {
    graph
        .facts()
        .iter()
        .filter_map(|fact| {
            let known = walk
                .facts()
                .get(&fact.id)
                .filter(|value| !fact.vague.contains(value))
                .map(|value| fact.label(value).to_string());
            (known.is_some() || fact.missing.is_some()).then(|| Detail {
                fact: fact.id.clone(),
                name: fact.name.clone(),
                value: known,
                missing: fact.missing.clone(),
            })
        })
        .collect()
}

/// The steps on the path with their answers, and the notes given elsewhere.
fn tried(walk: &Walk) -> (Vec<TriedStep>, Vec<String>) {
    let graph = walk.graph();
    let mut steps = Vec::new();
    let mut notes = Vec::new();
    for entry in walk.trail() {
        let found = graph.flow_by_id(&entry.flow).and_then(|id| {
            let flow = graph.flow(id);
            flow.node_by_id(&entry.node).map(|n| flow.node(n))
        });
        let Some(node) = found else { continue };
        match &node.kind {
            NodeKind::Step { text, done, .. } => {
                let result = node
                    .choices()
                    .iter()
                    .find(|c| c.id == entry.answer)
                    .map_or(entry.answer.clone(), |c| c.label.clone());
                steps.push(TriedStep {
                    done: done.clone().unwrap_or_else(|| text.clone()),
                    result,
                    note: entry.note.clone(),
                });
            }
            _ => notes.extend(entry.note.clone()),
        }
    }
    (steps, notes)
}

/// The escalate end's request and whether the return terms apply, once the walk has ended.
fn end(walk: &Walk) -> Option<(Option<String>, bool)> {
    if walk.outcome() != Some(Outcome::Escalate) {
        return None;
    }
    walk.visits().last().and_then(|visit| {
        match &walk.graph().flow(visit.flow).node(visit.node).kind {
            NodeKind::End { ask, terms, .. } => Some((ask.clone(), *terms)),
            _ => None,
        }
    })
}

/// Ends with a full stop unless it ends with other punctuation.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?', ':']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// "Still won't pair" → "still won't pair", but "iPhone" and "TANK" stay as they are.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_case() {
        assert_eq!(sentence("It won't pair"), "It won't pair.");
        assert_eq!(sentence("Done?"), "Done?");
        assert_eq!(lower_first("Still won't pair"), "still won't pair");
        assert_eq!(lower_first("TANK M3 still off"), "TANK M3 still off");
        assert_eq!(lower_first("iPhone"), "iPhone");
    }
}
