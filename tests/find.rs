//! Symptom search: real phrasings, each with the flow that must come first.

use watchfix::checker::check;
use watchfix::loader;
use watchfix::search::rank;

const CASES: &[(&str, &str)] = &[
    ("my watch keeps disconnecting", "pairing"),
    ("watch won't connect to my phone", "pairing"),
    ("can't pair with new phone", "pairing"),
    ("bluetooth pairing fails", "pairing"),
    ("wont bind to iphone", "pairing"),
    ("the app can't find my watch", "pairing"),
    ("no whatsapp notifications", "notifications"),
    ("not getting notifications", "notifications"),
    ("calls don't show on the watch", "notifications"),
    ("music control not working", "notifications"),
    ("can't take pictures with the watch", "notifications"),
    ("batery dies", "battery"),
    ("battery drains too fast", "battery"),
    ("how long does the battery last", "battery"),
    ("can I buy a new battery", "battery"),
    ("data not syncing", "sync"),
    ("steps won't sync to the app", "sync"),
    ("contacts missing on watch", "sync"),
    ("weather not showing", "sync"),
    ("time is wrong on my watch", "sync"),
    ("export to strava", "sync"),
    ("gps not working", "gps"),
    ("route is inaccurate", "gps"),
    ("altitude is wrong", "gps"),
    ("firmware update failed", "firmware-update"),
    ("how do i update the software", "firmware-update"),
    ("step count is wrong", "activity"),
    ("heart rate readings are off", "activity"),
    ("sleep not tracked", "activity"),
    ("calories wrong when cycling", "activity"),
    ("change the language", "settings"),
    ("how to change the watch face", "settings"),
    ("vibration too weak", "settings"),
    ("forgot password", "watch-password"),
    ("my watch is locked with a pin", "watch-password"),
];

#[test]
fn real_phrasings_rank_the_right_flow_first() {
    let graph = check(loader::embedded())
        .graph
        .expect("the shipped trees are valid");
    let mut wrong = Vec::new();
    for (query, expected) in CASES {
        let ranked = rank(&graph, query);
        let first = ranked.first().map_or("(nothing)", |m| m.id.as_str());
        if first != *expected {
            let top: Vec<String> = ranked
                .iter()
                .take(3)
                .map(|m| format!("{} {:.2}", m.id, m.score))
                .collect();
            wrong.push(format!(
                "{query:?}: expected {expected}, got {}",
                top.join(", ")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} ranked wrong:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}

#[test]
fn nonsense_matches_nothing() {
    let graph = check(loader::embedded())
        .graph
        .expect("the shipped trees are valid");
    assert!(rank(&graph, "xyzzy plugh").is_empty());
    assert!(rank(&graph, "").is_empty());
    assert!(rank(&graph, "my watch").is_empty());
}
