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
