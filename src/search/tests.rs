//! The ranking against the shipped trees and small cases: stems, typos, synonyms,
//! expressions, weak matches.

use super::*;

#[test]
fn words_are_lowercased_and_split() {
    assert_eq!(
        words("My watch won’t PAIR!"),
        ["my", "watch", "won't", "pair"]
    );
}

#[test]
fn stems_and_typos_still_match() {
    assert!(similarity("pairing", "pair") >= MATCH);
    assert!(similarity("batery", "battery") >= MATCH);
    assert!(similarity("notifcations", "notifications") >= MATCH);
    assert!(similarity("gps", "gas") < MATCH);
}

#[test]
fn stems_meet_across_forms() {
    for (a, b) in [
        ("charge", "charging"),
        ("batteries", "battery"),
        ("dropping", "drop"),
        ("setting", "settings"),
        ("updated", "update"),
        ("notifications", "notification"),
    ] {
        assert_eq!(stem(a), stem(b), "{a} {b}");
    }
    assert_eq!(stem("calling"), "call");
    assert_eq!(stem("gps"), "gps");
    assert_eq!(stem("dies"), "die");
}

#[test]
fn word_lists_have_no_duplicates() {
    let mut seen = HashSet::new();
    for word in STOP_WORDS {
        assert!(seen.insert(word), "{word:?} is listed twice in STOP_WORDS");
    }
    let graph = crate::check::check(crate::load::embedded())
        .graph
        .expect("the shipped trees are valid");
    let mut keys = HashSet::new();
    for (key, targets) in graph.synonyms() {
        assert!(
            keys.insert(key),
            "{key:?} is listed twice in the vocabulary"
        );
        // A stop word is dropped before synonyms are looked up.
        assert!(
            !STOP_WORDS.contains(&key.as_str()),
            "{key:?} is a stop word"
        );
        assert!(!targets.is_empty(), "{key:?} stands for nothing");
    }
}

#[test]
fn expressions_are_read_as_one_term() {
    let query = words("my watch won't turn on after charging");
    let terms = terms(&query, &[]);
    let spans: Vec<Range<usize>> = terms.iter().map(|t| t.span.clone()).collect();
    assert_eq!(spans, [2..5, 6..7]);
    assert_eq!(terms[0].alternatives[0].weight, NEAREST);
    // Turning something on is not an expression.
    let query = words("how to turn on always-on display");
    let terms = super::terms(&query, &[]);
    let spans: Vec<Range<usize>> = terms.iter().map(|t| t.span.clone()).collect();
    assert_eq!(spans, [2..3, 4..5, 6..7]);
}
