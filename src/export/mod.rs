//! A flow drawn as Graphviz DOT or a Mermaid flowchart, written by hand so node names are
//! the authors' ids (Mermaid reserves `end`, so every id is quoted or prefixed).

pub mod outline;

use crate::graph::{Flow, Graph, NodeKind};

/// A DOT (or YAML) double-quoted string; line breaks become `\n`.
fn quote(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

fn short(text: &str) -> String {
    let mut words = text.split_whitespace();
    let mut out = String::new();
    for word in words.by_ref() {
        if out.len() + word.len() > 48 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

pub fn dot(graph: &Graph, flow: &Flow) -> String {
    let mut out = format!(
        "digraph {} {{\n    rankdir=TB;\n    label={};\n    node [fontname=\"sans-serif\"];\n",
        quote(&flow.id),
        quote(&flow.title)
    );
    for node in &flow.nodes {
        let (shape, label) = match &node.kind {
            NodeKind::Ask { text, .. } => ("diamond", short(text)),
            NodeKind::Step { text, .. } => ("box", short(text)),
            NodeKind::Input { text, fact, .. } => {
                ("parallelogram", format!("{fact}? {}", short(text)))
            }
            NodeKind::Tell { text, .. } => ("note", short(text)),
            NodeKind::Call { flow: callee, .. } => {
                ("component", format!("run {}", graph.flow(*callee).id))
            }
            NodeKind::End { outcome, text, .. } => {
                ("doubleoctagon", format!("{outcome}: {}", short(text)))
            }
        };
        out.push_str(&format!(
            "    {} [shape={shape}, label={}];\n",
            quote(&node.id),
            quote(&format!("{}\n{label}", node.id))
        ));
    }
    for node in &flow.nodes {
        match &node.kind {
            NodeKind::Call { then, .. } => {
                out.push_str(&format!(
                    "    {} -> {};\n",
                    quote(&node.id),
                    quote(&flow.node(*then).id)
                ));
            }
            _ => {
                for choice in node.choices() {
                    out.push_str(&format!(
                        "    {} -> {} [label={}];\n",
                        quote(&node.id),
                        quote(&flow.node(choice.next).id),
                        quote(&choice.id)
                    ));
                }
            }
        }
    }
    out.push_str("}\n");
    out
}

pub fn mermaid(graph: &Graph, flow: &Flow) -> String {
    let id = |index: usize| format!("n{index}");
    let text = |t: &str| t.replace('"', "#quot;");
    let mut out = format!("---\ntitle: {}\n---\nflowchart TD\n", quote(&flow.title));
    for (index, node) in flow.nodes.iter().enumerate() {
        let label = text(&format!("{}: {}", node.id, short(node.text())));
        let shape = match &node.kind {
            NodeKind::Ask { .. } => format!("{{\"{label}\"}}"),
            NodeKind::Step { .. } => format!("[\"{label}\"]"),
            NodeKind::Input { .. } => format!("[/\"{label}\"/]"),
            NodeKind::Tell { .. } => format!("(\"{label}\")"),
            NodeKind::Call { flow: callee, .. } => {
                format!("[[\"{}: run {}\"]]", text(&node.id), graph.flow(*callee).id)
            }
            NodeKind::End { outcome, .. } => format!("([\"{outcome} — {label}\"])"),
        };
        out.push_str(&format!("    {}{shape}\n", id(index)));
    }
    for (index, node) in flow.nodes.iter().enumerate() {
        match &node.kind {
            NodeKind::Call { then, .. } => {
                out.push_str(&format!("    {} --> {}\n", id(index), id(then.0)))
            }
            _ => {
                for choice in node.choices() {
                    out.push_str(&format!(
                        "    {} -->|\"{}\"| {}\n",
                        id(index),
                        text(&choice.id),
                        id(choice.next.0)
                    ));
                }
            }
        }
    }
    out
}
