//! Diagnostics as data: what is wrong, where, and how to fix it.
//!
//! The loader and the checker push [`Diagnostic`]s; nothing here prints. Rendering lives in
//! [`crate::diagnostic::render`] so the same list can become rustc-style text, JSON or GitHub
//! annotations.

pub mod render;

use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

use crate::source::{Sources, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Every diagnostic the loader and the checker can raise, with a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Syntax,
    UnknownKind,
    UnknownField,
    MissingField,
    InvalidValue,
    DuplicateFlow,
    DuplicateNode,
    MissingStart,
    UnknownNode,
    UnknownFlow,
    CallCycle,
    NoChoices,
    DuplicateChoice,
    EmptyText,
    ControlCharacter,
    UnknownFact,
    UnknownFactValue,
    MissingFactValue,
    TrapCycle,
    DuplicateFact,
    BadScenario,
    NoTrees,
    FactLoop,
    Unreachable,
    SingleChoice,
    NoSource,
    NoScenarios,
}

impl Code {
    pub const ALL: [Code; 27] = [
        Code::Syntax,
        Code::UnknownKind,
        Code::UnknownField,
        Code::MissingField,
        Code::InvalidValue,
        Code::DuplicateFlow,
        Code::DuplicateNode,
        Code::MissingStart,
        Code::UnknownNode,
        Code::UnknownFlow,
        Code::CallCycle,
        Code::NoChoices,
        Code::DuplicateChoice,
        Code::EmptyText,
        Code::ControlCharacter,
        Code::UnknownFact,
        Code::UnknownFactValue,
        Code::MissingFactValue,
        Code::TrapCycle,
        Code::DuplicateFact,
        Code::BadScenario,
        Code::NoTrees,
        Code::FactLoop,
        Code::Unreachable,
        Code::SingleChoice,
        Code::NoSource,
        Code::NoScenarios,
    ];

    /// The stable code printed as `error[E0009]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "E0001",
            Code::UnknownKind => "E0002",
            Code::UnknownField => "E0003",
            Code::MissingField => "E0004",
            Code::InvalidValue => "E0005",
            Code::DuplicateFlow => "E0006",
            Code::DuplicateNode => "E0007",
            Code::MissingStart => "E0008",
            Code::UnknownNode => "E0009",
            Code::UnknownFlow => "E0010",
            Code::CallCycle => "E0011",
            Code::NoChoices => "E0012",
            Code::DuplicateChoice => "E0013",
            Code::EmptyText => "E0014",
            Code::ControlCharacter => "E0015",
            Code::UnknownFact => "E0016",
            Code::UnknownFactValue => "E0017",
            Code::MissingFactValue => "E0018",
            Code::TrapCycle => "E0019",
            Code::DuplicateFact => "E0020",
            Code::BadScenario => "E0021",
            Code::NoTrees => "E0022",
            Code::FactLoop => "E0023",
            Code::Unreachable => "W0001",
            Code::SingleChoice => "W0002",
            Code::NoSource => "W0003",
            Code::NoScenarios => "W0004",
        }
    }

    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// What the code means, in one line: the table of diagnostics in trees/README.md holds
    /// exactly these (`tests/diagnostics.rs` checks it).
    pub fn summary(self) -> &'static str {
        match self {
            Code::Syntax => "the file is not valid RON",
            Code::UnknownKind => "a node kind or enum value that does not exist",
            Code::UnknownField => "a field the format does not have",
            Code::MissingField => "a required field is missing",
            Code::InvalidValue => "a value of the wrong type, or a field given twice",
            Code::DuplicateFlow => "two flows share an id",
            Code::DuplicateNode => "a node id appears twice in one flow",
            Code::MissingStart => "`start` names no node of the flow",
            Code::UnknownNode => "`next`, `then`, `fixed` or `not_fixed` names no node",
            Code::UnknownFlow => "a `Call` names no flow",
            Code::CallCycle => "flows call each other in a cycle",
            Code::NoChoices => "a question has no choices, or a fact no values",
            Code::DuplicateChoice => "two choices of a question share an id",
            Code::EmptyText => "a text, title or label is empty",
            Code::ControlCharacter => "a text holds a terminal control character",
            Code::UnknownFact => "a fact that `Facts(...)` does not declare",
            Code::UnknownFactValue => "a value the fact does not allow",
            Code::MissingFactValue => "a fact question offers no choice for an allowed value",
            Code::TrapCycle => "nodes from which no end can be reached",
            Code::DuplicateFact => {
                "a fact or fact value declared twice, or a fact a scenario gives twice"
            }
            Code::BadScenario => "a scenario that names no end, or expects nothing",
            Code::NoTrees => "no flow was found",
            Code::FactLoop => "questions for known facts that send the walk round forever",
            Code::Unreachable => "a node that no walk can reach",
            Code::SingleChoice => "a question with only one choice",
            Code::NoSource => "a step that cites no FAQ question",
            Code::NoScenarios => "a flow without scenarios",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the trees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    /// Where; `None` for problems of the whole load (no trees at all).
    pub span: Option<Span>,
    /// A short note under the caret.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            span: Some(span),
            label: None,
            help: None,
        }
    }

    pub fn global(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            span: None,
            label: None,
            help: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// Sorts diagnostics by file, line and column, then code, and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>, sources: &Sources) {
    diagnostics.sort_by_cached_key(|d| {
        let place = d.span.map(|s| (sources.get(s.file).path.clone(), s.start));
        (place, d.code.as_str(), d.message.clone())
    });
    diagnostics.dedup();
}

/// The id among `candidates` closest to `wanted`, if any is close enough to be a typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    Vocabulary::new(candidates).closest(wanted)
}

/// Ids to suggest from when a reference names none of them: "did you mean ...?".
///
/// A big tree can hold thousands of ids and thousands of broken references, so a lookup
/// must not measure the distance to every id. The ids are grouped by [`Shape`]; a group is
/// measured only if the lower bound on its distance that its shape gives is within reach of
/// the best match so far. Ids that follow a pattern (`step-1`, `step-2`, ...) share a few
/// shapes, and ids unlike the one wanted are ruled out a group at a time. Build one per set
/// of ids and ask it for every broken reference.
#[derive(Debug, Clone)]
pub struct Vocabulary<'a> {
    words: Vec<&'a str>,
    /// Each shape with the positions of its words, in order of first appearance.
    groups: Vec<(Shape, Vec<usize>)>,
}

/// What a lower bound on the edit distance between two strings can be computed from in a
/// few instructions: their lengths and which characters they have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Shape {
    bytes: usize,
    chars: usize,
    /// Which characters it has, once and twice: bit `class` for the first character of a
    /// class, bit `64 + class` for a second one.
    signature: u128,
}

impl Shape {
    fn of(text: &str) -> Self {
        let mut signature: u128 = 0;
        for c in text.chars() {
            let bit = 1 << class(c);
            signature |= if signature & bit == 0 { bit } else { bit << 64 };
        }
        Shape {
            bytes: text.len(),
            chars: text.chars().count(),
            signature,
        }
    }

    /// At most the edit distance between strings of these shapes. An edit inserts, deletes
    /// or replaces one character (a transposition moves two): it changes the length by at
    /// most one, and sets or clears at most one bit of the signature each way.
    fn lower_bound(&self, other: &Shape) -> usize {
        let only_here = (self.signature & !other.signature).count_ones() as usize;
        let only_there = (other.signature & !self.signature).count_ones() as usize;
        self.chars
            .abs_diff(other.chars)
            .max(only_here)
            .max(only_there)
    }
}

/// One of 64 classes of characters: ids are mostly lowercase letters, digits and dashes,
/// so those get a class each.
fn class(c: char) -> u32 {
    match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + (c as u32 - '0' as u32),
        'A'..='Z' => 36 + (c as u32 - 'A' as u32),
        '-' => 62,
        _ => 63,
    }
}

impl<'a> Vocabulary<'a> {
    pub fn new(words: impl IntoIterator<Item = &'a str>) -> Self {
        let words: Vec<&str> = words.into_iter().collect();
        let mut groups: Vec<(Shape, Vec<usize>)> = Vec::new();
        let mut group_of: HashMap<Shape, usize> = HashMap::new();
        for (position, word) in words.iter().enumerate() {
            let shape = Shape::of(word);
            let group = *group_of.entry(shape).or_insert_with(|| {
                groups.push((shape, Vec::new()));
                groups.len() - 1
            });
            groups[group].1.push(position);
        }
        Vocabulary { words, groups }
    }

    /// The word closest to `wanted` by Damerau-Levenshtein distance, the earliest of equals,
    /// if it is within a third of the longer one's length (two edits at least): a typo.
    pub fn closest(&self, wanted: &str) -> Option<&'a str> {
        let levels = self.levels(&Shape::of(wanted));
        // (distance, position) of the best word so far.
        let mut best: Option<(usize, usize)> = None;
        for (bound, level) in levels.into_iter().enumerate() {
            if best.is_some_and(|(distance, _)| bound > distance) {
                break;
            }
            for (limit, positions) in level {
                for &position in positions {
                    // Positions rise: past this one, no word of the group can do better.
                    if best.is_some_and(|best| (bound, position) >= best) {
                        break;
                    }
                    let distance = strsim::damerau_levenshtein(wanted, self.words[position]);
                    if distance <= limit && best.is_none_or(|best| (distance, position) < best) {
                        best = Some((distance, position));
                    }
                }
            }
        }
        best.map(|(_, position)| self.words[position])
    }

    /// The groups that may hold a typo of a word shaped `target`, with its distance limit
    /// for each, by the lower bound on their distance; each level in order of the groups'
    /// first words.
    fn levels(&self, target: &Shape) -> Vec<Vec<(usize, &[usize])>> {
        let mut levels: Vec<Vec<(usize, &[usize])>> = Vec::new();
        for (shape, positions) in &self.groups {
            let limit = (target.bytes.max(shape.bytes) / 3).max(2);
            let bound = target.lower_bound(shape);
            if bound <= limit {
                if levels.len() <= bound {
                    levels.resize_with(bound + 1, Vec::new);
                }
                levels[bound].push((limit, positions));
            }
        }
        levels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_severity_follows_prefix() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} used twice");
            assert_eq!(
                code.severity() == Severity::Warning,
                code.as_str().starts_with('W')
            );
        }
    }

    #[test]
    fn closest_finds_typos_only() {
        let ids = ["reset-watch", "paired", "contact"];
        assert_eq!(closest("rest-watch", ids), Some("reset-watch"));
        assert_eq!(closest("completely-different", ids), None);
    }

    /// What [`Vocabulary::closest`] must answer: a plain search, ties to the earlier.
    fn plain<'a>(wanted: &str, ids: &[&'a str]) -> Option<&'a str> {
        ids.iter()
            .map(|c| (strsim::damerau_levenshtein(wanted, c), *c))
            .filter(|(d, c)| *d <= (wanted.len().max(c.len()) / 3).max(2))
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }

    /// Every string over three letters up to length four, against shuffled selections of
    /// them: the index and the filters only skip work.
    #[test]
    fn closest_matches_a_plain_search_everywhere() {
        let mut words = vec![String::new()];
        for length in 1..=4 {
            let shorter: Vec<String> = words
                .iter()
                .filter(|w| w.len() == length - 1)
                .cloned()
                .collect();
            for word in shorter {
                for letter in ['a', 'b', 'é'] {
                    words.push(format!("{word}{letter}"));
                }
            }
        }
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        for step in [1, 3, 7, 11] {
            let ids: Vec<&str> = (0..words.len())
                .map(|i| words[(i * step + 5) % words.len()])
                .step_by(if step == 1 { 1 } else { 2 })
                .collect();
            let vocabulary = Vocabulary::new(ids.iter().copied());
            for wanted in &words {
                assert_eq!(
                    vocabulary.closest(wanted),
                    plain(wanted, &ids),
                    "{wanted:?} in {ids:?}"
                );
            }
        }
    }

    #[test]
    fn closest_matches_a_plain_search() {
        let ids = [
            "node-12",
            "node-21",
            "node-1",
            "reset-watch",
            "reset-phone",
            "résumé",
            "resume",
            "ab",
            "ba",
            "abc",
            "x",
            "",
        ];
        let vocabulary = Vocabulary::new(ids);
        for wanted in [
            "node-1",
            "node-2",
            "nodee-12",
            "1-edon",
            "rest-watch",
            "reset-wacht",
            "resume",
            "résume",
            "rsm",
            "ab",
            "ca",
            "bca",
            "y",
            "",
            "completely-different",
        ] {
            assert_eq!(
                vocabulary.closest(wanted),
                plain(wanted, &ids),
                "{wanted:?}"
            );
        }
    }
}
