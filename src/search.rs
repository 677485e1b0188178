//! Symptom search: rank flows for a problem described in the user's own words.
//!
//! Whole-string fuzzy matching ranks short phrases badly, so the query is split into
//! words, each word is matched against the words of every flow's symptom phrases, title and
//! category with a normalized Damerau-Levenshtein similarity (typos such as "batery" still
//! match), and synonyms map everyday words onto the flows' vocabulary ("bind" → "pair",
//! "whatsapp" → "notification"). A flow's score is the weighted share of query words it
//! explains, plus a bonus when one of its symptom phrases appears whole in the query.

use serde::Serialize;
use strsim::normalized_damerau_levenshtein;

use crate::graph::{FlowId, Graph};

/// Words that say nothing about which flow is meant.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "any",
    "are",
    "at",
    "be",
    "but",
    "can",
    "cant",
    "can't",
    "cannot",
    "do",
    "does",
    "doesn't",
    "doesnt",
    "dont",
    "don't",
    "for",
    "from",
    "get",
    "getting",
    "has",
    "have",
    "how",
    "i",
    "i'm",
    "im",
    "in",
    "is",
    "isn't",
    "isnt",
    "it",
    "it's",
    "its",
    "keep",
    "keeps",
    "me",
    "my",
    "no",
    "not",
    "of",
    "on",
    "or",
    "so",
    "the",
    "there",
    "this",
    "to",
    "too",
    "up",
    "very",
    "was",
    "watch",
    "what",
    "when",
    "why",
    "will",
    "with",
    "won't",
    "wont",
    "smartwatch",
    "kospet",
    "band",
    "please",
    "help",
    "problem",
    "issue",
    "doesnt",
    "all",
    "any",
    "anymore",
];

/// Everyday words and the words the flows use for them.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("bind", &["pair"]),
    ("link", &["pair", "connect"]),
    ("connect", &["pair", "connect"]),
    ("connection", &["connect", "pair"]),
    ("disconnect", &["disconnect", "pair"]),
    ("drop", &["disconnect"]),
    ("bluetooth", &["bluetooth", "pair"]),
    ("phone", &["phone"]),
    ("iphone", &["phone", "pair"]),
    ("update", &["firmware", "update"]),
    ("upgrade", &["firmware", "update"]),
    ("ota", &["firmware", "update"]),
    ("software", &["firmware"]),
    ("version", &["firmware"]),
    ("charge", &["charge", "battery"]),
    ("charging", &["charge", "battery"]),
    ("charger", &["charge", "battery"]),
    ("drain", &["battery", "drain"]),
    ("dies", &["battery", "drain"]),
    ("die", &["battery", "drain"]),
    ("power", &["battery"]),
    ("whatsapp", &["notification", "app"]),
    ("message", &["notification"]),
    ("messages", &["notification"]),
    ("sms", &["notification"]),
    ("text", &["notification"]),
    ("texts", &["notification"]),
    ("alert", &["notification"]),
    ("alerts", &["notification"]),
    ("ring", &["call", "notification"]),
    ("call", &["call", "notification"]),
    ("calls", &["call", "notification"]),
    ("location", &["gps"]),
    ("route", &["gps", "route"]),
    ("map", &["gps"]),
    ("satellite", &["gps"]),
    ("altitude", &["altitude", "gps"]),
    ("elevation", &["altitude", "gps"]),
    ("data", &["sync", "data"]),
    ("upload", &["sync"]),
    ("strava", &["strava", "sync"]),
    ("health", &["health"]),
    ("pedometer", &["step"]),
    ("walking", &["step"]),
    ("count", &["step", "count"]),
    ("pulse", &["heart"]),
    ("bpm", &["heart"]),
    ("sleeping", &["sleep"]),
    ("nap", &["sleep"]),
    ("pin", &["password"]),
    ("passcode", &["password"]),
    ("locked", &["password", "locked"]),
    ("lock", &["password", "locked"]),
    ("volume", &["sound"]),
    ("vibrate", &["vibration"]),
    ("buzz", &["vibration"]),
    ("clock", &["time"]),
    ("timezone", &["time", "zone"]),
    ("photo", &["camera", "picture"]),
    ("photos", &["camera", "picture"]),
    ("selfie", &["camera"]),
    ("song", &["music"]),
    ("songs", &["music"]),
    ("spotify", &["music"]),
    ("aod", &["always", "display"]),
];

/// How close two words must be to count as the same word.
const MATCH: f64 = 0.75;

#[derive(Debug, Clone, Serialize)]
pub struct Match {
    #[serde(skip)]
    pub flow: FlowId,
    pub id: String,
    pub title: String,
    pub category: String,
    /// 0 to 1: how much of the query the flow explains.
    pub score: f64,
}

/// Lowercase words, apostrophes kept, everything else a separator.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’').replace('’', "'"))
        .filter(|w| !w.is_empty())
        .collect()
}

/// A crude stem, so "pairing", "paired" and "pairs" meet "pair".
fn stem(word: &str) -> String {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() >= 3
        {
            return stem.to_string();
        }
    }
    word.to_string()
}

fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (sa, sb) = (stem(a), stem(b));
    if sa == sb {
        return 0.95;
    }
    // Short words must match exactly: "gps" is not "gas".
    if a.chars().count() < 4 || b.chars().count() < 4 {
        return 0.0;
    }
    normalized_damerau_levenshtein(&sa, &sb).max(normalized_damerau_levenshtein(a, b))
}

/// The words a query word may stand for: itself and its synonyms.
fn alternatives(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let stemmed = stem(word);
    for (key, targets) in SYNONYMS {
        if *key == word || *key == stemmed || similarity(key, word) >= 0.85 {
            out.extend(targets.iter().map(|t| t.to_string()));
        }
    }
    out
}

struct Vocabulary {
    /// (word, weight): symptoms weigh most, then the title, then the category.
    words: Vec<(String, f64)>,
    phrases: Vec<String>,
}

fn vocabulary(graph: &Graph, flow: FlowId) -> Vocabulary {
    let flow = graph.flow(flow);
    let mut list: Vec<(String, f64)> = Vec::new();
    let mut add = |text: &str, weight: f64| {
        for word in words(text) {
            if !STOP_WORDS.contains(&word.as_str()) {
                list.push((word, weight));
            }
        }
    };
    for symptom in &flow.symptoms {
        add(symptom, 1.0);
    }
    add(&flow.title, 0.8);
    add(&flow.category, 0.6);
    add(&flow.id.replace('-', " "), 0.8);
    Vocabulary {
        words: list,
        phrases: flow.symptoms.iter().map(|s| words(s).join(" ")).collect(),
    }
}

/// Ranks every flow for the query, best first; flows that explain nothing are left out.
pub fn rank(graph: &Graph, query: &str) -> Vec<Match> {
    let query_words: Vec<String> = words(query)
        .into_iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect();
    let normalized_query = words(query).join(" ");
    let mut matches = Vec::new();
    if query_words.is_empty() {
        return matches;
    }
    for (id, flow) in graph.flows() {
        let vocabulary = vocabulary(graph, id);
        let mut total = 0.0;
        for word in &query_words {
            let mut best: f64 = 0.0;
            for (index, alternative) in alternatives(word).iter().enumerate() {
                // A synonym counts a little less than the word itself.
                let discount = if index == 0 { 1.0 } else { 0.9 };
                for (known, weight) in &vocabulary.words {
                    let s = similarity(alternative, known);
                    if s >= MATCH {
                        best = best.max(s * weight * discount);
                    }
                }
            }
            total += best;
        }
        let mut score = total / query_words.len() as f64;
        if vocabulary
            .phrases
            .iter()
            .any(|p| !p.is_empty() && normalized_query.contains(p.as_str()))
        {
            score += 0.25;
        }
        if score > 0.0 {
            matches.push(Match {
                flow: id,
                id: flow.id.clone(),
                title: flow.title.clone(),
                category: flow.category.clone(),
                score: (score.min(1.0) * 1000.0).round() / 1000.0,
            });
        }
    }
    matches.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    matches
}

#[cfg(test)]
mod tests {
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
}
