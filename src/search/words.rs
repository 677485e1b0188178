//! The language the ranking reads a description in: the words it skips, the expressions it
//! reads as one term, and how it splits a text into words and stems them. The vocabulary of
//! synonyms is tree content (`trees/vocabulary.ron`); these are rules of English.

/// Words that say nothing about which flow is meant.
pub(super) const STOP_WORDS: &[&str] = &[
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
    "all",
    "anymore",
    "after",
    "since",
    "again",
    "still",
    "just",
    "now",
    "even",
    "really",
    "also",
];

/// Words that negate the verb after them, for [`EXPRESSIONS`].
const NEGATIONS: &[&str] = &[
    "won't", "wont", "doesn't", "doesnt", "don't", "dont", "not", "can't", "cant", "cannot",
    "isn't", "isnt", "never", "didn't", "didnt",
];

/// Expressions read as one term: a word sequence, each position one of several words, and
/// the alternatives the whole stands for, at [`NEAREST`]. No flow is about a watch that will
/// not power on; the battery and charging flow is the nearest.
pub(super) const EXPRESSIONS: &[(&[&[&str]], &[&str])] = &[
    (
        &[
            NEGATIONS,
            &[
                "turn",
                "turning",
                "switch",
                "switching",
                "power",
                "powering",
            ],
            &["on"],
        ],
        &["charge", "battery"],
    ),
    (
        &[
            NEGATIONS,
            &["boot", "booting", "start", "starting"],
            &["up"],
        ],
        &["charge", "battery"],
    ),
    (&[NEGATIONS, &["boot", "booting"]], &["charge", "battery"]),
    (&[&["dead"]], &["charge", "battery"]),
];

/// Lowercase words, apostrophes kept, everything else a separator.
pub(super) fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’').replace('’', "'"))
        .filter(|w| !w.is_empty())
        .collect()
}

/// A crude stem, so "pairing", "paired" and "pairs" meet "pair", "charge" meets
/// "charging", and "batteries" meets "battery".
pub(super) fn stem(word: &str) -> String {
    let long_enough = |stem: &str| stem.chars().count() >= 3;
    let mut stem = word.to_string();
    if let Some(s) = stem.strip_suffix("ies")
        && long_enough(s)
    {
        return format!("{s}y");
    }
    if let Some(s) = stem.strip_suffix('s')
        && !s.ends_with('s')
        && long_enough(s)
    {
        stem = s.to_string();
    }
    for suffix in ["ing", "ed"] {
        if let Some(s) = stem.strip_suffix(suffix)
            && long_enough(s)
        {
            stem = s.to_string();
            // "dropping" → "drop", but "calling" → "call".
            let mut last = stem.chars().rev();
            if let (Some(a), Some(b)) = (last.next(), last.next())
                && a == b
                && !"lsz".contains(a)
                && long_enough(&stem[..stem.len() - a.len_utf8()])
            {
                stem.pop();
            }
            break;
        }
    }
    if let Some(s) = stem.strip_suffix('e')
        && long_enough(s)
    {
        stem = s.to_string();
    }
    stem
}

/// The form a word takes when phrases are compared whole: stemmed, apostrophes dropped, so
/// "keep disconnecting" meets "keeps disconnecting" and "wont" meets "won't".
pub(super) fn phrase_key(word: &str) -> String {
    stem(&word.replace('\'', ""))
}
