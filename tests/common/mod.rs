//! One way to run the real `watchfix` binary, in the style of just's `tests/test.rs`: a
//! [`Test`] writes tree files into a temporary directory, takes arguments, stdin and
//! environment, and holds what the run must produce — exit status 0 and empty stdout and
//! stderr unless told otherwise. [`Test::run`] compares all three and fails the calling test
//! on any difference, so a test that says nothing about stderr asserts that there is none.
//!
//! Exact text is the default. A test opts out of it explicitly, per stream: with
//! `stdout_contains` when the text comes from the shipped trees (which change under the
//! tests; the expected parts are then read from `step` output or from the trees
//! themselves), or with `stdout_json` when the test reads the JSON itself.
//!
//! [`Sandbox`] is the environment every run gets: a temporary directory that is the working
//! directory, `HOME` and the parent of `XDG_STATE_HOME`, and none of the caller's colour,
//! terminal or tree settings. The PTY and MCP tests use it with their own transports.
#![allow(dead_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use tempfile::TempDir;

/// Variables a developer's shell may set that change what the binary prints or loads.
pub const CLEARED: &[&str] = &[
    "WATCHFIX_TREES",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "FORCE_COLOR",
    "TERM",
    "COLORTERM",
    "COLUMNS",
    "LINES",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    "WATCHFIX_NO_CACHE",
    "HOME",
];

/// A temporary directory for one run (or several that share saved sessions) and the
/// environment that points the binary at it.
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `XDG_STATE_HOME`: sessions are saved under `watchfix/sessions` in it.
    pub fn state_dir(&self) -> PathBuf {
        self.path().join("state")
    }

    /// `XDG_CACHE_HOME`: compiled graphs of `--trees` are kept under `watchfix` in it.
    pub fn cache_dir(&self) -> PathBuf {
        self.path().join(".cache")
    }

    /// What to set after removing [`CLEARED`].
    pub fn vars(&self) -> Vec<(&'static str, OsString)> {
        vec![
            ("XDG_STATE_HOME", self.state_dir().into_os_string()),
            ("XDG_CACHE_HOME", self.cache_dir().into_os_string()),
            ("HOME", self.path().as_os_str().to_owned()),
        ]
    }

    /// A command for the binary with this environment, run in the sandbox.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_watchfix"));
        for key in CLEARED {
            command.env_remove(key);
        }
        command.envs(self.vars()).current_dir(self.path());
        command
    }
}

/// Up to a line and a half of `text`, to show where two texts part.
fn tail(text: &str) -> String {
    text.chars().take(120).collect()
}

/// What a stream must hold.
#[derive(Debug, Clone)]
enum Expected {
    /// Exactly this text.
    Exact(String),
    /// Each of these parts, anywhere.
    Contains(Vec<String>),
    /// One JSON document, which the test reads with [`Run::json`].
    Json,
    /// One JSON document a line, which the test reads with [`Run::json_lines`].
    JsonLines,
    /// Anything: the test compares it in full itself, against a snapshot.
    Snapshot,
}

impl Expected {
    /// Why `actual` does not meet this expectation, if it does not.
    fn mismatch(&self, actual: &str) -> Option<String> {
        match self {
            Expected::Exact(expected) if expected != actual => {
                let at = expected
                    .char_indices()
                    .zip(actual.chars())
                    .find(|((_, e), a)| e != a)
                    .map_or(expected.len().min(actual.len()), |((i, _), _)| i);
                let line = expected[..at].rfind('\n').map_or(0, |i| i + 1);
                let from = expected[line..at]
                    .char_indices()
                    .rev()
                    .nth(40)
                    .map_or(line, |(i, _)| line + i);
                Some(format!(
                    "--- expected ---\n{expected}\n--- first difference ---\n\
                     expected {:?}\n  actual {:?}",
                    tail(&expected[from..]),
                    tail(actual.get(from..).unwrap_or("")),
                ))
            }
            Expected::Contains(parts) => {
                let missing: Vec<&String> = parts
                    .iter()
                    .filter(|p| !actual.contains(p.as_str()))
                    .collect();
                (!missing.is_empty()).then(|| format!("--- missing parts ---\n{missing:#?}"))
            }
            Expected::Json => serde_json::from_str::<serde_json::Value>(actual)
                .err()
                .map(|e| format!("--- not one JSON document: {e}")),
            Expected::JsonLines => actual.lines().enumerate().find_map(|(index, line)| {
                serde_json::from_str::<serde_json::Value>(line)
                    .err()
                    .map(|e| format!("--- line {} is not JSON: {e}", index + 1))
            }),
            Expected::Exact(_) | Expected::Snapshot => None,
        }
    }

    fn add_part(&mut self, part: String) {
        match self {
            Expected::Contains(parts) => parts.push(part),
            _ => *self = Expected::Contains(vec![part]),
        }
    }
}

#[must_use = "a Test does nothing until `run`"]
pub struct Test {
    sandbox: Sandbox,
    args: Vec<String>,
    stdin: Vec<u8>,
    env: Vec<(String, String)>,
    use_trees_dir: bool,
    status: i32,
    stdout: Expected,
    stderr: Expected,
}

/// What a run produced, for checks the builder cannot express.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Test {
        Test {
            sandbox: Sandbox::new(),
            args: Vec::new(),
            stdin: Vec::new(),
            env: Vec::new(),
            use_trees_dir: false,
            status: 0,
            stdout: Expected::Exact(String::new()),
            stderr: Expected::Exact(String::new()),
        }
    }

    /// Writes a tree file under the test's `trees/` and loads trees from there.
    pub fn tree(mut self, name: &str, text: &str) -> Test {
        let path = self.trees_dir().join(name);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write tree");
        self.use_trees_dir = true;
        self
    }

    /// Copies the shipped trees into the test's `trees/`, to break one on purpose.
    pub fn shipped_trees(mut self) -> Test {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("trees");
        for entry in std::fs::read_dir(source).expect("trees/ exists") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "ron") {
                let text = std::fs::read_to_string(&path).expect("read");
                let name = path.file_name().expect("a file name").to_string_lossy();
                self = self.tree(&name, &text);
            }
        }
        self
    }

    /// The test's `trees/` directory.
    pub fn trees_dir(&self) -> PathBuf {
        self.path().join("trees")
    }

    /// The temporary directory the binary runs in.
    pub fn path(&self) -> &Path {
        self.sandbox.path()
    }

    /// Where this test's runs save their sessions.
    pub fn state_dir(&self) -> PathBuf {
        self.sandbox.state_dir()
    }

    /// Where this test's runs keep compiled graphs: `watchfix/` in it.
    pub fn cache_dir(&self) -> PathBuf {
        self.sandbox.cache_dir()
    }

    pub fn args<I, S>(mut self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    pub fn stdin(self, stdin: &str) -> Test {
        self.stdin_bytes(stdin.as_bytes())
    }

    /// Stdin that need not be UTF-8.
    pub fn stdin_bytes(mut self, stdin: &[u8]) -> Test {
        self.stdin = stdin.to_vec();
        self
    }

    /// Sets a variable after the sandbox's own, so it can override them.
    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// The exit status the run must end with (0 unless told).
    pub fn status(mut self, status: i32) -> Test {
        self.status = status;
        self
    }

    /// Exactly what stdout must be (empty unless told).
    pub fn stdout(mut self, stdout: impl Into<String>) -> Test {
        self.stdout = Expected::Exact(stdout.into());
        self
    }

    /// Exactly what stderr must be (empty unless told).
    pub fn stderr(mut self, stderr: impl Into<String>) -> Test {
        self.stderr = Expected::Exact(stderr.into());
        self
    }

    /// Stdout need only hold this, among any other parts asked for; for text from the
    /// shipped trees, which change under the tests.
    pub fn stdout_contains(mut self, part: impl Into<String>) -> Test {
        self.stdout.add_part(part.into());
        self
    }

    /// Stderr need only hold this, among any other parts asked for.
    pub fn stderr_contains(mut self, part: impl Into<String>) -> Test {
        self.stderr.add_part(part.into());
        self
    }

    /// Stdout must be one JSON document; the test reads it with [`Run::json`].
    pub fn stdout_json(mut self) -> Test {
        self.stdout = Expected::Json;
        self
    }

    /// Stdout must be one JSON document a line; the test reads them with
    /// [`Run::json_lines`].
    pub fn stdout_json_lines(mut self) -> Test {
        self.stdout = Expected::JsonLines;
        self
    }

    /// Stdout is compared in full by the test itself, with `insta::assert_snapshot!`.
    pub fn stdout_snapshot(mut self) -> Test {
        self.stdout = Expected::Snapshot;
        self
    }

    /// Runs the binary and fails the calling test unless status, stdout and stderr are
    /// what this test expects.
    #[track_caller]
    pub fn run(&self) -> Run {
        let run = self.output();
        let mut problems = Vec::new();
        if run.status != self.status {
            problems.push(format!(
                "status: expected {}, got {}",
                self.status, run.status
            ));
        }
        for (name, expected, actual) in [
            ("stdout", &self.stdout, &run.stdout),
            ("stderr", &self.stderr, &run.stderr),
        ] {
            // Exact text is compared in full below; parts and JSON say what they missed.
            if let Some(why) = expected.mismatch(actual) {
                problems.push(format!("{name} differs\n{why}"));
            }
        }
        if !problems.is_empty() {
            panic!(
                "watchfix {:?}\n{}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                self.args,
                problems.join("\n\n"),
                run.stdout,
                run.stderr,
            );
        }
        run
    }

    fn output(&self) -> Run {
        let mut command = self.sandbox.command();
        for (key, value) in &self.env {
            command.env(key, value);
        }
        if self.use_trees_dir {
            command.arg("--trees").arg(self.trees_dir());
        }
        command.args(&self.args);
        // assert_cmd reads both pipes while it waits and kills a run that hangs, so a
        // hanging binary fails one test instead of stalling the suite.
        let output = assert_cmd::Command::from_std(command)
            .write_stdin(self.stdin.clone())
            .timeout(Duration::from_secs(30))
            .output()
            .expect("the binary runs");
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("a line is not JSON ({e}): {line}"))
            })
            .collect()
    }
}

/// A small flow the session and hardening tests walk: a question, a step, two ends.
pub const DEMO_FLOW: &str = r#"Flow(
    id: "demo",
    title: "Demo problem",
    category: "Demo",
    symptoms: ["demo"],
    start: "first",
    nodes: {
        "first": Ask(text: "Which part?", choices: [
            (id: "left", label: "Left", next: "restart"),
            (id: "right", label: "Right", next: "restart"),
        ]),
        "restart": Step(text: "Restart the watch.", source: "Q", fixed: "done", not_fixed: "help"),
        "done": End(outcome: Resolved, text: "Fixed."),
        "help": End(outcome: Escalate, text: "Contact support."),
    },
    scenarios: [(name: "s", answers: ["left", "fixed"], expect: "done")],
)"#;
