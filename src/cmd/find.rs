//! `watchfix find`: the flows that best match a symptom, best first.

use crate::app::{self, Result};
use crate::cli::{FindArgs, Global};
use crate::exit_code::ExitCode;
use crate::search;

/// Matches scoring below this share of the best one are not worth showing.
pub const KEEP: f64 = 0.5;

pub fn execute(global: &Global, args: FindArgs) -> Result<ExitCode> {
    let graph = app::graph(global)?;
    let query = args.symptom.join(" ");
    let mut matches = search::rank(&graph, &query);
    if let Some(best) = matches.first().map(|m| m.score) {
        matches.retain(|m| m.score >= best * KEEP);
    }
    if args.json {
        app::print_json(&matches);
        return Ok(ExitCode::Success);
    }
    if matches.is_empty() {
        app::print(&format!(
            "No flow matches \"{query}\". See every flow with `watchfix list`.\n"
        ));
        return Ok(ExitCode::Success);
    }
    let width = matches.iter().map(|m| m.id.len()).max().unwrap_or(2);
    let mut out = String::new();
    for m in &matches {
        out.push_str(&format!(
            "{:>3.0}%  {:width$}  {}\n",
            m.score * 100.0,
            console::style(&m.id).cyan(),
            m.title
        ));
    }
    out.push_str(&format!("\nStart with `watchfix run {}`.\n", matches[0].id));
    app::print(&out);
    Ok(ExitCode::Success)
}
