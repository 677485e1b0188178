//! The compiled-graph cache of `--trees` directories: a check's graph is kept under
//! `$XDG_CACHE_HOME/watchfix`, used while the files stay the same, and any cache file that
//! is not a whole graph of those files is ignored and replaced. Every run's output is the
//! same with or without the cache.

mod common;

use std::fs;
use std::path::PathBuf;

use common::Test;

const FLOW: &str = r#"Flow(
    id: "demo",
    title: "Demo problem",
    category: "Demo",
    start: "first",
    nodes: {
        "first": Ask(text: "Which part?", choices: [
            (id: "left", label: "Left", next: "done"),
            (id: "right", label: "Right", next: "done"),
        ]),
        "done": End(outcome: Resolved, text: "Fixed."),
    },
)"#;

fn demo() -> Test {
    Test::new().tree("demo.ron", FLOW).args(["list"])
}

const LIST: &str = "Demo\n  demo  Demo problem\n\nStart one with `watchfix run <ID>`.\n";

/// The graph files in the test's cache.
fn cached(test: &Test) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(test.cache_dir().join("watchfix")) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

#[cfg(unix)]
fn inode(path: &PathBuf) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).unwrap())
}

#[test]
fn a_check_is_kept_and_used_again() {
    let test = demo().stdout(LIST);
    test.run();
    let files = cached(&test);
    assert_eq!(files.len(), 1, "{files:?}");
    #[cfg(unix)]
    let before = inode(&files[0]);
    test.run();
    // A miss would have replaced the file (written beside it, then renamed over it).
    assert_eq!(cached(&test), files);
    #[cfg(unix)]
    assert_eq!(
        inode(&files[0]),
        before,
        "the second run read the kept graph"
    );
}

#[test]
fn a_changed_file_is_checked_again() {
    let test = demo().stdout(LIST);
    test.run();
    let changed = FLOW.replace("Demo problem", "Changed problem");
    let test = test
        .tree("demo.ron", &changed)
        .stdout(LIST.replace("Demo problem", "Changed problem"));
    test.run();
    assert_eq!(cached(&test).len(), 2);
}

#[test]
fn a_walk_reads_its_nodes_from_the_kept_graph() {
    let test = Test::new()
        .tree("demo.ron", FLOW)
        .args(["step", "demo", "--answer", "left"])
        .stdout_json();
    let first = test.run().stdout;
    assert_eq!(test.run().stdout, first);
    assert!(first.contains("\"node\": \"done\""), "{first}");
}

#[test]
fn a_damaged_cache_file_is_ignored_and_replaced() {
    let test = demo().stdout(LIST);
    test.run();
    let file = cached(&test).remove(0);
    let whole = fs::read(&file).unwrap();
    let mut flipped = whole.clone();
    *flipped.last_mut().unwrap() ^= 0x55;
    let damages: [(&str, Vec<u8>); 5] = [
        ("empty", Vec::new()),
        ("truncated", whole[..whole.len() / 2].to_vec()),
        ("a flipped byte", flipped),
        ("garbage", vec![0xAB; whole.len()]),
        ("oversized", vec![0; 8 << 20]),
    ];
    for (what, bytes) in damages {
        fs::write(&file, bytes).unwrap();
        test.run();
        assert_eq!(
            fs::read(&file).unwrap(),
            whole,
            "{what}: replaced by the graph"
        );
    }
}

/// A FIFO, a directory or a link to a device where the graph should be is no graph: the
/// command neither waits on it nor fails, and a FIFO or link is replaced by the graph.
#[cfg(unix)]
#[test]
fn a_special_file_in_the_cache_is_passed_over() {
    let test = demo().stdout(LIST);
    test.run();
    let file = cached(&test).remove(0);
    let whole = fs::read(&file).unwrap();
    fs::remove_file(&file).unwrap();
    let status = std::process::Command::new("mkfifo").arg(&file).status();
    assert!(status.unwrap().success(), "mkfifo");
    test.run();
    assert_eq!(
        fs::read(&file).unwrap(),
        whole,
        "the FIFO replaced by the graph"
    );
    fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &file).unwrap();
    test.run();
    assert_eq!(
        fs::read(&file).unwrap(),
        whole,
        "the link replaced by the graph"
    );
    fs::remove_file(&file).unwrap();
    fs::create_dir(&file).unwrap();
    test.run();
    assert!(file.is_dir(), "a directory is left alone");
}

#[test]
fn invalid_trees_are_not_kept() {
    let test = Test::new()
        .tree(
            "demo.ron",
            &FLOW.replace("next: \"done\"", "next: \"gone\""),
        )
        .args(["list"])
        .status(1)
        .stderr_contains("the trees are invalid");
    test.run();
    assert_eq!(cached(&test), Vec::<PathBuf>::new());
}

#[test]
fn the_built_in_trees_need_no_cache() {
    let test = Test::new().args(["list"]).stdout_contains("Start one with");
    test.run();
    assert_eq!(cached(&test), Vec::<PathBuf>::new());
}

#[test]
fn no_cache_is_kept_when_turned_off_or_without_a_home() {
    let off = demo().env("WATCHFIX_NO_CACHE", "1").stdout(LIST);
    off.run();
    assert_eq!(cached(&off), Vec::<PathBuf>::new());
    let homeless = demo()
        .env("XDG_CACHE_HOME", "relative")
        .env("HOME", "")
        .stdout(LIST);
    homeless.run();
    assert_eq!(cached(&homeless), Vec::<PathBuf>::new());
    assert!(!homeless.path().join("relative").exists());
}

#[test]
fn an_unwritable_cache_never_fails_a_command() {
    let test = demo().stdout(LIST);
    // A file where the cache's folder would be.
    fs::write(test.cache_dir(), "not a folder").unwrap();
    test.run();
    test.run();
}
