//! `watchfix graph`: draw a flow.

use crate::app::{self, Fail, Result};
use crate::cli::{Global, GraphArgs, GraphFormat};
use crate::exit_code::ExitCode;
use crate::export;

pub fn execute(global: &Global, args: GraphArgs) -> Result<ExitCode> {
    let graph = app::graph(global)?;
    let id = app::find_flow(&graph, &args.flow).map_err(|(message, _)| Fail::usage(message))?;
    let flow = graph.flow(id);
    app::print(&match args.format {
        GraphFormat::Dot => export::dot(&graph, flow),
        GraphFormat::Mermaid => export::mermaid(&graph, flow),
    });
    Ok(ExitCode::Success)
}
