//! The watchfix binary: the command line and the front ends around the engine in the
//! library. `cmd/` holds one file per subcommand; `frontend/` the ways a walk meets a person
//! or an agent (prompts, plain text, the MCP server) and what a walk leaves behind.

mod cli;
mod cmd;
mod error;
mod exit_code;
mod frontend;
mod output;
mod trees;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command};
use crate::exit_code::ExitCode;
use crate::output::say;

fn main() -> std::process::ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    if let (Some(Command::Step(args)), Some(("step", step))) =
        (&mut cli.command, matches.subcommand())
    {
        args.place_notes(step);
    }
    run(cli).into()
}

fn run(cli: Cli) -> ExitCode {
    output::apply_color(cli.global.color);
    let result = match cli.command {
        None => cmd::run::interactive_menu(&cli.global),
        Some(Command::Run(args)) => cmd::run::execute(&cli.global, args),
        Some(Command::Find(args)) => cmd::find::execute(&cli.global, args),
        Some(Command::List(args)) => cmd::list::execute(&cli.global, args),
        Some(Command::Resume(args)) => cmd::resume::execute(&cli.global, args),
        Some(Command::Step(args)) => cmd::step::execute(&cli.global, args),
        Some(Command::Validate(args)) => cmd::validate::execute(&cli.global, args),
        Some(Command::Test(args)) => cmd::test::execute(&cli.global, args),
        Some(Command::Graph(args)) => cmd::graph::execute(&cli.global, args),
        #[cfg(feature = "mcp")]
        Some(Command::Mcp(args)) => frontend::mcp::serve(&cli.global, &args),
        Some(Command::Completions(args)) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut command, "watchfix", &mut script);
            output::print(&String::from_utf8_lossy(&script));
            Ok(ExitCode::Success)
        }
    };
    match result {
        Ok(code) => code,
        Err(fail) => {
            // Messages quote what the user typed and what tree files say: escape what could
            // deceive the terminal.
            say!("watchfix: error: {}", watchfix::text::shown(&fail.message));
            fail.code
        }
    }
}
