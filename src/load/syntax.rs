//! A small RON reader that keeps positions.
//!
//! ron checks syntax and types but reports positions only for errors. After ron has
//! accepted a file, this reader walks the same text once more and builds a [`Value`] tree
//! in which every value, struct field name and map key carries its [`Span`]; the loader
//! zips it with the serde result to locate every id and reference. It is lenient by
//! design: anything ron accepted, it can read.

use crate::source::{FileId, Span};

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub span: Span,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Str(String),
    /// Numbers, chars, booleans and bare identifiers such as `Resolved` or `None`.
    Atom(String),
    /// `Name(...)` or `(...)`, with named fields or positional items.
    Struct {
        name: Option<(String, Span)>,
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

impl Value {
    /// The value of a named field of a struct, if present.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match &self.kind {
            Kind::Struct { fields, .. } => fields.iter().find(|f| f.name == name).map(|f| &f.value),
            _ => None,
        }
    }

    /// The items of a list, or nothing.
    pub fn items(&self) -> &[Value] {
        match &self.kind {
            Kind::List(items) => items,
            _ => &[],
        }
    }

    /// The entries of a map, or nothing.
    pub fn entries(&self) -> &[(Value, Value)] {
        match &self.kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The struct name, such as `Ask` in `Ask(...)`.
    pub fn name(&self) -> Option<&(String, Span)> {
        match &self.kind {
            Kind::Struct { name, .. } => name.as_ref(),
            _ => None,
        }
    }

    /// `Some(x)` unwrapped to `x`; any other value unchanged.
    pub fn unwrap_some(&self) -> &Value {
        match &self.kind {
            Kind::Struct {
                name: Some((name, _)),
                items,
                fields,
            } if name == "Some" && items.len() == 1 && fields.is_empty() => &items[0],
            _ => self,
        }
    }
}

/// Reads one RON document. Returns `None` on text ron would have rejected.
pub fn parse(file: FileId, text: &str) -> Option<Value> {
    let mut reader = Reader::at_value(file, text)?;
    let value = reader.value()?;
    reader.skip_trivia();
    Some(value)
}

/// The name of the top-level struct of a document (`Flow`, `Facts`), if it has one.
pub fn document_name(text: &str) -> Option<String> {
    Reader::at_value(FileId(0), text)?
        .ident()
        .map(|(name, _)| name)
}

const MAX_DEPTH: usize = 128;

struct Reader<'t> {
    file: FileId,
    text: &'t str,
    pos: usize,
    depth: usize,
}

impl<'t> Reader<'t> {
    /// A reader past the leading comments and `#![enable(...)]` attributes.
    fn at_value(file: FileId, text: &'t str) -> Option<Reader<'t>> {
        let mut reader = Reader {
            file,
            text,
            pos: 0,
            depth: 0,
        };
        reader.skip_trivia();
        while reader.rest().starts_with("#![") {
            let close = reader.rest().find(']')?;
            reader.pos += close + 1;
            reader.skip_trivia();
        }
        Some(reader)
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
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                self.skip_block_comment();
            } else {
                return;
            }
        }
    }

    fn skip_block_comment(&mut self) {
        // RON block comments nest.
        let mut depth = 0usize;
        while self.pos < self.text.len() {
            let rest = self.rest();
            if rest.starts_with("/*") {
                depth += 1;
                self.pos += 2;
            } else if rest.starts_with("*/") {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.pos += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
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
        let value = match self.peek()? {
            '"' => Value {
                kind: Kind::Str(self.string()?),
                span: self.span(start),
            },
            'r' if self.rest().starts_with("r\"") || self.rest().starts_with("r#") => Value {
                kind: Kind::Str(self.raw_string()?),
                span: self.span(start),
            },
            '[' => {
                self.pos += 1;
                let items = self.sequence(']')?;
                Value {
                    kind: Kind::List(items),
                    span: self.span(start),
                }
            }
            '{' => {
                self.pos += 1;
                let entries = self.map()?;
                Value {
                    kind: Kind::Map(entries),
                    span: self.span(start),
                }
            }
            '(' => self.structure(start, None)?,
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
                Value {
                    kind: Kind::Atom(self.text[start..self.pos].to_string()),
                    span: self.span(start),
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let (name, name_span) = self.ident()?;
                self.skip_trivia();
                if self.peek() == Some('(') {
                    self.structure(start, Some((name, name_span)))?
                } else {
                    Value {
                        kind: Kind::Atom(name),
                        span: name_span,
                    }
                }
            }
            _ => {
                while let Some(c) = self.peek() {
                    if c.is_alphanumeric() || "+-._".contains(c) {
                        self.pos += c.len_utf8();
                    } else {
                        break;
                    }
                }
                if self.pos == start {
                    return None;
                }
                Value {
                    kind: Kind::Atom(self.text[start..self.pos].to_string()),
                    span: self.span(start),
                }
            }
        };
        self.depth -= 1;
        Some(value)
    }

    fn ident(&mut self) -> Option<(String, Span)> {
        let start = self.pos;
        if self.rest().starts_with("r#") {
            self.pos += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        (self.pos > start).then(|| {
            let name = self.text[start..self.pos].trim_start_matches("r#");
            (name.to_string(), self.span(start))
        })
    }

    /// `(` has not been consumed yet when called after a name; it has for `(` alone.
    fn structure(&mut self, start: usize, name: Option<(String, Span)>) -> Option<Value> {
        self.skip_trivia();
        if self.peek() == Some('(') {
            self.pos += 1;
        }
        let mut fields = Vec::new();
        let mut items = Vec::new();
        loop {
            if self.eat(')') {
                break;
            }
            self.skip_trivia();
            let save = self.pos;
            let mut named = false;
            if let Some((field, _)) = self.ident() {
                if self.eat(':') {
                    let value = self.value()?;
                    fields.push(Field { name: field, value });
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
        Some(Value {
            kind: Kind::Struct {
                name,
                fields,
                items,
            },
            span: self.span(start),
        })
    }

    fn sequence(&mut self, close: char) -> Option<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Some(items);
            }
            items.push(self.value()?);
            if !self.eat(',') {
                return self.eat(close).then_some(items);
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

    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let c = self.peek()?;
            self.pos += c.len_utf8();
            match c {
                '"' => return Some(out),
                '\\' => {
                    let e = self.peek()?;
                    self.pos += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'x' => {
                            let hex = self.rest().get(..2)?;
                            self.pos += 2;
                            out.push(char::from(u8::from_str_radix(hex, 16).ok()?));
                        }
                        'u' => {
                            let rest = self.rest();
                            if rest.starts_with('{') {
                                let close = rest.find('}')?;
                                let code = u32::from_str_radix(&rest[1..close], 16).ok()?;
                                self.pos += close + 1;
                                out.push(char::from_u32(code)?);
                            } else {
                                let hex = rest.get(..4)?;
                                self.pos += 4;
                                out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                            }
                        }
                        '\n' => {
                            // A line continuation: skip the leading white space.
                            let rest = self.rest();
                            self.pos += rest.len() - rest.trim_start().len();
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    fn raw_string(&mut self) -> Option<String> {
        self.pos += 1;
        let hashes = self.rest().len() - self.rest().trim_start_matches('#').len();
        self.pos += hashes;
        if self.peek() != Some('"') {
            return None;
        }
        self.pos += 1;
        let close = format!("\"{}", "#".repeat(hashes));
        let end = self.rest().find(&close)?;
        let out = self.rest()[..end].to_string();
        self.pos += end + close.len();
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(text: &str, span: Span) -> &str {
        &text[span.range()]
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
        assert_eq!(doc.name().unwrap().0, "Flow");
        let id = doc.field("id").unwrap();
        assert_eq!(id.kind, Kind::Str("pairing".into()));
        assert_eq!(text_at(text, id.span), "\"pairing\"");
        let nodes = doc.field("nodes").unwrap().entries();
        assert_eq!(nodes.len(), 2);
        assert_eq!(text_at(text, nodes[0].0.span), "\"a\"");
        assert_eq!(nodes[0].1.name().unwrap().0, "Ask");
        assert_eq!(
            nodes[0].1.field("text").unwrap().kind,
            Kind::Str("Hi \"there\"".into())
        );
        let next = &nodes[0].1.field("choices").unwrap().items()[0];
        assert_eq!(text_at(text, next.field("next").unwrap().span), "\"b\"");
        assert_eq!(
            nodes[1].1.field("outcome").unwrap().kind,
            Kind::Atom("Resolved".into())
        );
        assert_eq!(
            nodes[1].1.field("text").unwrap().kind,
            Kind::Str("done".into())
        );
    }

    #[test]
    fn keeps_repeated_map_keys() {
        let doc = parse(FileId(0), r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(doc.entries().len(), 2);
    }

    #[test]
    fn unwraps_some_and_reads_names() {
        let doc = parse(FileId(0), r#"(fact: Some("x"))"#).unwrap();
        let fact = doc.field("fact").unwrap().unwrap_some();
        assert_eq!(fact.kind, Kind::Str("x".into()));
        assert_eq!(
            document_name("/* c /* nested */ */ Facts(facts: {})").as_deref(),
            Some("Facts")
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = "[".repeat(10_000);
        assert!(parse(FileId(0), &text).is_none());
    }
}
