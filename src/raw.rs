//! The tree format as authors write it: RON documents deserialized with serde.
//!
//! These types are *unchecked*: ids are plain strings that may name nothing. Every part an
//! author can get wrong is a [`Located`] value, so the checker can point at it; its span
//! comes from the deserializer (see [`located`]), never from code that walks the result.
//! `deny_unknown_fields` everywhere: a misspelt field is an error, never silently ignored.

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

use crate::source::{FileId, Sources, Span};

/// A string as written in a tree: only *where* it is. A big tree has millions of strings,
/// each already in the source text kept for diagnostics, so a `Located<Text>` is its span
/// alone (12 bytes) and its value is read back through the [`Sources`] with
/// [`Located::read`]. The few strings whose value is not the text between their quotes
/// (escapes, raw strings) the loader records beside the text (see
/// [`Sources::set_unquoted`]).
///
/// Deliberately neither `PartialEq` nor `Hash`: two `Text`s are alike whatever they say,
/// so comparing them would be a mistake; compare what [`Located::read`] returns.
#[derive(Debug, Clone, Copy, Default)]
pub struct Text;

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl Visitor<'_> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Text, E> {
                #[cfg(test)]
                read_strings::push(value);
                let _ = value;
                Ok(Text)
            }
        }

        deserializer.deserialize_str(TextVisitor)
    }
}

/// The strings a reader handed to [`Text`] on this thread, in order: a `Text` keeps no
/// value, so this is how a test compares what two readers read.
#[cfg(test)]
pub(crate) mod read_strings {
    use std::cell::RefCell;

    thread_local! {
        static READ: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    pub(crate) fn push(value: &str) {
        READ.with(|read| read.borrow_mut().push(value.to_string()));
    }

    /// The strings read since the last call.
    pub(crate) fn take() -> Vec<String> {
        READ.with(|read| std::mem::take(&mut *read.borrow_mut()))
    }
}

impl Located<Text> {
    /// The string's value, as the loader read it.
    pub fn read<'s>(&self, sources: &'s Sources) -> &'s str {
        sources.string(self.span)
    }
}

/// A value with the place it was written: for a struct, from its name (or opening
/// parenthesis) to its closing parenthesis; for a string, its quotes included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// A located struct reads like the struct: `flow.id` for `flow.value.id`.
impl<T> std::ops::Deref for Located<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// How a [`Located`] asks the deserializer for its span, after `toml`'s
/// `serde_spanned::Spanned`: it requests a newtype struct named [`located::NAME`]. The loader's
/// position-keeping deserializer answers with a map of the [`located::FIELDS`]: file and
/// start offset, the value, then its end offset (known once the value is read). Any other
/// deserializer sees through the newtype to the value (ron does with its `unwrap_newtypes`
/// extension); the span is then [`Span::default`], which is why the loader keeps only
/// ron's verdict on a file, never what ron read.
pub mod located {
    pub const NAME: &str = "$__watchfix_private_Located";
    pub const FIELDS: [&str; 4] = [
        "$__watchfix_private_file",
        "$__watchfix_private_start",
        "$__watchfix_private_value",
        "$__watchfix_private_end",
    ];
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(located::NAME, LocatedVisitor(PhantomData))
    }
}

struct LocatedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for LocatedVisitor<T> {
    type Value = Located<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, value: D) -> Result<Self::Value, D::Error> {
        T::deserialize(value).map(|value| Located {
            value,
            span: Span::default(),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let [file, start, value, end] = located::FIELDS;
        next_key(&mut map, file)?;
        let file = FileId(map.next_value::<u32>()?);
        next_key(&mut map, start)?;
        let start = map.next_value::<usize>()?;
        next_key(&mut map, value)?;
        let value = map.next_value()?;
        next_key(&mut map, end)?;
        let end = map.next_value::<usize>()?;
        Ok(Located {
            value,
            span: Span::new(file, start..end),
        })
    }
}

/// The next key of a `Located` value's map, which must be `name`.
fn next_key<'de, A: MapAccess<'de>>(map: &mut A, name: &'static str) -> Result<(), A::Error> {
    match map.next_key::<&str>()? {
        Some(key) if key == name => Ok(()),
        _ => Err(serde::de::Error::missing_field(name)),
    }
}

/// A RON map read in source order, keeping repeated keys so the checker can report them
/// (serde's maps would silently keep the last one).
#[derive(Debug, Clone)]
pub struct Entries<V>(pub Vec<(Located<Text>, V)>);

impl<V> Default for Entries<V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of string keys")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<Located<Text>, V>()? {
                    entries.push((key, value));
                }
                // Growing by doubling leaves up to half of a big flow's nodes unused.
                entries.shrink_to_fit();
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// A list with no room to spare: serde grows a list of unknown length to four items at
/// first, and most questions have two choices.
fn shrunk<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    let mut items = Vec::<T>::deserialize(d)?;
    items.shrink_to_fit();
    Ok(items)
}

/// One `.ron` file: a flow, or the declaration of facts.
#[derive(Debug, Clone)]
pub enum Document {
    Flow(Box<Located<RawFlow>>),
    Facts(RawFacts),
    Vocabulary(Located<RawVocabulary>),
    Letter(Box<Located<RawLetter>>),
}

/// The words owners use for what the flows call otherwise: `"bind": ["pair"]`, or a loan
/// word, `"akku": ["battery"]`. The symptom search reads a word as the words it stands for.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Vocabulary", deny_unknown_fields)]
pub struct RawVocabulary {
    pub synonyms: Entries<Vec<Located<Text>>>,
}

/// The words of the letter to customer support, in the owner's voice. `{problem}` in the
/// subject stands for the problem as the owner answered it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Letter", deny_unknown_fields)]
pub struct RawLetter {
    /// The support address, when the trees know one; the FAQ gives none.
    #[serde(default)]
    pub to: Option<Located<Text>>,
    pub subject: Located<Text>,
    pub greeting: Located<Text>,
    /// Before the problem statement.
    pub opening: Located<Text>,
    /// Heads the known facts and typed details.
    pub details: Located<Text>,
    /// Heads the steps tried.
    pub tried: Located<Text>,
    /// Heads the notes.
    pub notes: Located<Text>,
    /// Stands for "no step was tried".
    pub nothing_tried: Located<Text>,
    /// Before the escalate end's `ask`.
    pub asking: Located<Text>,
    pub sign_off: Located<Text>,
    /// Said when the return terms may apply (a likely hardware fault).
    #[serde(default)]
    pub terms: Option<Located<Text>>,
}

/// `Facts(facts: { "phone_os": (question: ..., values: {...}) })`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Facts", deny_unknown_fields)]
pub struct RawFacts {
    pub facts: Entries<RawFact>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Fact", deny_unknown_fields)]
pub struct RawFact {
    /// A short name for summaries: "Phone", "Watch model".
    pub name: Located<Text>,
    /// How to ask for this fact when a flow needs it and it is unknown.
    pub question: Located<Text>,
    /// The values a question may record: id → label. A typed detail has none.
    #[serde(default)]
    pub values: Entries<Located<Text>>,
    /// What a typed detail accepts: `Text(max: 60)`, `Version`, `Date` or `Number`.
    #[serde(default)]
    pub accepts: Option<Located<RawAccepts>>,
    /// A value that fits, shown to the person typing it.
    #[serde(default)]
    pub example: Option<Located<Text>>,
    /// Values that say nothing in a letter ("Another model"): as if the fact were unknown.
    #[serde(default)]
    pub vague: Vec<Located<Text>>,
    /// What the letter says while the fact is unknown: `[add your watch model]`.
    #[serde(default)]
    pub missing: Option<Located<Text>>,
}

/// What a typed detail accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename = "Accepts")]
pub enum RawAccepts {
    /// Any one line of text up to `max` characters.
    Text { max: usize },
    /// Numbers separated by dots: `1.2.3`, `V2.10`.
    Version,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// Digits only: an order number.
    Number,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Flow", deny_unknown_fields)]
pub struct RawFlow {
    pub id: Located<Text>,
    pub title: Located<Text>,
    pub category: Located<Text>,
    #[serde(default, deserialize_with = "shrunk")]
    pub symptoms: Vec<Located<Text>>,
    pub start: Located<Text>,
    pub nodes: Entries<RawNode>,
    #[serde(default)]
    pub scenarios: Vec<Located<RawScenario>>,
}

/// The node kinds. Plain externally tagged variants: `Ask(...)`, `Step(...)`, ...
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Node", deny_unknown_fields)]
pub enum RawNode {
    /// A question with choices; with `fact`, the answer records that fact and the question
    /// is skipped when the fact is already known.
    Ask {
        #[serde(default)]
        fact: Option<Located<Text>>,
        text: Located<Text>,
        #[serde(deserialize_with = "shrunk")]
        choices: Vec<RawChoice>,
    },
    /// An instruction, then "fixed" or "not fixed".
    Step {
        text: Located<Text>,
        #[serde(default)]
        source: Option<Located<Text>>,
        fixed: Located<Text>,
        not_fixed: Located<Text>,
        /// Rarely written: boxed, so that every other step is smaller.
        #[serde(default)]
        fixed_label: Option<Box<Located<Text>>>,
        #[serde(default)]
        not_fixed_label: Option<Box<Located<Text>>>,
        /// What was done, in the owner's voice, for the letter: "Restarted the watch".
        #[serde(default)]
        done: Option<Located<Text>>,
    },
    /// Asks the person to type a detail (a firmware version, an order number), recorded as
    /// the typed fact `fact`; skipped when the fact is known. With `skip`, the person may
    /// answer that they don't know (the label of that answer).
    Input {
        fact: Located<Text>,
        text: Located<Text>,
        next: Located<Text>,
        #[serde(default)]
        skip: Option<Located<Text>>,
    },
    /// Tells something and goes on to `next`: an answer, not an instruction to try.
    Tell {
        text: Located<Text>,
        #[serde(default)]
        source: Option<Located<Text>>,
        next: Located<Text>,
    },
    /// Run another flow; continue at `then` when it ends `Resolved` or `Info`.
    Call {
        flow: Located<Text>,
        then: Located<Text>,
    },
    /// The end of a walk.
    End {
        outcome: RawOutcome,
        text: Located<Text>,
        /// After an escalate end: the one thing the letter asks support for.
        #[serde(default)]
        ask: Option<Located<Text>>,
        /// The return and warranty terms may apply: a likely hardware fault.
        #[serde(default)]
        terms: bool,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Choice", deny_unknown_fields)]
pub struct RawChoice {
    pub id: Located<Text>,
    pub label: Located<Text>,
    pub next: Located<Text>,
    /// The problem in the owner's words, when this answer names it: "The watch won't pair
    /// with my new phone". The letter's problem statement is the last one on the path.
    /// Said by few answers: boxed, so that every other choice is smaller.
    #[serde(default)]
    pub says: Option<Box<Located<Text>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Scenario", deny_unknown_fields)]
pub struct RawScenario {
    pub name: Located<Text>,
    #[serde(default)]
    pub facts: Entries<Located<Text>>,
    #[serde(default)]
    pub answers: Vec<Located<Text>>,
    /// The end node the walk must stop at: `"paired"`, or `"firmware-update/contact"` for an
    /// end inside a subflow.
    #[serde(default)]
    pub expect: Option<Located<Text>>,
    /// The outcome the walk must reach.
    #[serde(default)]
    pub outcome: Option<RawOutcome>,
}

/// How a walk ends, as authors write it; the checked graph has its own
/// [`crate::graph::Outcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename = "Outcome")]
pub enum RawOutcome {
    Resolved,
    Escalate,
    Info,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A big tree holds millions of these: a field that makes them grow should be a
    /// choice, not an accident.
    #[test]
    fn raw_values_stay_small() {
        use std::mem::size_of;
        assert_eq!(size_of::<Span>(), 12);
        assert_eq!(size_of::<Located<Text>>(), 12);
        assert!(size_of::<RawNode>() <= 88, "{}", size_of::<RawNode>());
        assert!(size_of::<RawChoice>() <= 48, "{}", size_of::<RawChoice>());
    }
}
