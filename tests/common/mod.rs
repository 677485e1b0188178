//! One builder for running the real `watchfix` binary: write tree files into a temporary
//! directory, set arguments and stdin, then assert status, stdout and stderr.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Test {
    dir: TempDir,
    args: Vec<String>,
    stdin: Option<String>,
    env: Vec<(String, String)>,
    use_trees_dir: bool,
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Test {
        Test {
            dir: tempfile::tempdir().expect("a temporary directory"),
            args: Vec::new(),
            stdin: None,
            env: Vec::new(),
            use_trees_dir: false,
        }
    }

    /// Writes a tree file under the test's `trees/` and loads trees from there.
    pub fn tree(mut self, name: &str, text: &str) -> Test {
        let path = self.dir.path().join("trees").join(name);
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
                self = self.tree(&path.file_name().unwrap().to_string_lossy(), &text);
            }
        }
        self
    }

    /// The test's `trees/` directory.
    pub fn trees_dir(&self) -> PathBuf {
        self.dir.path().join("trees")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
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

    pub fn stdin(mut self, stdin: &str) -> Test {
        self.stdin = Some(stdin.to_string());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    pub fn run(&self) -> Run {
        let mut command = Command::cargo_bin("watchfix").expect("the binary is built");
        command
            .current_dir(self.dir.path())
            .env_remove("WATCHFIX_TREES")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("COLUMNS")
            .env_remove("LINES")
            .env("NO_COLOR", "1")
            .env("TERM", "dumb")
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("HOME", self.dir.path());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        if self.use_trees_dir {
            command.arg("--trees").arg(self.trees_dir());
        }
        command.args(&self.args);
        command.write_stdin(self.stdin.clone().unwrap_or_default());
        command.timeout(std::time::Duration::from_secs(30));
        let Output {
            status,
            stdout,
            stderr,
        } = command.output().expect("the binary runs");
        Run {
            status: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }

    /// Runs and asserts the exit status, returning the output for further checks.
    pub fn status(&self, expected: i32) -> Run {
        let run = self.run();
        assert_eq!(
            run.status, expected,
            "exit status\n--- stdout ---\n{}\n--- stderr ---\n{}",
            run.stdout, run.stderr
        );
        run
    }
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}
