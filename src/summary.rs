//! The summary shown at the end of a walk, saved as a report, and (after an `escalate`
//! end) written as a message ready to send to customer support.

use crate::graph::Outcome;
use crate::graph::{Graph, NodeKind};
use crate::letter::Letter;
use crate::walk::Walk;

/// One answered node: what was asked or suggested, and what the user said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tried {
    pub flow: String,
    pub text: String,
    pub answer: String,
    pub is_step: bool,
    /// The note given with the answer.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub title: String,
    pub flow: String,
    /// (fact id, its name, the value's label) for every known fact.
    pub facts: Vec<(String, String, String)>,
    pub tried: Vec<Tried>,
    pub outcome: Option<Outcome>,
    pub end: Option<String>,
    pub version: &'static str,
    /// The fingerprint of the trees walked.
    pub revision: String,
    /// After an escalate end: the letter to customer support.
    pub letter: Option<Letter>,
}

impl Summary {
    pub fn of(walk: &Walk) -> Summary {
        let graph: &Graph = walk.graph();
        let root = graph.flow(walk.root());
        let facts = walk
            .facts()
            .iter()
            .map(|(fact, value)| match graph.fact(fact) {
                Some(declared) => {
                    let label = declared
                        .values
                        .iter()
                        .find(|(id, _)| id == value)
                        .map_or(value.clone(), |(_, label)| label.clone());
                    (fact.clone(), declared.name.clone(), label)
                }
                None => (fact.clone(), fact.clone(), value.clone()),
            })
            .collect();
        let tried = walk
            .trail()
            .iter()
            .filter_map(|entry| {
                let flow = graph.flow(graph.flow_by_id(&entry.flow)?);
                let node = flow.node(flow.node_by_id(&entry.node)?);
                let label = node
                    .choices()
                    .iter()
                    .find(|c| c.id == entry.answer)
                    .map_or(entry.answer.clone(), |c| c.label.clone());
                Some(Tried {
                    flow: flow.title.clone(),
                    text: node.text().to_string(),
                    answer: label,
                    is_step: matches!(node.kind, NodeKind::Step { .. }),
                    note: entry.note.clone(),
                })
            })
            .collect();
        let view = walk.current();
        Summary {
            title: root.title.clone(),
            flow: root.id.clone(),
            facts,
            tried,
            outcome: walk.outcome(),
            end: walk.is_finished().then_some(view.text),
            version: env!("CARGO_PKG_VERSION"),
            revision: graph.revision().to_string(),
            letter: (walk.outcome() == Some(Outcome::Escalate)).then(|| Letter::of(walk)),
        }
    }

    /// `watchfix 0.1.0, trees 0123456789abcdef`: exactly what was walked.
    pub fn signature(&self) -> String {
        format!("watchfix {}, trees {}", self.version, self.revision)
    }

    fn outcome_line(&self) -> &'static str {
        match self.outcome {
            Some(Outcome::Resolved) => "Fixed",
            Some(Outcome::Info) => "Answered",
            Some(Outcome::Escalate) => "Not fixed: contact KOSPET Customer Service",
            None => "Stopped before the end",
        }
    }

    /// Plain text for a terminal.
    pub fn text(&self) -> String {
        let mut out = format!("Problem: {} ({})\n", self.title, self.flow);
        if !self.facts.is_empty() {
            out.push_str("Known:\n");
            for (_, name, value) in &self.facts {
                out.push_str(&format!("  {name}: {value}\n"));
            }
        }
        if !self.tried.is_empty() {
            out.push_str("Steps:\n");
            for (index, tried) in self.tried.iter().enumerate() {
                out.push_str(&format!(
                    "  {}. {}\n     → {}\n",
                    index + 1,
                    tried.text,
                    tried.answer
                ));
                if let Some(note) = &tried.note {
                    out.push_str(&format!("     Note: {note}\n"));
                }
            }
        }
        out.push_str(&format!("Outcome: {}\n", self.outcome_line()));
        out
    }

    /// A Markdown report; after an `escalate` end, a message ready to send to support.
    pub fn markdown(&self) -> String {
        if self.outcome == Some(Outcome::Escalate) {
            return self.support_message();
        }
        let mut out = format!("# watchfix report: {}\n\n", self.title);
        out.push_str(&format!(
            "- Flow: `{}`\n- Outcome: {}\n",
            self.flow,
            self.outcome_line()
        ));
        for (_, name, value) in &self.facts {
            out.push_str(&format!("- {name}: {value}\n"));
        }
        out.push_str("\n## Steps\n\n");
        self.push_steps(&mut out, false);
        if let Some(end) = &self.end {
            out.push_str(&format!("\n## Result\n\n{end}\n"));
        }
        out.push_str(&format!("\n_{}_\n", self.signature()));
        out
    }

    fn push_steps(&self, out: &mut String, only_steps: bool) {
        let tried: Vec<&Tried> = self
            .tried
            .iter()
            .filter(|t| t.is_step || !only_steps)
            .collect();
        if tried.is_empty() {
            out.push_str("(none)\n");
        }
        for (index, tried) in tried.iter().enumerate() {
            out.push_str(&format!(
                "{}. {} — **{}**\n",
                index + 1,
                tried.text,
                tried.answer
            ));
            if let Some(note) = &tried.note {
                out.push_str(&format!("   Note: {note}\n"));
            }
        }
    }

    /// The letter to customer support, after an escalate end; for other walks the
    /// summary itself.
    pub fn support_message(&self) -> String {
        match &self.letter {
            Some(letter) => letter.text(),
            None => self.text(),
        }
    }
}
