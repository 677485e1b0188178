//! The command line, as clap types. Nothing here does work: `main` turns these into calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::ArgValueCandidates;

use crate::complete;

/// The help of `completions` and `man`, which read no trees and draw nothing: the global
/// options (`--trees`, `--color`) mean nothing to them, so their help leaves them out.
const COMPLETIONS_HELP: &str = "{about-with-newline}\nUsage: watchfix completions <SHELL>\n\n\
Arguments:\n{positionals}\n{after-help}";
const MAN_HELP: &str = "{about-with-newline}\nUsage: watchfix man\n{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "watchfix",
    version,
    about = "Step-by-step smartwatch troubleshooting",
    long_about = "Step-by-step smartwatch troubleshooting.\n\nWith no command, watchfix asks what is wrong and walks you through a fix, one step at a time.",
    after_help = "Examples:\n  watchfix\n  watchfix find watch keeps disconnecting\n  \
watchfix run pairing --fact phone_os=ios\n  watchfix resume\n\n\
Exit codes: 0 resolved or answered (or no problems found), 1 invalid trees, failed scenarios or nothing found, \
2 bad input, 3 contact support, 4 stopped before the end (also Ctrl-C)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// With no command: plain numbered text instead of prompts, read line by line from stdin
    #[arg(long)]
    pub plain: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Load flows from this directory instead of the built-in ones (subfolders included)
    #[arg(long, global = true, env = "WATCHFIX_TREES", value_name = "DIR")]
    pub trees: Option<PathBuf>,
    /// When to use colour (NO_COLOR turns it off for `auto`)
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Walk one flow (interactive at a terminal; numbered plain text when piped)
    #[command(
        after_help = "Examples:\n  watchfix run pairing\n  watchfix run pairing --fact phone_os=ios --report pairing.md\n  watchfix run firmware-update --answers yes,2,fixed\n  echo 3 | watchfix run pairing --plain"
    )]
    Run(RunArgs),
    /// Rank the flows for a problem described in your own words
    #[command(
        after_help = "Examples:\n  watchfix find my watch keeps disconnecting\n  watchfix find batery dies fast --json\n\nExits 1 when no flow matches."
    )]
    Find(FindArgs),
    /// List the flows with id, title, category, symptoms and facts
    #[command(after_help = "Examples:\n  watchfix list\n  watchfix list --json")]
    List(ListArgs),
    /// Continue an unfinished walk (the most recent, or the one named)
    #[command(
        after_help = "Examples:\n  watchfix resume\n  watchfix resume pairing\n  watchfix resume --list\n  watchfix resume --forget pairing-1795477147-19781-0\n  watchfix resume --forget-all\n  watchfix resume --from walk.json"
    )]
    Resume(ResumeArgs),
    /// Stateless walk for agents: replay answers, print the current node as JSON
    #[command(
        after_help = "Examples:\n  watchfix step pairing\n  watchfix step pairing --answer drops --answer not-fixed\n  watchfix step gps --fact model=tank-m3-ultra --answer 1 --note \"stopped after a week\""
    )]
    Step(StepArgs),
    /// Check tree files like a compiler: every error with file:line:column
    #[command(
        after_help = "Examples:\n  watchfix validate\n  watchfix validate trees/ --deny-warnings\n  watchfix validate --format github"
    )]
    Validate(ValidateArgs),
    /// Run every flow's scenarios and report node and choice coverage
    #[command(after_help = "Examples:\n  watchfix test\n  watchfix test trees/ --min-coverage 100")]
    Test(TestArgs),
    /// Draw a flow as Graphviz DOT or a Mermaid flowchart
    #[command(
        after_help = "Examples:\n  watchfix graph pairing > pairing.dot\n  watchfix graph pairing --format mermaid"
    )]
    Graph(GraphArgs),
    /// Serve the flows to AI agents over the Model Context Protocol (stdio or --http)
    #[cfg(feature = "mcp")]
    #[command(after_help = "Examples:\n  watchfix mcp\n  claude mcp add watchfix -- watchfix mcp")]
    Mcp(McpArgs),
    /// Print the script that loads dynamic shell completions (flows, facts, saved walks)
    #[command(help_template = COMPLETIONS_HELP)]
    #[command(
        after_help = "Examples:\n  source <(watchfix completions bash)    # in ~/.bashrc\n  source <(watchfix completions zsh)     # in ~/.zshrc\n  watchfix completions fish | source     # in ~/.config/fish/config.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff)
    #[command(help_template = MAN_HELP)]
    #[command(after_help = "Examples:\n  watchfix man > watchfix.1 && man ./watchfix.1")]
    Man,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The flow id (see `watchfix list`)
    #[arg(add = ArgValueCandidates::new(complete::flows))]
    pub flow: String,
    /// A known fact, such as `phone_os=ios`; the question for it is skipped
    #[arg(long = "fact", value_name = "K=V", add = ArgValueCandidates::new(complete::facts))]
    pub facts: Vec<String>,
    /// Answers in order: each a choice id or its 1-based number, `A # NOTE` adds a note (as `step --answer`); exit 4 if they run out
    #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
    pub answers: Option<Vec<String>>,
    /// Known facts as one JSON object, such as `{"phone_os": "ios"}`
    #[arg(long, value_name = "JSON")]
    pub facts_json: Option<String>,
    /// Plain numbered text instead of prompts, read line by line from stdin
    #[arg(long)]
    pub plain: bool,
    /// Print every node visited as one JSON object per line
    #[arg(long, conflicts_with = "plain")]
    pub json: bool,
    /// Write the summary as Markdown to FILE when the walk ends
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write the walk as a handoff file (JSON) when it ends or stops, to carry on elsewhere
    #[arg(long, value_name = "FILE")]
    pub handoff: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// The symptom, such as `my watch keeps disconnecting`
    #[arg(required = true, num_args = 1..)]
    pub symptom: Vec<String>,
    /// JSON with scores instead of a list
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// A session id (see `--list`), or a flow id for that flow's latest walk; the most recent walk when left out
    #[arg(value_name = "ID|FLOW", add = ArgValueCandidates::new(complete::sessions))]
    pub session: Option<String>,
    /// List unfinished walks: where each stopped and when it was last used, latest first
    #[arg(long, conflicts_with = "session")]
    pub list: bool,
    /// Delete the saved walk with this id (or the latest of this flow)
    #[arg(long, value_name = "ID", conflicts_with_all = ["session", "list"], add = ArgValueCandidates::new(complete::sessions))]
    pub forget: Option<String>,
    /// Delete every saved walk (asks first at a terminal)
    #[arg(long, conflicts_with_all = ["session", "list", "forget"])]
    pub forget_all: bool,
    /// Continue the walk in a handoff file (from `run --handoff`, `step --handoff` or MCP)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["session", "list"])]
    pub from: Option<PathBuf>,
    /// Plain numbered text instead of prompts
    #[arg(long)]
    pub plain: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StepArgs {
    /// The flow id (may be left out with --from)
    #[arg(required_unless_present = "from", add = ArgValueCandidates::new(complete::flows))]
    pub flow: Option<String>,
    /// Start from the walk in a handoff file; --answer flags then go on from where it stands
    #[arg(long, value_name = "FILE", conflicts_with_all = ["facts", "facts_json"])]
    pub from: Option<PathBuf>,
    /// Write the walk, after the answers, as a handoff file
    #[arg(long, value_name = "FILE")]
    pub handoff: Option<PathBuf>,
    /// An answer so far: a choice id or its 1-based number, `A # NOTE` adds a note (as `run --answers`); repeat in order
    #[arg(long = "answer", value_name = "A")]
    pub answers: Vec<String>,
    /// A note for the --answer it follows, such as `the app says "device not found"`
    #[arg(long = "note", value_name = "TEXT")]
    pub notes: Vec<String>,
    /// How many --answer flags come before each --note, filled from the command line's order
    #[arg(skip)]
    pub answers_before_note: Vec<usize>,
    /// A known fact, such as `model=tank-m3-ultra`
    #[arg(long = "fact", value_name = "K=V", add = ArgValueCandidates::new(complete::facts))]
    pub facts: Vec<String>,
    /// Known facts as one JSON object, such as `{"phone_os": "ios"}`
    #[arg(long, value_name = "JSON")]
    pub facts_json: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style messages with the source line
    Human,
    /// An array of {file, line, column, severity, code, message}
    Json,
    /// GitHub Actions annotations
    Github,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Tree files or directories (default: --trees, or the built-in trees)
    pub paths: Vec<PathBuf>,
    /// How to print the diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Tree files or directories (default: --trees, or the built-in trees)
    pub paths: Vec<PathBuf>,
    /// Fail when any flow's choice coverage is below this percentage
    #[arg(long, value_name = "PCT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_coverage: Option<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT
    Dot,
    /// A Mermaid flowchart
    Mermaid,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The flow id
    #[arg(add = ArgValueCandidates::new(complete::flows))]
    pub flow: String,
    /// dot for Graphviz (`dot -Tsvg`), mermaid for Markdown that renders flowcharts
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to load completions into
    pub shell: clap_complete::Shell,
}

impl StepArgs {
    /// Records which answer each `--note` follows; clap keeps the order of each flag only.
    pub fn place_notes(&mut self, matches: &clap::ArgMatches) {
        let answers: Vec<usize> = matches
            .indices_of("answers")
            .map(Iterator::collect)
            .unwrap_or_default();
        self.answers_before_note = matches
            .indices_of("notes")
            .into_iter()
            .flatten()
            .map(|note| answers.iter().filter(|&&a| a < note).count())
            .collect();
    }
}

/// `watchfix mcp`'s own options.
#[cfg(feature = "mcp")]
#[derive(Debug, Clone, Args)]
pub struct McpArgs {
    /// Serve streamable HTTP on this address instead of stdio, such as 127.0.0.1:8080 or
    /// :8080 (loopback). Any other address needs --token-file
    #[arg(long, value_name = "ADDR")]
    pub http: Option<String>,
    /// With --http: require this file's contents as a bearer token, and sign walk handles
    /// with a key derived from it, so that every server given the same file serves the same
    /// walks
    #[arg(long, value_name = "FILE", requires = "http")]
    pub token_file: Option<PathBuf>,
}
