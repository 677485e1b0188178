//! `watchfix graph`: draw a flow.

use crate::cli::{Global, GraphArgs, GraphFormat};
use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::{output, trees};
use watchfix::export;

pub fn execute(global: &Global, args: GraphArgs) -> Result<ExitCode> {
    let graph = trees::graph(global)?;
    let id = trees::find_flow_for_people(&graph, &args.flow)?;
    let flow = graph.flow(id);
    output::print(&match args.format {
        GraphFormat::Dot => export::dot(&graph, flow),
        GraphFormat::Mermaid => export::mermaid(&graph, flow),
    });
    Ok(ExitCode::Success)
}
