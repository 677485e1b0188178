//! The watchfix binary: the command line and the front ends around the engine in the
//! library. `cmd/` holds one file per subcommand; `frontend/` the ways a walk meets a person
//! or an agent (prompts, plain text, the MCP server) and what a walk leaves behind.

mod cli;
mod cmd;
mod complete;
mod error;
mod exit_code;
mod frontend;
mod output;
mod trees;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command};
use crate::exit_code::ExitCode;
use crate::output::say;

/// The command line as clap sees it.
fn command() -> clap::Command {
    Cli::command()
}

fn main() -> std::process::ExitCode {
    // `COMPLETE=bash watchfix ...`: the shell asks for completions; answer and exit.
    clap_complete::CompleteEnv::with_factory(command).complete();
    let matches = command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    if cli.plain && cli.command.is_some() {
        // `--plain` before a command is the bare menu's; `run` and `resume` take their own.
        command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--plain before a command is for the bare `watchfix` menu; put it after `run` or `resume`",
            )
            .exit();
    }
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
        None => cmd::run::interactive_menu(&cli.global, cli.plain),
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
        Some(Command::Completions(args)) => completions(args.shell),
        Some(Command::Man) => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(command()).render(&mut page) {
                Ok(()) => {
                    output::print(&String::from_utf8_lossy(&page));
                    Ok(ExitCode::Success)
                }
                Err(error) => Err(error::Fail::failure(format!(
                    "cannot write the page: {error}"
                ))),
            }
        }
    };
    match result {
        Ok(code) => code,
        Err(fail) => {
            // Messages quote what the user typed and what tree files say: escape what could
            // deceive the terminal.
            let line = format!("watchfix: error: {}", watchfix::text::shown(&fail.message));
            say!("{}", frontend::terminal::for_stderr(&line));
            fail.code
        }
    }
}

/// The script that registers dynamic completions: the shell calls this binary back at
/// each TAB, so flow ids, facts and saved walks complete from the trees and state in use.
fn completions(shell: clap_complete::Shell) -> error::Result<ExitCode> {
    use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
    let completer: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Zsh => &Zsh,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::Elvish => &Elvish,
        clap_complete::Shell::PowerShell => &Powershell,
        _ => {
            return Err(error::Fail::usage(
                "completions: this shell is not supported",
            ));
        }
    };
    let binary = std::env::current_exe()
        .ok()
        .and_then(|path| path.to_str().map(String::from))
        .unwrap_or_else(|| "watchfix".into());
    let mut script = Vec::new();
    completer
        .write_registration("COMPLETE", "watchfix", "watchfix", &binary, &mut script)
        .map_err(|e| error::Fail::failure(format!("cannot write the script: {e}")))?;
    output::print(&String::from_utf8_lossy(&script));
    Ok(ExitCode::Success)
}
