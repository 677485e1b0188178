//! `watchfix find`: the flows that best match a symptom, best first.

use crate::cli::{FindArgs, Global};
use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::{output, trees};
use watchfix::{search, wire};

pub fn execute(global: &Global, args: FindArgs) -> Result<ExitCode> {
    let graph = trees::graph(global)?;
    let query = args.symptom.join(" ");
    let matches = search::best(&graph, &query);
    if args.json {
        output::print_json(&wire::flow_matches(&matches));
        return Ok(ExitCode::Success);
    }
    let Some(first) = matches.first() else {
        output::print(&format!(
            "No flow matches \"{query}\". See every flow with `watchfix list`.\n"
        ));
        return Ok(ExitCode::Success);
    };
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
    if first.score < search::WEAK {
        out.push_str(
            "\nNo flow fits that closely; the matches above are only the nearest. \
             See every flow with `watchfix list`.\n",
        );
    }
    out.push_str(&format!("\nStart with `watchfix run {}`.\n", first.id));
    output::print(&out);
    Ok(ExitCode::Success)
}
