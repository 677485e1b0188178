//! Symptom search: rank flows for a problem described in the user's own words.
//!
//! Whole-string fuzzy matching ranks short phrases badly, so the query is split into
//! terms: its words, less the stop words, with a few expressions read as one term ("won't
//! turn on"). Each term is matched against the words of every flow's symptom phrases, title,
//! category and id with a normalized Damerau-Levenshtein similarity (typos such as "batery"
//! still match), and synonyms map everyday words onto the flows' vocabulary ("bind" →
//! "pair", "whatsapp" → "notification").
//!
//! A term counts by how rare it is across the flows, IDF-like: "battery" names one flow,
//! while "turn", "wrong" or "data" fit several and say little about which is meant. A flow's
//! score is the mean over the query's terms of how well it explains each (match strength ×
//! rarity), so it lies in 0..=1 by construction, and 1 only when every term is matched
//! exactly by a word no other flow has, or by one of the flow's symptom phrases that appears
//! whole in the query (a whole symptom phrase is specific even when its words are not). A
//! query of generic words scores low everywhere, and [`WEAK`] tells such matches apart.
//! Equal scores are ordered by the whole symptom phrases matched, then by how many of the
//! flow's phrases the terms appear in, then by id.

mod words;

use std::collections::HashSet;
use std::ops::Range;

use strsim::normalized_damerau_levenshtein;

use crate::graph::{FlowId, Graph};

use words::{EXPRESSIONS, STOP_WORDS, phrase_key, stem, words};

/// How close two words must be to count as the same word.
const MATCH: f64 = 0.75;

/// A synonym counts a little less than the word itself.
const SYNONYM: f64 = 0.9;

/// An expression's alternatives are the nearest flow, not a fit: they score a weak match.
const NEAREST: f64 = 0.45;

/// Matches scoring below this share of the best one are not worth showing.
pub const KEEP: f64 = 0.5;

/// [`best`] offers at most this many matches.
pub const SHOWN: usize = 5;

/// A best match scoring below this is weak: the query is mostly not about that flow.
pub const WEAK: f64 = 0.5;

/// A match scoring at least this is sure enough to offer without a "maybe".
pub const SURE: f64 = 0.7;

mod facts;
pub use facts::facts_named;

/// How sure a match is, in words a person can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// At least [`SURE`].
    Sure,
    /// At least [`WEAK`]: probably the flow, not certainly.
    Good,
    /// Below [`WEAK`]: only the nearest.
    Weak,
}

/// How sure a match with this score is.
pub fn confidence(score: f64) -> Confidence {
    if score >= SURE {
        Confidence::Sure
    } else if score >= WEAK {
        Confidence::Good
    } else {
        Confidence::Weak
    }
}

#[derive(Debug, Clone)]
pub struct Match {
    pub flow: FlowId,
    pub id: String,
    pub title: String,
    pub category: String,
    /// 0 to 1: how much of the query the flow explains, each term counted by how rare it
    /// is across the flows. Below [`WEAK`], the flow is only the nearest.
    pub score: f64,
}

/// A word with its stem, worked out once.
struct Word {
    text: String,
    stem: String,
    /// Short words must match exactly: "gps" is not "gas".
    short: bool,
}

impl Word {
    fn new(text: &str) -> Word {
        Word {
            text: text.to_string(),
            stem: stem(text),
            short: text.chars().count() < 4,
        }
    }
}

/// 1 for the same word, 0.95 for the same stem, else the edit similarity of the two; 0
/// when that is below [`MATCH`].
fn similar(a: &Word, b: &Word) -> f64 {
    if a.text == b.text {
        return 1.0;
    }
    if a.stem == b.stem {
        return 0.95;
    }
    if a.short || b.short {
        return 0.0;
    }
    // Words of very different lengths cannot be close: skip the edit distance.
    let at_most = |x: &str, y: &str| {
        let (x, y) = (x.chars().count() as f64, y.chars().count() as f64);
        1.0 - (x - y).abs() / x.max(y)
    };
    if at_most(&a.text, &b.text).max(at_most(&a.stem, &b.stem)) < MATCH {
        return 0.0;
    }
    let s = normalized_damerau_levenshtein(&a.stem, &b.stem)
        .max(normalized_damerau_levenshtein(&a.text, &b.text));
    if s >= MATCH { s } else { 0.0 }
}

fn similarity(a: &str, b: &str) -> f64 {
    similar(&Word::new(a), &Word::new(b))
}

/// A word a term may stand for.
struct Alternative {
    word: Word,
    /// How much a match counts: 1 for the word itself, less for a synonym.
    weight: f64,
    /// How similar a flow's word must be to match. A word some flow has is taken as
    /// written; typos are forgiven only in words no flow has, so "charge" does not match
    /// "change" while "batery" matches "battery".
    close: f64,
}

impl Alternative {
    fn new(word: &str, weight: f64) -> Alternative {
        Alternative {
            word: Word::new(word),
            weight,
            close: MATCH,
        }
    }
}

/// The words a query word may stand for: the word itself, then its synonyms from the
/// trees' vocabulary.
fn alternatives(word: &str, synonyms: &[(String, Vec<String>)]) -> Vec<Alternative> {
    let mut out = vec![Alternative::new(word, 1.0)];
    let stemmed = stem(word);
    for (key, targets) in synonyms {
        if stem(key) == stemmed || similarity(key, word) >= 0.85 {
            out.extend(targets.iter().map(|t| Alternative::new(t, SYNONYM)));
        }
    }
    out
}

/// What the query asks about: a content word, or an expression read as one.
struct Term {
    /// The query words it stands for.
    span: Range<usize>,
    alternatives: Vec<Alternative>,
}

/// The expression starting at `words[at]`, if any: its length and alternatives.
fn expression(words: &[String], at: usize) -> Option<(usize, &'static [&'static str])> {
    EXPRESSIONS.iter().find_map(|(pattern, targets)| {
        let fits = pattern.len() <= words.len() - at
            && pattern
                .iter()
                .zip(&words[at..])
                .all(|(choices, word)| choices.contains(&word.as_str()));
        fits.then_some((pattern.len(), *targets))
    })
}

fn terms(words: &[String], synonyms: &[(String, Vec<String>)]) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut at = 0;
    while at < words.len() {
        if let Some((len, targets)) = expression(words, at) {
            terms.push(Term {
                span: at..at + len,
                alternatives: targets
                    .iter()
                    .map(|t| Alternative::new(t, NEAREST))
                    .collect(),
            });
            at += len;
        } else {
            if !STOP_WORDS.contains(&words[at].as_str()) {
                terms.push(Term {
                    span: at..at + 1,
                    alternatives: alternatives(&words[at], synonyms),
                });
            }
            at += 1;
        }
    }
    terms
}

/// A flow's words, grouped by where they come from.
struct FlowWords {
    /// (content words, weight) of each symptom phrase, the title, the category and the id:
    /// the symptoms and the id (the flow's name) weigh most, then the title, then the category.
    sources: Vec<(Vec<Word>, f64)>,
    /// Each symptom phrase's words as [`phrase_key`]s, for whole-phrase matches.
    phrases: Vec<Vec<String>>,
}

fn vocabulary(graph: &Graph, flow: FlowId) -> FlowWords {
    let flow = graph.flow(flow);
    let content = |text: &str| -> Vec<Word> {
        words(text)
            .iter()
            .filter(|w| !STOP_WORDS.contains(&w.as_str()))
            .map(|w| Word::new(w))
            .collect()
    };
    let mut sources: Vec<(Vec<Word>, f64)> =
        flow.symptoms.iter().map(|s| (content(s), 1.0)).collect();
    sources.push((content(&flow.title), 0.8));
    sources.push((content(&flow.category), 0.6));
    sources.push((content(&flow.id.replace('-', " ")), 1.0));
    FlowWords {
        sources,
        phrases: flow
            .symptoms
            .iter()
            // A phrase of stop words alone would match anything.
            .filter(|s| !content(s).is_empty())
            .map(|s| words(s).iter().map(|w| phrase_key(w)).collect())
            .collect(),
    }
}

/// How one flow answers one term.
struct TermFit {
    /// For each of the term's alternatives, 0 to 1: its best match with the flow's words,
    /// similarity × the weight of where the word is × the alternative's weight.
    strengths: Vec<f64>,
    /// How many of the flow's phrases (symptoms, title, category, id) the term appears in.
    sources: usize,
}

fn fit(term: &Term, vocabulary: &FlowWords) -> TermFit {
    let mut strengths = vec![0.0_f64; term.alternatives.len()];
    let mut sources = 0;
    for (words, weight) in &vocabulary.sources {
        let mut found = false;
        for (alternative, strength) in term.alternatives.iter().zip(&mut strengths) {
            for known in words {
                let s = similar(&alternative.word, known);
                if s >= alternative.close {
                    *strength = strength.max(s * weight * alternative.weight);
                    found = true;
                }
            }
        }
        sources += usize::from(found);
    }
    TermFit { strengths, sources }
}

/// Which query words the flow's symptom phrases cover where they appear whole, and how many
/// of its phrases do.
fn whole_phrases(query: &[String], vocabulary: &FlowWords) -> (Vec<bool>, usize) {
    let mut covered = vec![false; query.len()];
    let mut count = 0;
    for phrase in &vocabulary.phrases {
        let mut found = false;
        for start in 0..(query.len() + 1).saturating_sub(phrase.len()) {
            if query[start..start + phrase.len()] == phrase[..] {
                covered[start..start + phrase.len()].fill(true);
                found = true;
            }
        }
        count += usize::from(found);
    }
    (covered, count)
}

/// Ranks every flow for the query, best first; flows that explain nothing are left out.
pub fn rank(graph: &Graph, query: &str) -> Vec<Match> {
    let query_words = words(query);
    let mut terms = terms(&query_words, graph.synonyms());
    if terms.is_empty() || graph.flows().len() == 0 {
        return Vec::new();
    }
    let vocabularies: Vec<(FlowId, FlowWords)> = graph
        .flows()
        .map(|(id, _)| (id, vocabulary(graph, id)))
        .collect();
    let known: HashSet<&str> = vocabularies
        .iter()
        .flat_map(|(_, v)| v.sources.iter().flat_map(|(words, _)| words))
        .map(|w| w.stem.as_str())
        .collect();
    for alternative in terms.iter_mut().flat_map(|t| &mut t.alternatives) {
        if known.contains(alternative.word.stem.as_str()) {
            alternative.close = 0.95;
        }
    }
    let keys: Vec<String> = query_words.iter().map(|w| phrase_key(w)).collect();

    struct Flow {
        id: FlowId,
        fits: Vec<TermFit>,
        /// Query words inside one of the flow's symptom phrases found whole.
        covered: Vec<bool>,
        phrases: usize,
    }
    let flows: Vec<Flow> = vocabularies
        .iter()
        .map(|(id, vocabulary)| {
            let (covered, phrases) = whole_phrases(&keys, vocabulary);
            Flow {
                id: *id,
                fits: terms.iter().map(|t| fit(t, vocabulary)).collect(),
                covered,
                phrases,
            }
        })
        .collect();

    // How rare each alternative of each term is: 1 / df, where df counts the flows that
    // match it, each by its match strength relative to the strongest. A word k flows match
    // alike is at most 1/k evidence for each: 1 for a word one flow has, 1/N for one all
    // flows have.
    let rarity: Vec<Vec<f64>> = terms
        .iter()
        .enumerate()
        .map(|(t, term)| {
            (0..term.alternatives.len())
                .map(|a| {
                    let strength = |f: &Flow| f.fits[t].strengths[a];
                    let strongest = flows.iter().map(strength).fold(0.0, f64::max);
                    if strongest == 0.0 {
                        return 0.0;
                    }
                    let df: f64 = flows.iter().map(|f| strength(f) / strongest).sum();
                    1.0 / df.max(1.0)
                })
                .collect()
        })
        .collect();

    struct Ranked {
        score: f64,
        phrases: usize,
        sources: usize,
        found: Match,
    }
    let mut ranked: Vec<Ranked> = flows
        .iter()
        .filter_map(|flow| {
            // Each term explained: 1 inside a whole symptom phrase, else its best
            // alternative's match strength × rarity. The mean is in 0..=1.
            let explained: f64 = terms
                .iter()
                .zip(&flow.fits)
                .zip(&rarity)
                .map(|((term, fit), rarity)| {
                    if flow.covered[term.span.clone()].iter().all(|c| *c) {
                        1.0
                    } else {
                        fit.strengths
                            .iter()
                            .zip(rarity)
                            .map(|(s, r)| s * r)
                            .fold(0.0, f64::max)
                    }
                })
                .sum();
            let score = explained / terms.len() as f64;
            debug_assert!((0.0..=1.0).contains(&score), "{score}");
            // Rounded as shown, so that equal shown scores fall to the tie-breaks.
            let score = (score * 1000.0).round() / 1000.0;
            let data = graph.flow(flow.id);
            (score > 0.0).then(|| Ranked {
                score,
                phrases: flow.phrases,
                sources: flow.fits.iter().map(|f| f.sources).sum(),
                found: Match {
                    flow: flow.id,
                    id: data.id.clone(),
                    title: data.title.clone(),
                    category: data.category.clone(),
                    score,
                },
            })
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.phrases.cmp(&a.phrases))
            .then(b.sources.cmp(&a.sources))
            .then_with(|| a.found.id.cmp(&b.found.id))
    });
    ranked.into_iter().map(|r| r.found).collect()
}

/// The matches worth offering for the query: ranked, those scoring at least [`KEEP`] of
/// the best one, at most [`SHOWN`]. The first scoring below [`WEAK`] means no flow fits
/// well and it is only the nearest.
pub fn best(graph: &Graph, query: &str) -> Vec<Match> {
    let mut matches = rank(graph, query);
    if let Some(top) = matches.first().map(|m| m.score) {
        matches.retain(|m| m.score >= top * KEEP);
    }
    matches.truncate(SHOWN);
    matches
}

#[cfg(test)]
mod tests;
