//! Engine benchmarks, reported as ratios against a baseline measured in the same run, so
//! the numbers mean the same on a loaded laptop and an idle server.
//!
//! - loading and checking every shipped tree, against ron parsing the same text into
//!   untyped values (the least any loader must do);
//! - running every scenario, against replaying the same answers without checks;
//! - ranking a symptom against every flow word by word, against the naive whole-string
//!   fuzzy match of the query with every symptom phrase.
//!
//! Run with `cargo bench`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use watchfix::check::check;
use watchfix::graph::{FlowId, Scenario};
use watchfix::load;
use watchfix::scenario;
use watchfix::search;
use watchfix::walk::{Facts, Walk};

/// Median time of one call, over enough calls to fill about half a second.
fn measure(mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    f();
    let once = start.elapsed().max(Duration::from_nanos(50));
    let per_sample =
        (Duration::from_millis(20).as_nanos() / once.as_nanos()).clamp(1, 100_000) as u32;
    let mut samples: Vec<Duration> = (0..25)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_sample {
                f();
            }
            start.elapsed() / per_sample
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn report(name: &str, ours: Duration, baseline: Duration, baseline_name: &str) {
    println!(
        "{name:32} {:>10.1?}  = {:>6.1}x {baseline_name} ({:.1?})",
        ours,
        ours.as_secs_f64() / baseline.as_secs_f64(),
        baseline
    );
}

fn main() {
    let shipped = load::embedded();
    let texts: Vec<&str> = shipped
        .sources
        .iter()
        .map(|(_, file)| file.text.as_str())
        .collect();

    let baseline = measure(|| {
        for text in &texts {
            black_box(ron::from_str::<ron::Value>(text).ok());
        }
    });
    let ours = measure(|| {
        black_box(check(load::embedded()));
    });
    report("load + check all trees", ours, baseline, "ron::Value parse");

    let graph = check(load::embedded())
        .graph
        .expect("the shipped trees are valid");
    let scenarios: Vec<(FlowId, &Scenario)> = graph
        .flows()
        .flat_map(|(id, flow)| flow.scenarios.iter().map(move |s| (id, s)))
        .collect();
    // The same walks as `run_all`: each scenario's facts and answers, without the checks.
    let replay = |id: FlowId, scenario: &Scenario| -> bool {
        let facts: Facts = scenario.facts.iter().cloned().collect();
        let Ok(mut walk) = Walk::new(&graph, id, facts) else {
            return false;
        };
        for answer in &scenario.answers {
            if walk.answer(answer).is_err() {
                return false;
            }
        }
        walk.is_finished()
    };
    for (id, scenario) in &scenarios {
        assert!(
            replay(*id, scenario),
            "the bare replay of {}/{} stops before its end",
            graph.flow(*id).id,
            scenario.name
        );
    }
    let baseline = measure(|| {
        for (id, scenario) in &scenarios {
            black_box(replay(*id, scenario));
        }
    });
    let ours = measure(|| {
        black_box(scenario::run_all(&graph));
    });
    report("all scenarios with coverage", ours, baseline, "bare replay");

    let query = "my watch keeps disconnecting from the phone";
    let phrases: Vec<&str> = graph
        .flows()
        .flat_map(|(_, f)| f.symptoms.iter().map(String::as_str))
        .collect();
    let baseline = measure(|| {
        for phrase in &phrases {
            black_box(strsim::normalized_damerau_levenshtein(query, phrase));
        }
    });
    let ours = measure(|| {
        black_box(search::rank(&graph, query));
    });
    report("rank one symptom", ours, baseline, "whole-string fuzzy");
}
