//! `watchfix find`: the flows that best match a symptom, best first. A match below the
//! confidence threshold says "Maybe:" and how well it fits; when nothing matches, the
//! command exits 1, as grep does, so a script can tell.

use crate::cli::{FindArgs, Global};
use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::frontend::narration;
use crate::{output, trees};
use watchfix::{search, wire};

pub fn execute(global: &Global, args: FindArgs) -> Result<ExitCode> {
    let graph = trees::graph(global)?;
    let query = args.symptom.join(" ");
    let matches = search::best(&graph, &query);
    let found = if matches.is_empty() {
        ExitCode::Failure
    } else {
        ExitCode::Success
    };
    if args.json {
        output::print_json(&wire::flow_matches(&matches));
        return Ok(found);
    }
    let Some(first) = matches.first() else {
        output::print(&format!(
            "No flow matches \"{query}\". See every flow with `watchfix list`.\n"
        ));
        return Ok(found);
    };
    let width = matches.iter().map(|m| m.id.len()).max().unwrap_or(2);
    let mut out = String::new();
    for m in &matches {
        let title = narration::match_label(&m.title, m.score);
        out.push_str(&format!(
            "{:>3.0}%  {:width$}  {title}\n",
            m.score * 100.0,
            console::style(&m.id).cyan(),
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
