//! `watchfix validate`: the trees checked like a compiler checks code.

use crate::cli::{Format, Global, ValidateArgs};
use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::output::{say, say_raw};
use crate::{output, trees};
use watchfix::diagnostic::render;
use watchfix::wire;

pub fn execute(global: &Global, args: ValidateArgs) -> Result<ExitCode> {
    // Nothing here walks the trees: their graph is not built.
    let checked = watchfix::check::diagnose(trees::read(global, &args.paths)?);
    let (errors, warnings) = (checked.errors(), checked.warnings());
    match args.format {
        Format::Human => {
            say_raw!(
                "{}",
                render::human(
                    &checked.diagnostics,
                    &checked.sources,
                    output::stderr_color()
                )
            );
            let flows = checked.flows;
            // The built-in documents a folder of flows falls back on are not its files.
            let files = checked.sources.len() - checked.fallbacks;
            if errors == 0 && warnings == 0 {
                say!(
                    "{} {flows} flow{} in {} file{}: no problems found",
                    console::style("ok:").green().bold(),
                    if flows == 1 { "" } else { "s" },
                    files,
                    if files == 1 { "" } else { "s" },
                );
            } else {
                say!("validate: {}", render::tally(errors, warnings));
            }
        }
        Format::Json => {
            output::print_json(&wire::diagnostics(&checked.diagnostics, &checked.sources));
        }
        Format::Github => output::print(&render::github(&checked.diagnostics, &checked.sources)),
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        Ok(ExitCode::Failure)
    } else {
        Ok(ExitCode::Success)
    }
}
