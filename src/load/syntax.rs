//! A small RON reader that keeps positions.
//!
//! ron checks syntax and types but reports positions only for errors. After ron has
//! accepted a file, this reader walks the same text once more and builds a [`Value`] tree
//! in which every value carries its [`Span`]; [`crate::load::deserializer`] then hands that
//! tree to serde, so every [`crate::raw::Located`] field gets its span the same way. It is
//! lenient about what ron would have rejected, but on what ron accepts it must agree with
//! ron exactly, so the lexical rules are ron's own ([`crate::load::lexical`]).

use crate::load::lexical;
use crate::source::{FileId, Span};

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub span: Span,
    pub kind: Shape,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Str(String),
    /// Numbers, chars, booleans and bare identifiers such as `Resolved` or `None`.
    Atom(String),
    /// `Name(...)` or `(...)`, with named fields or positional items.
    Struct {
        name: Option<String>,
        fields: Vec<Field>,
        items: Vec<Value>,
    },
    List(Vec<Value>),
    Map(Vec<(Value, Value)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: Value,
}

/// Reads one RON document. Returns `None` on text ron would have rejected.
pub fn parse(file: FileId, text: &str) -> Option<Value> {
    Reader::at_value(file, text)?.value()
}

/// The name of the top-level struct of a document (`Flow`, `Facts`), if it has one.
pub fn document_name(text: &str) -> Option<String> {
    let reader = Reader::at_value(FileId(0), text)?;
    lexical::identifier(reader.rest()).map(|(name, _)| name.to_string())
}

const MAX_DEPTH: usize = 128;

struct Reader<'t> {
    file: FileId,
    text: &'t str,
    pos: usize,
    depth: usize,
}

impl<'t> Reader<'t> {
    /// A reader past the leading comments and attributes (`#![enable(...)]`).
    fn at_value(file: FileId, text: &'t str) -> Option<Reader<'t>> {
        let mut reader = Reader {
            file,
            text,
            pos: 0,
            depth: 0,
        };
        reader.skip_trivia();
        while reader.peek() == Some('#') {
            reader.attribute()?;
            reader.skip_trivia();
        }
        Some(reader)
    }

    /// `#![...]`, which may hold comments and strings (`#![type = "..."]`).
    fn attribute(&mut self) -> Option<()> {
        for opening in ['#', '!', '['] {
            if !self.eat(opening) {
                return None;
            }
        }
        loop {
            self.skip_trivia();
            let rest = self.rest();
            if rest.starts_with('"') || lexical::starts_raw_string(rest) {
                self.pos += lexical::string(rest)?.1;
            } else {
                let c = self.peek()?;
                self.pos += c.len_utf8();
                if c == ']' {
                    return Some(());
                }
            }
        }
    }

    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start..self.pos)
    }

    fn skip_trivia(&mut self) {
        self.pos += lexical::trivia(self.rest());
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_trivia();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let start = self.pos;
        let rest = self.rest();
        let kind = match self.peek()? {
            '"' => self.string()?,
            'r' if lexical::starts_raw_string(rest) => self.string()?,
            '[' => {
                self.pos += 1;
                Shape::List(self.sequence()?)
            }
            '{' => {
                self.pos += 1;
                Shape::Map(self.map()?)
            }
            '(' => self.structure(None)?,
            '\'' => {
                self.pos += 1;
                while let Some(c) = self.peek() {
                    self.pos += c.len_utf8();
                    if c == '\\' {
                        self.pos += self.peek()?.len_utf8();
                    } else if c == '\'' {
                        break;
                    }
                }
                Shape::Atom(self.text[start..self.pos].to_string())
            }
            _ => match lexical::identifier(rest) {
                Some((name, len)) => {
                    self.pos += len;
                    let end = self.pos;
                    self.skip_trivia();
                    if self.peek() == Some('(') {
                        self.structure(Some(name.to_string()))?
                    } else {
                        self.pos = end;
                        Shape::Atom(name.to_string())
                    }
                }
                None => {
                    let len = rest
                        .find(|c: char| !(c.is_alphanumeric() || "+-._".contains(c)))
                        .unwrap_or(rest.len());
                    if len == 0 {
                        return None;
                    }
                    self.pos += len;
                    Shape::Atom(rest[..len].to_string())
                }
            },
        };
        self.depth -= 1;
        Some(Value {
            kind,
            span: self.span(start),
        })
    }

    fn string(&mut self) -> Option<Shape> {
        let (value, len) = lexical::string(self.rest())?;
        self.pos += len;
        Some(Shape::Str(value))
    }

    /// At the `(` of a struct, after its name if it has one.
    fn structure(&mut self, name: Option<String>) -> Option<Shape> {
        self.pos += 1;
        let mut fields = Vec::new();
        let mut items = Vec::new();
        loop {
            if self.eat(')') {
                break;
            }
            let save = self.pos;
            let mut named = false;
            if let Some((field, len)) = lexical::identifier(self.rest()) {
                self.pos += len;
                if self.eat(':') {
                    let value = self.value()?;
                    fields.push(Field {
                        name: field.to_string(),
                        value,
                    });
                    named = true;
                } else {
                    self.pos = save;
                }
            }
            if !named {
                items.push(self.value()?);
            }
            if !self.eat(',') {
                if self.eat(')') {
                    break;
                }
                return None;
            }
        }
        Some(Shape::Struct {
            name,
            fields,
            items,
        })
    }

    fn sequence(&mut self) -> Option<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            if self.eat(']') {
                return Some(items);
            }
            items.push(self.value()?);
            if !self.eat(',') {
                return self.eat(']').then_some(items);
            }
        }
    }

    fn map(&mut self) -> Option<Vec<(Value, Value)>> {
        let mut entries = Vec::new();
        loop {
            if self.eat('}') {
                return Some(entries);
            }
            let key = self.value()?;
            if !self.eat(':') {
                return None;
            }
            let value = self.value()?;
            entries.push((key, value));
            if !self.eat(',') {
                return self.eat('}').then_some(entries);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    fn field<'v>(value: &'v Value, name: &str) -> &'v Value {
        let Shape::Struct { fields, .. } = &value.kind else {
            panic!("a struct, not {value:?}")
        };
        let found = fields.iter().find(|f| f.name == name);
        &found.unwrap_or_else(|| panic!("a field {name}")).value
    }

    fn entries(value: &Value) -> &[(Value, Value)] {
        match &value.kind {
            Shape::Map(entries) => entries,
            _ => panic!("a map, not {value:?}"),
        }
    }

    fn name(value: &Value) -> Option<&str> {
        match &value.kind {
            Shape::Struct { name, .. } => name.as_deref(),
            _ => None,
        }
    }

    #[test]
    fn records_spans_of_keys_fields_and_values() {
        let text = r##"// comment
Flow(
    id: "pairing",
    nodes: {
        "a": Ask(text: "Hi \"there\"", choices: [(id: "x", label: "X", next: "b")]),
        "b": End(outcome: Resolved, text: r#"done"#),
    },
)"##;
        let doc = parse(FileId(0), text).expect("parses");
        assert_eq!(name(&doc), Some("Flow"));
        assert_eq!(text_at(text, doc.span), &text[11..]);
        let id = field(&doc, "id");
        assert_eq!(id.kind, Shape::Str("pairing".into()));
        assert_eq!(text_at(text, id.span), "\"pairing\"");
        let nodes = entries(field(&doc, "nodes"));
        assert_eq!(nodes.len(), 2);
        assert_eq!(text_at(text, nodes[0].0.span), "\"a\"");
        assert_eq!(name(&nodes[0].1), Some("Ask"));
        assert_eq!(
            field(&nodes[0].1, "text").kind,
            Shape::Str("Hi \"there\"".into())
        );
        let Shape::List(choices) = &field(&nodes[0].1, "choices").kind else {
            panic!("a list")
        };
        assert_eq!(text_at(text, field(&choices[0], "next").span), "\"b\"");
        let outcome = field(&nodes[1].1, "outcome");
        assert_eq!(outcome.kind, Shape::Atom("Resolved".into()));
        assert_eq!(text_at(text, outcome.span), "Resolved");
        assert_eq!(field(&nodes[1].1, "text").kind, Shape::Str("done".into()));
    }

    #[test]
    fn keeps_repeated_map_keys() {
        let doc = parse(FileId(0), r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(entries(&doc).len(), 2);
    }

    #[test]
    fn reads_some_and_document_names() {
        let doc = parse(FileId(0), r#"(fact: Some ( "x", ))"#).unwrap();
        let Shape::Struct { name, items, .. } = &field(&doc, "fact").kind else {
            panic!("a struct")
        };
        assert_eq!(name.as_deref(), Some("Some"));
        assert_eq!(items[0].kind, Shape::Str("x".into()));
        assert_eq!(
            document_name("/* c /* nested */ */ Facts(facts: {})").as_deref(),
            Some("Facts")
        );
        assert_eq!(
            document_name("#![type = \"]\"] r#Facts(facts: {})").as_deref(),
            Some("Facts")
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = "[".repeat(10_000);
        assert!(parse(FileId(0), &text).is_none());
    }
}
