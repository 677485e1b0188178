//! A whole flow as Markdown, served as an MCP resource so an agent can read the flow
//! before it starts walking it: every node in the author's order, with its kind, its text,
//! where each answer leads, which fact a question records, which subflow a call runs, and
//! how each end turns out.

use std::fmt::Write;

use crate::graph::{Flow, FlowId, Graph, NodeKind};

/// The URI template every outline URI fits: `watchfix://flows/{flow}`.
pub fn template() -> String {
    format!("{PREFIX}{{flow}}")
}

/// The resource URI of a flow's outline.
pub fn uri(flow: &Flow) -> String {
    format!("{PREFIX}{}", flow.id)
}

/// What every outline URI starts with.
pub const PREFIX: &str = "watchfix://flows/";

/// The flow as Markdown.
pub fn markdown(graph: &Graph, id: FlowId) -> String {
    let flow = graph.flow(id);
    let mut out = String::new();
    // `write!` to a String cannot fail.
    let _ = writeln!(out, "# {} (`{}`)\n", flow.title, flow.id);
    let _ = writeln!(out, "- Category: {}", flow.category);
    if !flow.symptoms.is_empty() {
        let _ = writeln!(out, "- Symptoms: {}", flow.symptoms.join("; "));
    }
    let _ = writeln!(out, "- Starts at: `{}`", flow.node(flow.start).id);
    let facts = graph.facts_asked(id);
    if !facts.is_empty() {
        let _ = writeln!(
            out,
            "- Facts it may ask (give them to start_walk to skip the questions):"
        );
        for fact in facts {
            let _ = writeln!(
                out,
                "  - `{}` ({}): {}",
                fact.id,
                fact.name,
                fact.value_ids()
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let callees = graph.callees(id);
    if !callees.is_empty() {
        let _ = writeln!(
            out,
            "- Runs other flows: {}",
            callees
                .iter()
                .map(|c| format!("`{}`", graph.flow(*c).id))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out.push_str(
        "\nA step is answered `fixed` or `not-fixed`. A subflow's `resolved` or `info` end \
         returns to the node after its call; an `escalate` end ends the whole walk.\n",
    );
    for node in &flow.nodes {
        out.push('\n');
        match &node.kind {
            NodeKind::Ask { text, fact, .. } => {
                let _ = writeln!(out, "## `{}` — question", node.id);
                if let Some(fact) = fact {
                    let _ = writeln!(
                        out,
                        "\nRecords the fact `{fact}`; skipped when it is already known."
                    );
                }
                let _ = writeln!(out, "\n{text}\n");
            }
            NodeKind::Step { text, source, .. } => {
                let _ = writeln!(out, "## `{}` — step\n\n{text}\n", node.id);
                if let Some(source) = source {
                    let _ = writeln!(out, "Source: {source}\n");
                }
            }
            NodeKind::Call { flow: callee, then } => {
                let callee = graph.flow(*callee);
                let _ = writeln!(
                    out,
                    "## `{}` — runs the flow `{}` ({}, outline at {}), then continues at `{}`",
                    node.id,
                    callee.id,
                    callee.title,
                    uri(callee),
                    flow.node(*then).id
                );
            }
            NodeKind::Input { text, fact, .. } => {
                let accepts = graph
                    .fact(fact)
                    .and_then(|f| f.accepts)
                    .map_or_else(String::new, |a| format!(" ({})", a.describe()));
                let _ = writeln!(
                    out,
                    "## `{}` — typed detail\n\nRecords the fact `{fact}`{accepts}; skipped when \
                     it is already known. The answer is the value typed.\n\n{text}\n",
                    node.id
                );
            }
            NodeKind::Tell { text, source, .. } => {
                let _ = writeln!(out, "## `{}` — information\n\n{text}\n", node.id);
                if let Some(source) = source {
                    let _ = writeln!(out, "Source: {source}\n");
                }
            }
            NodeKind::End {
                outcome, text, ask, ..
            } => {
                let _ = writeln!(out, "## `{}` — end: {outcome}\n\n{text}", node.id);
                if let Some(ask) = ask {
                    let _ = writeln!(out, "\nThe letter to support asks: {ask}");
                }
            }
        }
        for choice in node.choices() {
            let _ = writeln!(
                out,
                "- `{}` \"{}\" → `{}`",
                choice.id,
                choice.label,
                flow.node(choice.next).id
            );
        }
    }
    out
}
