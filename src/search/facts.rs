//! Facts named in a description: "it won't pair with my iphone" says the phone is an
//! iPhone, "my tank m3 ultra" names the model, so the walk need not ask.
//!
//! A value is named by its id read as words (`tank-m3-ultra` as "tank m3 ultra") or by a
//! word of its label that no other value's label has ("iPhone" in "An iPhone (iOS)").
//! Where names overlap, the longest wins ("tank m3 ultra", not "tank m3"), a word counts
//! for one value only, and a fact is named once. A catch-all value (`other`) is never
//! named: no description says "another model" and means it.

use crate::graph::Graph;
use crate::walk::Facts;

/// Label words too short or too common to name a value alone.
const MIN_WORD: usize = 4;

/// Only a short label ("An iPhone (iOS)") names its value by a word: the words of a
/// longer one explain it ("managed from the app on the phone") and name nothing.
const SHORT_LABEL: usize = 4;

/// The facts a description names, each with the value it names.
pub fn facts_named(graph: &Graph, description: &str) -> Facts {
    let words = lower_words(description);
    let names = names(graph);
    // (fact, value, start, length) of every name found.
    let mut found: Vec<(&str, &str, usize, usize)> = Vec::new();
    for (fact, value, name) in &names {
        for start in 0..words.len() {
            if words[start..].starts_with(name) {
                found.push((fact, value, start, name.len()));
            }
        }
    }
    found.sort_by(|a, b| b.3.cmp(&a.3).then(a.2.cmp(&b.2)));
    let mut taken = vec![false; words.len()];
    let mut facts = Facts::new();
    for (fact, value, start, len) in found {
        let span = start..start + len;
        if facts.contains_key(fact) || taken[span.clone()].iter().any(|t| *t) {
            continue;
        }
        taken[span].iter_mut().for_each(|t| *t = true);
        facts.insert(fact.to_string(), value.to_string());
    }
    facts
}

/// Every name of every value: (fact, value, its words).
fn names(graph: &Graph) -> Vec<(&str, &str, Vec<String>)> {
    let labels: Vec<(&str, &str, Vec<String>)> = graph
        .facts()
        .iter()
        .flat_map(|fact| {
            fact.values
                .iter()
                .map(move |(id, label)| (fact.id.as_str(), id.as_str(), lower_words(label)))
        })
        .collect();
    let mut names = Vec::new();
    for (fact, value, words) in &labels {
        if *value == "other" {
            continue;
        }
        names.push((*fact, *value, lower_words(value)));
        for word in words {
            let alone = labels
                .iter()
                .filter(|(_, _, other)| other.contains(word))
                .count()
                == 1;
            if alone && words.len() <= SHORT_LABEL && word.chars().count() >= MIN_WORD {
                names.push((*fact, *value, vec![word.clone()]));
            }
        }
    }
    names
}

fn lower_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_anything_but_letters_and_digits() {
        assert_eq!(
            lower_words("TANK M3-Ultra (iOS)"),
            ["tank", "m3", "ultra", "ios"]
        );
    }
}
