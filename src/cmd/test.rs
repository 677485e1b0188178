//! `watchfix test`: runs every flow's scenarios and reports node and choice coverage.

use crate::cli::{Global, TestArgs};
use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::output::say;
use crate::{output, trees};
use watchfix::scenario;

pub fn execute(global: &Global, args: TestArgs) -> Result<ExitCode> {
    let graph = &trees::valid(trees::load(global, &args.paths)?)?;
    let reports = scenario::run_all(graph);
    let min = args.min_coverage.map(f64::from);
    let (mut passed, mut failed, mut below) = (0, 0, Vec::new());
    let width = reports.iter().map(|r| r.flow.len()).max().unwrap_or(4);
    let mut out = String::new();
    for report in &reports {
        let coverage = &report.coverage;
        let flow_failed = report.failed();
        passed += report.scenarios.len() - flow_failed;
        failed += flow_failed;
        let mark = if flow_failed > 0 {
            console::style("FAIL").red().bold()
        } else {
            console::style("ok").green().bold()
        };
        out.push_str(&format!(
            "{mark:4} {:width$}  {}/{} scenarios  nodes {:5.1}% ({}/{})  choices {:5.1}% ({}/{})\n",
            report.flow,
            report.scenarios.len() - flow_failed,
            report.scenarios.len(),
            coverage.node_percent(),
            coverage.nodes_hit,
            coverage.nodes,
            coverage.choice_percent(),
            coverage.choices_hit,
            coverage.choices,
        ));
        for scenario in &report.scenarios {
            if let Some(failure) = &scenario.failure {
                out.push_str(&format!(
                    "       scenario \"{}\" failed: {failure}\n",
                    scenario.name
                ));
            }
        }
        if !coverage.missed.is_empty() {
            out.push_str(&format!(
                "       not covered: {}\n",
                coverage.missed.join(", ")
            ));
        }
        if let Some(min) = min
            && coverage.choice_percent() + 1e-9 < min
        {
            below.push(report.flow.clone());
        }
    }
    out.push_str(&format!("\n{passed} passed, {failed} failed\n"));
    output::print(&out);
    if let Some(min) = args.min_coverage
        && !below.is_empty()
    {
        say!(
            "watchfix: error: choice coverage below {min}% in: {}",
            below.join(", ")
        );
        return Ok(ExitCode::Failure);
    }
    Ok(if failed > 0 {
        ExitCode::Failure
    } else {
        ExitCode::Success
    })
}
