//! serde over the position-keeping [`Value`] tree: how every [`Located`] gets its span.
//!
//! The loader used to deserialize with ron and then stitch positions onto the result
//! field by field, and a field it forgot silently pointed at the start of the first file.
//! Here serde drives instead: the raw types deserialize from a [`Value`] like from any
//! other format, and a [`Located<T>`] asks for its span through the protocol `toml`'s
//! `serde_spanned::Spanned` uses. It requests a newtype struct with a reserved name
//! ([`located::NAME`]); this deserializer answers with a map of the value's file, start,
//! end and the value itself. Every `Located` field, map key and list item is then located
//! by construction: adding a field means editing the raw type alone.
//!
//! The tree is consumed, so strings move into the result instead of being copied. ron has
//! already accepted the text before this runs; an error here means the two readers
//! disagree, which the loader reports rather than hiding.

use std::fmt;
use std::vec;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer, UsizeDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde::forward_to_deserialize_any;

use crate::load::syntax::{Field, Shape, Value};
#[cfg(doc)]
use crate::raw::Located;
use crate::raw::located;

/// The tree did not have the shape the raw types ask for.
#[derive(Debug)]
pub struct Mismatch(String);

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Mismatch(message.to_string())
    }
}

type Result<T> = std::result::Result<T, Mismatch>;

/// The value whose key or field name was just handed out.
fn pending(slot: &mut Option<Value>) -> Result<Value> {
    slot.take()
        .ok_or_else(|| Mismatch("a value asked for before its key".into()))
}

fn unexpected(value: &Value, wanted: &str) -> Mismatch {
    Mismatch(format!("expected {wanted} at byte {}", value.span.start))
}

impl<'de> Deserializer<'de> for Value {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Shape::Str(text) | Shape::Atom(text) => visitor.visit_string(text),
            Shape::List(items) => visitor.visit_seq(Items(items.into_iter())),
            Shape::Map(entries) => visitor.visit_map(Entries::new(entries)),
            Shape::Struct { fields, items, .. } if items.is_empty() => {
                visitor.visit_map(Fields::new(fields))
            }
            Shape::Struct { items, .. } => visitor.visit_seq(Items(items.into_iter())),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Shape::Str(text) => visitor.visit_string(text),
            _ => Err(unexpected(&self, "a string")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// `None`, `Some(x)`, or (ron's `implicit_some`) `x` alone.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Shape::Atom(name) if name == "None" => visitor.visit_none(),
            Shape::Struct {
                name: Some(name),
                fields,
                mut items,
            } if name == "Some" && fields.is_empty() && items.len() == 1 => {
                visitor.visit_some(items.remove(0))
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == located::NAME {
            visitor.visit_map(Location::new(self))
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Shape::List(items) => visitor.visit_seq(Items(items.into_iter())),
            _ => Err(unexpected(&self, "a list")),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.kind {
            Shape::Map(entries) => visitor.visit_map(Entries::new(entries)),
            _ => Err(unexpected(&self, "a map")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.kind {
            Shape::Struct { fields, items, .. } if items.is_empty() => {
                visitor.visit_map(Fields::new(fields))
            }
            _ => Err(unexpected(&self, "a struct with named fields")),
        }
    }

    /// `Resolved` (a unit variant) or `Ask(...)` (a struct variant).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.kind {
            Shape::Atom(variant) => visitor.visit_enum(Variant {
                name: variant,
                payload: None,
            }),
            Shape::Struct {
                name: Some(variant),
                fields,
                items,
            } => visitor.visit_enum(Variant {
                name: variant,
                payload: Some((fields, items)),
            }),
            _ => Err(unexpected(&self, "an enum variant")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    /// A whole number, such as a typed detail's `max: 60`.
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let number = match &self.kind {
            Shape::Atom(text) => text.replace('_', "").parse::<u64>().ok(),
            _ => None,
        };
        match number {
            Some(number) => visitor.visit_u64(number),
            None => Err(unexpected(&self, "a whole number")),
        }
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.kind {
            Shape::Atom(text) if text == "true" => visitor.visit_bool(true),
            Shape::Atom(text) if text == "false" => visitor.visit_bool(false),
            _ => Err(unexpected(&self, "true or false")),
        }
    }

    forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u128 f32 f64 char bytes byte_buf unit
        unit_struct tuple tuple_struct identifier
    }
}

/// The items of a list (or of a tuple-like struct).
struct Items(vec::IntoIter<Value>);

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Mismatch;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The entries of a map, in source order and with repeated keys kept.
struct Entries {
    entries: vec::IntoIter<(Value, Value)>,
    value: Option<Value>,
}

impl Entries {
    fn new(entries: Vec<(Value, Value)>) -> Self {
        Entries {
            entries: entries.into_iter(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(pending(&mut self.value)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The named fields of a struct, in source order.
struct Fields {
    fields: vec::IntoIter<Field>,
    value: Option<Value>,
}

impl Fields {
    fn new(fields: Vec<Field>) -> Self {
        Fields {
            fields: fields.into_iter(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some(Field { name, value }) = self.fields.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(StringDeserializer::new(name)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(pending(&mut self.value)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

/// The answer to a `Located` value's request: its file, start, end and then the value,
/// as the fields of a map (see [`located`]).
struct Location {
    span: crate::source::Span,
    value: Option<Value>,
    next: usize,
}

impl Location {
    fn new(value: Value) -> Self {
        Location {
            span: value.span,
            value: Some(value),
            next: 0,
        }
    }
}

impl<'de> de::MapAccess<'de> for Location {
    type Error = Mismatch;

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
            1 => self.span.file.0,
            2 => self.span.start,
            3 => self.span.end,
            _ => return seed.deserialize(pending(&mut self.value)?),
        };
        seed.deserialize(UsizeDeserializer::new(number))
    }
}

/// An enum variant: its name, and the fields or items of a struct variant.
struct Variant {
    name: String,
    payload: Option<(Vec<Field>, Vec<Value>)>,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Mismatch;
    type Variant = Payload;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Payload)> {
        let name = seed.deserialize(StringDeserializer::<Mismatch>::new(self.name))?;
        Ok((name, Payload(self.payload)))
    }
}

struct Payload(Option<(Vec<Field>, Vec<Value>)>);

impl<'de> de::VariantAccess<'de> for Payload {
    type Error = Mismatch;

    fn unit_variant(self) -> Result<()> {
        match self.0 {
            None => Ok(()),
            Some(_) => Err(Mismatch("a unit variant with a payload".into())),
        }
    }

    /// The raw types have no newtype or tuple variants.
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(Mismatch("a newtype variant".into()))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(Mismatch("a tuple variant".into()))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.0 {
            Some((fields, items)) if items.is_empty() => visitor.visit_map(Fields::new(fields)),
            _ => Err(Mismatch("expected a struct variant".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use crate::load::syntax;
    use crate::raw::{Entries, Located};
    use crate::source::FileId;

    fn read<T: for<'de> Deserialize<'de>>(text: &str) -> T {
        let tree = syntax::parse(FileId(3), text).expect("parses");
        T::deserialize(tree).expect("deserializes")
    }

    #[test]
    fn located_values_carry_file_and_span() {
        let text = r#"["a", Some("b"), "c"]"#;
        let items: Vec<Option<Located<String>>> = read(text);
        let b = items[1].as_ref().unwrap();
        assert_eq!((b.value.as_str(), &text[b.span.range()]), ("b", "\"b\""));
        assert_eq!(b.span.file, FileId(3));
    }

    #[test]
    fn entries_keep_repeated_keys_with_their_spans() {
        let text = r#"{"k": "1", "k": "2"}"#;
        let entries: Entries<Located<String>> = read(text);
        let spans: Vec<&str> = entries
            .0
            .iter()
            .map(|(k, _)| &text[k.span.range()])
            .collect();
        assert_eq!(spans, ["\"k\"", "\"k\""]);
        assert_eq!(entries.0[1].1.value, "2");
    }
}
