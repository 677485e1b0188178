//! Dynamic completions through a real shell: bash sources the script `watchfix
//! completions bash` prints, and its completion function calls the binary back.
#![cfg(unix)]

mod common;

use common::Sandbox;

/// What bash completes for the words of a command line, the last one being completed.
fn bash_completes(sandbox: &Sandbox, words: &[&str]) -> Vec<String> {
    let binary = env!("CARGO_BIN_EXE_watchfix");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source <('{binary}' completions bash)\n\
         COMP_WORDS=({words})\nCOMP_CWORD={last}\nCOMP_TYPE=9\n\
         _clap_complete_watchfix watchfix '{current}' '{previous}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = quoted.join(" "),
        last = words.len() - 1,
        current = words[words.len() - 1],
        previous = words[words.len() - 2],
    );
    let mut command = sandbox.command();
    command.arg("--version");
    let output = std::process::Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(script)
        .envs(command.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .current_dir(sandbox.path())
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn bash_completes_flow_ids_facts_and_formats() {
    let sandbox = Sandbox::new();
    assert_eq!(
        bash_completes(&sandbox, &["watchfix", "run", "pai"]),
        ["pairing"]
    );
    assert_eq!(
        bash_completes(&sandbox, &["watchfix", "step", "firmware-up"]),
        ["firmware-update"]
    );
    let facts = bash_completes(&sandbox, &["watchfix", "run", "gps", "--fact", "phone_os="]);
    assert_eq!(facts, ["phone_os=android", "phone_os=ios"]);
    assert_eq!(
        bash_completes(&sandbox, &["watchfix", "graph", "gps", "--format", "m"]),
        ["mermaid"]
    );
}

/// zsh and fish ask the binary the same way their scripts do (`COMPLETE=zsh|fish watchfix --
/// <words>`); neither shell is needed to check what they are told.
#[test]
fn zsh_and_fish_are_told_flow_ids_with_their_titles() {
    let sandbox = Sandbox::new();
    let ask = |shell: &str, index: Option<&str>| {
        let mut command = sandbox.command();
        command
            .env("COMPLETE", shell)
            .args(["--", "watchfix", "run", "pai"]);
        if let Some(index) = index {
            command.env("_CLAP_COMPLETE_INDEX", index);
        }
        let output = command.output().expect("the binary runs");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let title = "The watch won't pair or keeps disconnecting";
    assert_eq!(ask("fish", None), format!("pairing\t{title}\n"));
    assert_eq!(ask("zsh", Some("2")), format!("pairing:{title}"));
    for shell in ["zsh", "fish"] {
        let mut command = sandbox.command();
        let output = command.args(["completions", shell]).output().expect("runs");
        let script = String::from_utf8(output.stdout).expect("UTF-8");
        // The script calls the binary back with COMPLETE set to its shell.
        let asks = [format!("COMPLETE={shell}"), format!("COMPLETE=\"{shell}\"")];
        assert!(asks.iter().any(|a| script.contains(a)), "{script}");
    }
}
