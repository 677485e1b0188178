//! `watchfix list`: the flows, as a table or as JSON for agents.

use crate::cli::{Global, ListArgs};
use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::{output, trees};
use watchfix::wire;

pub fn execute(global: &Global, args: ListArgs) -> Result<ExitCode> {
    let graph = trees::graph(global)?;
    if args.json {
        output::print_json(&wire::flow_entries(&graph));
        return Ok(ExitCode::Success);
    }
    // The table needs no nodes, so a compiled graph decodes none of them.
    let entries: Vec<_> = graph
        .flows_by_category()
        .into_iter()
        .map(|(_, f)| f)
        .collect();
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
