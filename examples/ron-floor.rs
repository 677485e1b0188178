//! The floor for loading trees: ron deserializing the same bytes into plain typed serde
//! structs that mirror the format, with no positions, no diagnostics and no checks.
//!
//! ```sh
//! cargo run --release --example ron-floor -- DIR            # floor vs load + check, in-process
//! cargo run --release --example ron-floor -- --only floor DIR     # for /usr/bin/time -v
//! cargo run --release --example ron-floor -- --only watchfix DIR
//! ```
//!
//! Both sides read the files from disk on every round, so the ratio compares like with
//! like; the figure printed is the median of several rounds.

use std::collections::HashMap;
use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ron::extensions::Extensions;
use serde::Deserialize;

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename = "Flow")]
struct Flow {
    id: String,
    title: String,
    category: String,
    #[serde(default)]
    symptoms: Vec<String>,
    start: String,
    nodes: HashMap<String, Node>,
    #[serde(default)]
    scenarios: Vec<Scenario>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
enum Node {
    Ask {
        #[serde(default)]
        fact: Option<String>,
        text: String,
        choices: Vec<Choice>,
    },
    Step {
        text: String,
        #[serde(default)]
        source: Option<String>,
        fixed: String,
        not_fixed: String,
        #[serde(default)]
        fixed_label: Option<String>,
        #[serde(default)]
        not_fixed_label: Option<String>,
        #[serde(default)]
        done: Option<String>,
    },
    Input {
        fact: String,
        text: String,
        next: String,
        #[serde(default)]
        skip: Option<String>,
    },
    Tell {
        text: String,
        #[serde(default)]
        source: Option<String>,
        next: String,
    },
    Call {
        flow: String,
        then: String,
    },
    End {
        outcome: Outcome,
        text: String,
        #[serde(default)]
        ask: Option<String>,
        #[serde(default)]
        terms: bool,
    },
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Choice {
    id: String,
    label: String,
    next: String,
    #[serde(default)]
    says: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Scenario {
    name: String,
    #[serde(default)]
    facts: HashMap<String, String>,
    #[serde(default)]
    answers: Vec<String>,
    #[serde(default)]
    expect: Option<String>,
    #[serde(default)]
    outcome: Option<Outcome>,
}

#[derive(Deserialize)]
enum Outcome {
    Resolved,
    Escalate,
    Info,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename = "Facts")]
struct Facts {
    facts: HashMap<String, Fact>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Fact {
    name: String,
    question: String,
    #[serde(default)]
    values: HashMap<String, String>,
    #[serde(default)]
    accepts: Option<Accepts>,
    #[serde(default)]
    example: Option<String>,
    #[serde(default)]
    vague: Vec<String>,
    #[serde(default)]
    missing: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
enum Accepts {
    Text { max: usize },
    Version,
    Date,
    Number,
}

fn ron_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read the folder")
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            ron_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
}

/// Reads and deserializes every file, keeping them all: flows into `Flow`, `Facts(...)` into `Facts`. The
/// format's options: bare values in optional fields (`source: "..."`) need implicit Some.
fn floor(files: &[PathBuf]) -> usize {
    let options = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
    let mut flows = Vec::new();
    for path in files {
        let text = fs::read_to_string(path).expect("read a tree file");
        let first = |name: &str| text.find(name).unwrap_or(usize::MAX);
        if first("Facts(") < first("Flow(") {
            black_box(options.from_str::<Facts>(&text).expect("facts deserialize"));
        } else if first("Flow(") < usize::MAX {
            let flow: Flow = options.from_str(&text).expect("a flow deserializes");
            flows.push(flow);
        }
    }
    // Held to the end, as a loader holds every flow it has read.
    black_box(&flows);
    flows.iter().map(|f| f.nodes.len()).sum()
}

fn watchfix(dir: &Path) -> usize {
    let loaded = watchfix::load::from_dir(dir).expect("load the trees");
    let checked = watchfix::check::check(loaded);
    assert_eq!(checked.errors(), 0, "the trees check clean");
    let graph = checked.graph.expect("a graph");
    graph.flows().map(|(_, f)| f.node_ids().count()).sum()
}

fn median(mut f: impl FnMut(), rounds: usize) -> Duration {
    let mut samples: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (only, dir) = match args.as_slice() {
        [flag, side, dir] if flag == "--only" => (Some(side.clone()), PathBuf::from(dir)),
        [dir] => (None, PathBuf::from(dir)),
        _ => {
            eprintln!("usage: ron-floor [--only floor|watchfix] DIR");
            std::process::exit(2);
        }
    };
    let mut files = Vec::new();
    ron_files(&dir, &mut files);
    let bytes: u64 = files
        .iter()
        .map(|p| fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    match only.as_deref() {
        Some("floor") => println!("floor: {} nodes", floor(&files)),
        Some("watchfix") => println!("watchfix: {} nodes", watchfix(&dir)),
        Some(other) => panic!("--only floor or --only watchfix, not {other}"),
        None => {
            let rounds = 7;
            let floor_time = median(
                || {
                    black_box(floor(&files));
                },
                rounds,
            );
            let load = median(
                || {
                    black_box(watchfix::load::from_dir(&dir).expect("load the trees"));
                },
                rounds,
            );
            let ours = median(
                || {
                    black_box(watchfix(&dir));
                },
                rounds,
            );
            println!(
                "{} files, {bytes} bytes, {} nodes (floor) / {} nodes (graph, with built-ins)",
                files.len(),
                floor(&files),
                watchfix(&dir)
            );
            println!("serde-ron floor   {floor_time:>10.1?}");
            println!(
                "load alone        {load:>10.1?}  = {:.2}x floor",
                load.as_secs_f64() / floor_time.as_secs_f64()
            );
            println!(
                "load + check      {ours:>10.1?}  = {:.2}x floor",
                ours.as_secs_f64() / floor_time.as_secs_f64()
            );
        }
    }
}
