//! Where a document's value begins, and what it is named, read from the text alone.
//!
//! A document may open with comments and attributes (`#![enable(implicit_some)]`); the
//! loader needs to know where the value starts, whether attributes were written (they
//! change what ron accepts, so such a file is judged by ron first), and the name of the
//! top-level struct (`Flow`, `Facts`), which says which raw type to read. The lexical rules
//! are ron's own ([`crate::load::lexical`]).

use crate::load::lexical;

/// Where the value of a document starts, past leading comments and attributes, and
/// whether it had any attribute. `None` where the attributes are not well formed.
pub fn value_start(text: &str) -> Option<(usize, bool)> {
    let reader = Reader::at_value(text)?;
    Some((reader.pos, reader.attributes))
}

/// The name of the top-level struct of a document (`Flow`, `Facts`), if it has one.
pub fn document_name(text: &str) -> Option<String> {
    let reader = Reader::at_value(text)?;
    lexical::identifier(reader.rest()).map(|(name, _)| name.to_string())
}

struct Reader<'t> {
    text: &'t str,
    pos: usize,
    attributes: bool,
}

impl<'t> Reader<'t> {
    /// A reader past the leading comments and attributes (`#![enable(...)]`).
    fn at_value(text: &'t str) -> Option<Reader<'t>> {
        let mut reader = Reader {
            text,
            pos: 0,
            attributes: false,
        };
        reader.skip_trivia();
        while reader.peek() == Some('#') {
            reader.attributes = true;
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

    fn skip_trivia(&mut self) {
        self.pos += lexical::trivia(self.rest()).unwrap_or(self.rest().len());
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names_past_comments_and_attributes() {
        assert_eq!(
            document_name("/* c /* nested */ */ Facts(facts: {})").as_deref(),
            Some("Facts")
        );
        assert_eq!(
            document_name("#![type = \"]\"] r#Facts(facts: {})").as_deref(),
            Some("Facts")
        );
        assert_eq!(value_start("// c\nFlow()"), Some((5, false)));
        assert_eq!(
            value_start("#![enable(implicit_some)] Flow()"),
            Some((26, true))
        );
    }
}
