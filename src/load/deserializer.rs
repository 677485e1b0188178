//! serde straight from the text, keeping positions: how every [`Located`] gets its span.
//!
//! The raw types deserialize from the text like from any other format, and a
//! [`Located<T>`] asks for its span through the protocol `toml`'s `serde_spanned::Spanned`
//! uses. It requests a newtype struct with a reserved name ([`located::NAME`]); this
//! deserializer answers with a map of the value's file, its start, the value itself and its
//! end. Every `Located` field, map key and list item is then located by construction:
//! adding a field means editing the raw type alone.
//!
//! This is the only reader of a file that is valid, so it must never accept what ron
//! rejects: the loader asks ron only when this reader fails, and ron's error is the one
//! reported. So it is type-directed like ron and follows ron 0.12's rules (its `de/mod.rs`)
//! for the forms the raw types use, with the extensions the loader gives ron
//! (`implicit_some`, `unwrap_newtypes`); anything else, however harmless, is refused and
//! left to ron to judge. The lexical rules are ron's own ([`crate::load::lexical`]).

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, U32Deserializer, UsizeDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use serde::forward_to_deserialize_any;
use unicode_ident::is_xid_continue;

use crate::load::lexical;
#[cfg(doc)]
use crate::raw::Located;
use crate::raw::located;
use crate::source::{FileId, Unquoted, narrow};

/// The text is not what the raw types ask for, or not what ron would accept. Why does not
/// matter: ron then reads the file and says why.
#[derive(Debug)]
pub struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("refused")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused
    }
}

type Result<T> = std::result::Result<T, Refused>;

/// Reads one document of type `T` from `text`, starting at byte `at` (past any leading
/// attributes), with the strings whose value is not their text between the quotes
/// (escaped or raw), by the offset each starts at (see [`crate::source::Sources::string`]).
/// `None` where ron might not accept the text as a `T`.
pub fn read<T: DeserializeOwned>(file: FileId, text: &str, at: usize) -> Option<(T, Unquoted)> {
    let mut reader = Reader {
        file,
        text,
        pos: at,
        unquoted: Vec::new(),
    };
    let value = T::deserialize(&mut reader).ok()?;
    reader.skip().ok()?;
    (reader.pos == text.len()).then_some((value, reader.unquoted))
}

struct Reader<'de> {
    file: FileId,
    text: &'de str,
    pos: usize,
    unquoted: Unquoted,
}

impl<'de> Reader<'de> {
    fn rest(&self) -> &'de str {
        &self.text[self.pos..]
    }

    /// Past white space and comments; an unclosed block comment is an error, as in ron.
    fn skip(&mut self) -> Result<()> {
        self.pos += lexical::trivia(self.rest()).ok_or(Refused)?;
        Ok(())
    }

    /// Skips trivia, then takes `c` if it comes next.
    fn eat(&mut self, c: u8) -> Result<bool> {
        self.skip()?;
        let found = self.rest().as_bytes().first() == Some(&c);
        self.pos += usize::from(found);
        Ok(found)
    }

    fn expect(&mut self, c: u8) -> Result<()> {
        if self.eat(c)? { Ok(()) } else { Err(Refused) }
    }

    /// Whether `word` comes next as a whole identifier, written plainly (ron's
    /// `check_ident`: `r#None` is no `None`).
    fn keyword(&self, word: &str) -> bool {
        let rest = self.rest();
        rest.starts_with(word)
            && !rest[word.len()..]
                .chars()
                .next()
                .is_some_and(is_xid_continue)
    }

    /// An identifier (a field, variant or struct name), plain or raw; not the start of a
    /// string (`r"..."`, `b"..."`), which ron refuses as an identifier.
    fn identifier(&mut self) -> Result<&'de str> {
        self.skip()?;
        let rest = self.rest();
        if lexical::starts_raw_string(rest)
            || rest.starts_with("b\"")
            || rest.starts_with("b'")
            || rest.starts_with("br")
        {
            return Err(Refused);
        }
        let (name, len) = lexical::identifier(rest).ok_or(Refused)?;
        self.pos += len;
        Ok(name)
    }

    /// `(` fields `)` of a struct or a struct variant, its name already read.
    fn fields<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        let value = visitor.visit_map(Commas::new(self, b')'))?;
        self.expect(b')')?;
        Ok(value)
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Refused;

    /// Nothing in the raw types asks for a value of any type.
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(Refused)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        for (word, value) in [("true", true), ("false", false)] {
            if self.keyword(word) {
                self.pos += word.len();
                return visitor.visit_bool(value);
            }
        }
        Err(Refused)
    }

    /// Plain decimal digits only (a typed detail's `max: 60`); ron's other spellings
    /// (`0x3C`, `6_0`, `+60`, `b'<'`) are left to ron.
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        let rest = self.rest();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after = rest[digits..].chars().next();
        if digits == 0 || after.is_some_and(|c| is_xid_continue(c) || c == '.') {
            return Err(Refused);
        }
        let number = rest[..digits].parse::<u64>().map_err(|_| Refused)?;
        self.pos += digits;
        visitor.visit_u64(number)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        let rest = self.rest();
        if !(rest.starts_with('"') || lexical::starts_raw_string(rest)) {
            return Err(Refused);
        }
        let quoted = rest.starts_with('"');
        let (value, len) = lexical::string(rest).ok_or(Refused)?;
        let start = self.pos;
        self.pos += len;
        match value {
            Cow::Borrowed(value) if quoted => {
                // What `Sources::string` reads back: the text between the quotes.
                debug_assert_eq!(Some(value), self.text.get(start + 1..self.pos - 1));
                visitor.visit_borrowed_str(value)
            }
            value => {
                self.unquoted.push((narrow(start), value.as_ref().into()));
                visitor.visit_str(&value)
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// `None`, `Some(x)`, or (ron's `implicit_some`) `x` alone.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        if self.keyword("None") {
            self.pos += "None".len();
            return visitor.visit_none();
        }
        if self.keyword("Some") {
            self.pos += "Some".len();
            self.expect(b'(')?;
            let value = visitor.visit_some(&mut *self)?;
            self.eat(b',')?;
            self.expect(b')')?;
            return Ok(value);
        }
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == located::NAME {
            self.skip()?;
            let start = self.pos;
            visitor.visit_map(Location {
                reader: self,
                start,
                end: 0,
                next: 0,
            })
        } else {
            // ron's `unwrap_newtypes`.
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        let value = visitor.visit_seq(Commas::new(self, b']'))?;
        self.expect(b']')?;
        Ok(value)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'{')?;
        let value = visitor.visit_map(Commas::new(self, b'}'))?;
        self.expect(b'}')?;
        Ok(value)
    }

    /// `Name(...)` or `(...)`: a name, if written, must be the struct's.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.skip()?;
        if self.rest().chars().next().is_some_and(is_xid_continue) && self.identifier()? != name {
            return Err(Refused);
        }
        self.fields(visitor)
    }

    /// `Resolved` (a unit variant) or `Ask(...)` (a struct variant).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }

    forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u128 f32 f64 char bytes byte_buf unit
        unit_struct tuple tuple_struct ignored_any
    }
}

/// The items of a list, or the entries of a map or a struct, up to `close`; commas between
/// and one after the last allowed, as in ron.
struct Commas<'r, 'de> {
    reader: &'r mut Reader<'de>,
    close: u8,
    had_comma: bool,
}

impl<'r, 'de> Commas<'r, 'de> {
    fn new(reader: &'r mut Reader<'de>, close: u8) -> Self {
        Commas {
            reader,
            close,
            had_comma: true,
        }
    }

    fn has_element(&mut self) -> Result<bool> {
        self.reader.skip()?;
        let at_close = self.reader.rest().as_bytes().first() == Some(&self.close);
        match (self.had_comma, at_close) {
            (true, at_close) => Ok(!at_close),
            (false, true) => Ok(false),
            (false, false) => Err(Refused),
        }
    }
}

impl<'de> de::SeqAccess<'de> for Commas<'_, 'de> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.had_comma = self.reader.eat(b',')?;
        Ok(Some(value))
    }
}

impl<'de> de::MapAccess<'de> for Commas<'_, 'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.has_element()? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.expect(b':')?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.had_comma = self.reader.eat(b',')?;
        Ok(value)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Refused;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let variant = seed.deserialize(&mut *self)?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Refused;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    /// The raw types have no newtype or tuple variants.
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(Refused)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(Refused)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.fields(visitor)
    }
}

/// The answer to a `Located` value's request: its file, start, the value and its end, as
/// the fields of a map (see [`located`]).
struct Location<'r, 'de> {
    reader: &'r mut Reader<'de>,
    start: usize,
    end: usize,
    next: usize,
}

impl<'de> de::MapAccess<'de> for Location<'_, 'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some(key) = located::FIELDS.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.next += 1;
        let number = match self.next {
            1 => return seed.deserialize(U32Deserializer::new(self.reader.file.0)),
            2 => self.start,
            3 => {
                let value = seed.deserialize(&mut *self.reader)?;
                self.end = self.reader.pos;
                return Ok(value);
            }
            _ => self.end,
        };
        seed.deserialize(UsizeDeserializer::new(number))
    }
}

#[cfg(test)]
mod tests {
    use crate::raw::{Entries, Located, Text};
    use crate::source::{FileId, Sources};

    fn read<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
        super::read(FileId(3), text, 0).map(|(value, _)| value)
    }

    /// What the loader keeps of `text`: the sources with its strings (as file 0).
    fn sources_of<T: serde::de::DeserializeOwned>(text: &str) -> (T, Sources) {
        let mut sources = Sources::default();
        let file = sources.add("t.ron", text);
        let (value, unquoted) = super::read(file, text, 0).expect("reads");
        sources.set_unquoted(file, unquoted);
        (value, sources)
    }

    #[test]
    fn strings_read_back_unescaped() {
        let text = r####"["a\"b", r#"c"d"#, "", "\u{e9}", "plain"]"####;
        let (items, sources): (Vec<Located<Text>>, _) = sources_of(text);
        let values: Vec<&str> = items.iter().map(|s| s.read(&sources)).collect();
        assert_eq!(values, ["a\"b", "c\"d", "", "\u{e9}", "plain"]);
    }

    #[test]
    fn located_values_carry_file_and_span() {
        let text = r#"["a", Some("b"), /* c */ "c" ]"#;
        let items: Vec<Option<Located<Text>>> = read(text).expect("reads");
        let b = items[1].as_ref().unwrap();
        assert_eq!(&text[b.span.range()], "\"b\"");
        assert_eq!(b.span.file, FileId(3));
        let c = items[2].as_ref().unwrap();
        assert_eq!(&text[c.span.range()], "\"c\"");
    }

    #[test]
    fn entries_keep_repeated_keys_with_their_spans() {
        let text = r#"{"k": "1", "k": "2",}"#;
        let (entries, sources): (Entries<Located<Text>>, _) = sources_of(text);
        let spans: Vec<&str> = entries
            .0
            .iter()
            .map(|(k, _)| &text[k.span.range()])
            .collect();
        assert_eq!(spans, ["\"k\"", "\"k\""]);
        assert_eq!(entries.0[1].1.read(&sources), "2");
    }

    #[test]
    fn refuses_what_ron_refuses() {
        for text in [
            r#"["a"] x"#,
            r#"["a"] /* open"#,
            r#"["a" "b"]"#,
            r#"[,"a"]"#,
            r#"["a",,]"#,
            r#"[r#None]"#,
        ] {
            assert!(read::<Vec<Option<String>>>(text).is_none(), "{text}");
        }
        assert!(read::<Vec<usize>>("[1, 2_0]").is_none());
        assert!(read::<Vec<usize>>("[1, 20]").is_some());
    }
}
