//! `watchfix validate`: the trees checked like a compiler checks code.

use crate::app::{self, Result};
use crate::cli::{Format, Global, ValidateArgs};
use crate::exit_code::ExitCode;
use crate::render;

pub fn execute(global: &Global, args: ValidateArgs) -> Result<ExitCode> {
    let checked = app::load(global, &args.paths)?;
    let (errors, warnings) = (checked.errors(), checked.warnings());
    match args.format {
        Format::Human => {
            crate::say_raw!(
                "{}",
                render::human(&checked.diagnostics, &checked.sources, app::stderr_color())
            );
            let flows = checked.graph.as_ref().map_or(0, |g| g.flows().len());
            if errors == 0 && warnings == 0 {
                crate::say!(
                    "{} {flows} flow{} in {} file{}: no problems found",
                    console::style("ok:").green().bold(),
                    if flows == 1 { "" } else { "s" },
                    checked.sources.len(),
                    if checked.sources.len() == 1 { "" } else { "s" },
                );
            } else {
                crate::say!("validate: {}", render::tally(errors, warnings));
            }
        }
        Format::Json => {
            app::print(&render::json(&checked.diagnostics, &checked.sources));
            app::print("\n");
        }
        Format::Github => app::print(&render::github(&checked.diagnostics, &checked.sources)),
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Ok(ExitCode::Failure)
    } else {
        Ok(ExitCode::Success)
    }
}
