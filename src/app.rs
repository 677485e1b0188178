//! The edge of the program: turns parsed arguments into calls, loads trees, maps failures
//! to exit codes. `anyhow`-free on purpose: every failure here already knows its exit code.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::checker::{self, Checked};
use crate::cli::{Cli, Color, Command, Global};
use crate::cmd;
use crate::exit_code::ExitCode;
use crate::graph::{FlowId, Graph};
use crate::loader::{self, LoadError};
use crate::render;
use crate::walk::Facts;

/// A failure with the exit code it maps to and a one-line message for stderr.
#[derive(Debug)]
pub struct Fail {
    pub code: ExitCode,
    pub message: String,
}

impl Fail {
    pub fn usage(message: impl Into<String>) -> Fail {
        Fail {
            code: ExitCode::Usage,
            message: message.into(),
        }
    }

    pub fn failure(message: impl Into<String>) -> Fail {
        Fail {
            code: ExitCode::Failure,
            message: message.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Fail>;

pub fn run(cli: Cli) -> ExitCode {
    apply_color(cli.global.color);
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
        Some(Command::Mcp) => crate::mcp::serve(&cli.global),
        Some(Command::Completions(args)) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut command, "watchfix", &mut script);
            print(&String::from_utf8_lossy(&script));
            Ok(ExitCode::Success)
        }
    };
    match result {
        Ok(code) => code,
        Err(fail) => {
            crate::say!("watchfix: error: {}", fail.message);
            fail.code
        }
    }
}

fn apply_color(color: Color) {
    let enabled = match color {
        Color::Always => Some(true),
        Color::Never => Some(false),
        Color::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => Some(false),
        Color::Auto => None,
    };
    if let Some(enabled) = enabled {
        console::set_colors_enabled(enabled);
        console::set_colors_enabled_stderr(enabled);
    }
}

/// Whether diagnostics on stderr should be coloured.
pub fn stderr_color() -> bool {
    // `auto` already means "only on a terminal"; `always` means always.
    console::colors_enabled_stderr()
}

/// Reads and checks the trees: the given paths, else `--trees`, else the built-in ones.
pub fn load(global: &Global, paths: &[PathBuf]) -> Result<Checked> {
    let loaded = if !paths.is_empty() {
        loader::from_paths(paths)
    } else if let Some(dir) = &global.trees {
        loader::from_dir(dir)
    } else {
        Ok(loader::embedded())
    };
    let loaded =
        loaded.map_err(|error| match error {
            LoadError::NotFound(path) if Some(&path) == global.trees.as_ref() => Fail::usage(
                format!("{}{}: no such directory", trees_origin(), path.display()),
            ),
            LoadError::NotADirectory(path) => Fail::usage(format!(
                "{}{}: not a directory",
                trees_origin(),
                path.display()
            )),
            // The paths were named by the user: not finding or reading them is bad input.
            other => Fail::usage(other.to_string()),
        })?;
    Ok(checker::check(loaded))
}

/// Names where the tree directory came from: the flag, or the environment variable.
fn trees_origin() -> &'static str {
    let flag = std::env::args_os()
        .skip(1)
        .any(|a| a == "--trees" || a.to_string_lossy().starts_with("--trees="));
    if flag { "--trees " } else { "WATCHFIX_TREES=" }
}

/// Loads a valid graph, or prints why the trees are invalid and fails with exit 1.
pub fn graph(global: &Global) -> Result<Graph> {
    valid(load(global, &[])?)
}

/// The checked graph, or its errors printed to stderr and a failure (exit 1).
pub fn valid(checked: Checked) -> Result<Graph> {
    if let Some(graph) = checked.graph {
        return Ok(graph);
    }
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity() == crate::diagnostic::Severity::Error)
        .cloned()
        .collect();
    crate::say_raw!(
        "{}",
        render::human(&errors, &checked.sources, stderr_color())
    );
    Err(Fail::failure(format!(
        "the trees are invalid ({}); run `watchfix validate` for details",
        render::tally(checked.errors(), checked.warnings())
    )))
}

/// Looks a flow up by id, or explains which ids exist.
pub fn find_flow(graph: &Graph, id: &str) -> std::result::Result<FlowId, (String, Vec<String>)> {
    graph.flow_by_id(id).ok_or_else(|| {
        let ids: Vec<String> = graph.flows().map(|(_, f)| f.id.clone()).collect();
        let hint = crate::diagnostic::closest(id, ids.iter().map(String::as_str))
            .map(|close| format!(" (did you mean `{close}`?)"))
            .unwrap_or_default();
        (
            format!(
                "unknown flow `{id}`{hint}; the flows are: {}",
                ids.join(", ")
            ),
            ids,
        )
    })
}

/// Parses `--fact K=V` flags and an optional `--facts-json` object; a flag wins over the
/// same fact in the object.
pub fn parse_facts(flags: &[String], json: Option<&str>) -> Result<Facts> {
    let mut facts = match json {
        None => Facts::new(),
        Some(text) => serde_json::from_str::<Facts>(text).map_err(|e| {
            Fail::usage(format!(
                "--facts-json: expected an object of strings, such as {{\"phone_os\": \"ios\"}} ({e})"
            ))
        })?,
    };
    for flag in flags {
        match flag.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() && !value.trim().is_empty() => {
                facts.insert(key.trim().to_string(), value.trim().to_string());
            }
            _ => {
                return Err(Fail::usage(format!(
                    "--fact `{flag}`: expected KEY=VALUE, such as phone_os=ios"
                )));
            }
        }
    }
    Ok(facts)
}

/// Set once stdout is gone, so later output is dropped instead of failing.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes to stdout. When the reader has gone (`watchfix list | head -1`) the rest of the
/// output is dropped quietly and the command still ends with its own exit code.
pub fn print(text: &str) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            crate::say!("watchfix: error: cannot write to stdout: {error}");
        }
    }
}

/// `eprintln!` that never panics: a closed stderr loses the message, not the exit code.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that never panics.
#[macro_export]
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// Prints a value as pretty JSON followed by a newline.
pub fn print_json<T: serde::Serialize>(value: &T) {
    let mut text = serde_json::to_string_pretty(value).expect("plain data serializes");
    text.push('\n');
    print(&text);
}
