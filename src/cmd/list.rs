//! `watchfix list`: the flows, as a table or as JSON for agents.

use serde::Serialize;

use crate::cli::{Global, ListArgs};
use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::{output, trees};
use watchfix::graph::Graph;
use watchfix::walk::{Facts, View, Walk};

#[derive(Debug, Serialize)]
pub struct FlowEntry {
    pub id: String,
    pub title: String,
    pub category: String,
    pub symptoms: Vec<String>,
    /// Facts a walk of this flow may ask for, subflows included.
    pub facts: Vec<FactEntry>,
    /// Flows it may call.
    pub calls: Vec<String>,
    /// The FAQ questions its steps cite.
    pub sources: Vec<String>,
    /// The node a walk with no known facts starts at.
    pub start: View,
}

#[derive(Debug, Serialize)]
pub struct FactEntry {
    pub id: String,
    pub name: String,
    pub question: String,
    pub values: Vec<ValueEntry>,
}

#[derive(Debug, Serialize)]
pub struct ValueEntry {
    pub id: String,
    pub label: String,
}

/// Every flow, by category then id.
pub fn entries(graph: &Graph) -> Vec<FlowEntry> {
    graph
        .flows_by_category()
        .into_iter()
        .map(|(id, flow)| FlowEntry {
            id: flow.id.clone(),
            title: flow.title.clone(),
            category: flow.category.clone(),
            symptoms: flow.symptoms.clone(),
            facts: graph
                .facts_asked(id)
                .into_iter()
                .map(|fact| FactEntry {
                    id: fact.id.clone(),
                    name: fact.name.clone(),
                    question: fact.question.clone(),
                    values: fact
                        .values
                        .iter()
                        .map(|(id, label)| ValueEntry {
                            id: id.clone(),
                            label: label.clone(),
                        })
                        .collect(),
                })
                .collect(),
            calls: graph
                .callees(id)
                .into_iter()
                .map(|c| graph.flow(c).id.clone())
                .collect(),
            sources: flow.sources().into_iter().map(String::from).collect(),
            start: Walk::new(graph, id, Facts::new())
                .expect("no facts, nothing to refuse")
                .current(),
        })
        .collect()
}

pub fn execute(global: &Global, args: ListArgs) -> Result<ExitCode> {
    let graph = trees::graph(global)?;
    let entries = entries(&graph);
    if args.json {
        output::print_json(&entries);
        return Ok(ExitCode::Success);
    }
    let id_width = entries.iter().map(|e| e.id.len()).max().unwrap_or(2).max(2);
    let mut out = String::new();
    let mut category = None;
    for entry in &entries {
        if category != Some(&entry.category) {
            if category.is_some() {
                out.push('\n');
            }
            out.push_str(&format!("{}\n", console::style(&entry.category).bold()));
            category = Some(&entry.category);
        }
        out.push_str(&format!(
            "  {:id_width$}  {}\n",
            console::style(&entry.id).cyan(),
            entry.title
        ));
    }
    out.push_str("\nStart one with `watchfix run <ID>`.\n");
    output::print(&out);
    Ok(ExitCode::Success)
}
