//! "Did you mean ...?": the known id closest to one that names nothing.
//!
//! Every broken reference asks for a suggestion, so a lookup must stay cheap on trees with
//! thousands of ids; see [`Vocabulary`] for how.

use std::collections::HashMap;

/// The id among `candidates` closest to `wanted`, if any is close enough to be a typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    Vocabulary::new(candidates).closest(wanted)
}

/// The longest id, in bytes, that "did you mean" measures against others.
pub const MAX_COMPARED: usize = 256;

/// Ids to suggest from when a reference names none of them: "did you mean ...?".
///
/// A big tree can hold thousands of ids and thousands of broken references, so a lookup
/// must not measure the distance to every id. The ids are grouped by `Shape`; a group is
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
        // The distance costs the product of the lengths: an id thousands of characters
        // long is no typo a hint would help with.
        if wanted.len() > MAX_COMPARED {
            return None;
        }
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
                    if self.words[position].len() > MAX_COMPARED {
                        continue;
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
    fn ids_past_the_cap_get_no_suggestion() {
        let long = "a".repeat(MAX_COMPARED + 1);
        let near = format!("{long}b");
        assert_eq!(closest(&long, [near.as_str(), "start"]), None);
        assert_eq!(closest("strat", [near.as_str(), "start"]), Some("start"));
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
