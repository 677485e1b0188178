//! Source files and byte spans.
//!
//! Every diagnostic points into a file through a `Span` of byte offsets. Line and column are
//! derived on demand (0-based internally, printed 1-based, columns counted in characters
//! like ron and rustc do), so positions never drift between the loader, the checker and the
//! renderers.
//!
//! [`Sources`] indexes where each line starts when a file is added: a big tree can carry
//! thousands of diagnostics, and each position is then a binary search, not a scan of the
//! text. [`offset_of`] and [`position`] work on a bare `&str` for a one-off lookup.

use std::ops::{Deref, Range};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

impl FileId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A byte range inside one source file. Twelve bytes: every located value of a tree
/// carries one, and tree files are far below 4 GiB (see `load::MAX_TREE_BYTES`); an
/// offset past that is kept as `u32::MAX`, which still points past the end of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    start: u32,
    end: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span {
            file,
            start: narrow(range.start),
            end: narrow(range.end),
        }
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.end as usize
    }

    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }
}

/// An offset or an index as 32 bits, saturating.
pub(crate) fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A 0-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One tree file: its display path and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    /// The 0-based line and character column of a byte offset. Scans the text: for many
    /// lookups, go through [`Sources`], whose files carry a line index.
    pub fn position(&self, offset: usize) -> Position {
        position(&self.text, offset)
    }

    /// The byte offset of a 1-based line and character column (as ron reports them).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        offset_of(&self.text, line, column)
    }
}

/// The strings of a file whose value is not the text between their quotes (escaped or
/// raw), each with the offset it starts at, in order.
pub type Unquoted = Vec<(u32, Box<str>)>;

/// A file of [`Sources`]: the [`SourceFile`] and the byte offset at which each of its
/// lines starts.
#[derive(Debug, Clone)]
pub struct IndexedFile {
    file: SourceFile,
    /// Four bytes a line: a tree file is far below 4 GiB (see [`Span`]).
    line_starts: Vec<u32>,
    /// The strings whose value is not their text between the quotes (escapes, raw
    /// strings), by the offset they start at, in order: see [`Sources::string`].
    unquoted: Unquoted,
}

impl IndexedFile {
    pub fn new(file: SourceFile) -> Self {
        let line_starts = line_starts(&file.text);
        IndexedFile {
            file,
            line_starts,
            unquoted: Vec::new(),
        }
    }

    /// The value of the string written at `span`, quotes included.
    fn string(&self, span: Span) -> &str {
        match self
            .unquoted
            .binary_search_by_key(&span.start, |(at, _)| *at)
        {
            Ok(i) => &self.unquoted[i].1,
            Err(_) => self
                .file
                .text
                .get(span.start() + 1..span.end().saturating_sub(1))
                .unwrap_or(""),
        }
    }

    /// The 0-based line and character column of a byte offset, by binary search.
    pub fn position(&self, offset: usize) -> Position {
        let text = &self.file.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self
            .line_starts
            .partition_point(|start| *start as usize <= offset)
            - 1;
        let column = text[self.line_starts[line] as usize..offset]
            .chars()
            .count();
        Position { line, column }
    }

    /// The bytes of a 0-based line, its line break excluded; empty at the end of the text
    /// for a line past the last. For showing a snippet without handing over the whole file.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let text = &self.file.text;
        let Some(&start) = self.line_starts.get(line) else {
            return text.len()..text.len();
        };
        let start = start as usize;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |next| *next as usize - 1);
        let end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }

    /// The byte offset of a 1-based line and character column (as ron reports them).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        match line.checked_sub(1).and_then(|l| self.line_starts.get(l)) {
            Some(&start) => offset_in_line(&self.file.text, start as usize, column),
            None => self.file.text.len(),
        }
    }
}

impl Deref for IndexedFile {
    type Target = SourceFile;

    fn deref(&self) -> &SourceFile {
        &self.file
    }
}

/// The byte offset at which each line of `text` starts; the first is 0.
fn line_starts(text: &str) -> Vec<u32> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| narrow(i + 1)))
        .collect()
}

/// The 0-based line and character column of a byte offset in `text`.
pub fn position(text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count();
    Position { line, column }
}

/// The byte offset of a 1-based line and character column in `text` (as ron reports
/// them): the end of the line for a column past it, the end of the text for a line past
/// the last.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = match line {
        0 => None,
        1 => Some(0),
        _ => text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1),
    };
    start.map_or(text.len(), |start| offset_in_line(text, start, column))
}

/// The byte offset of a 1-based character column in the line starting at `start`.
fn offset_in_line(text: &str, start: usize, column: usize) -> usize {
    let line = &text[start..];
    let line = line.split_inclusive('\n').next().unwrap_or(line);
    start
        + line
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line.trim_end_matches('\n').len(), |(i, _)| i)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// All files of one load, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<IndexedFile>,
}

impl Sources {
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(IndexedFile::new(SourceFile {
            path: path.into(),
            text: text.into(),
        }));
        FileId(narrow(self.files.len() - 1))
    }

    /// Records the strings of a file whose value is not the text between their quotes
    /// (escapes, raw strings), by the offset each starts at, in order.
    pub fn set_unquoted(&mut self, id: FileId, strings: Unquoted) {
        let mut strings = strings;
        strings.shrink_to_fit();
        self.files[id.index()].unquoted = strings;
    }

    /// The value of the string written at `span` (its quotes included), as the loader
    /// read it: the text between the quotes, or the unescaped value it recorded. A tree
    /// keeps its strings as spans into its text, which it keeps anyway for diagnostics.
    pub fn string(&self, span: Span) -> &str {
        self.files
            .get(span.file.index())
            .map_or("", |file| file.string(span))
    }

    pub fn get(&self, id: FileId) -> &IndexedFile {
        &self.files[id.index()]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &IndexedFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(narrow(i)), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "ab\n“x” y\n\nlast";

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile {
            path: "t.ron".into(),
            text: "ab\n“x” y\n".into(),
        };
        let y = file.text.find('y').unwrap();
        assert_eq!(file.position(y), Position { line: 1, column: 4 });
        assert_eq!(file.offset_of(2, 5), y);
        assert_eq!(file.position(0), Position { line: 0, column: 0 });
    }

    /// The indexed lookups agree with the scanning ones everywhere, past the ends included.
    #[test]
    fn the_line_index_agrees_with_a_scan() {
        let mut sources = Sources::default();
        let id = sources.add("t.ron", TEXT);
        let file = sources.get(id);
        for offset in 0..TEXT.len() + 3 {
            assert_eq!(
                file.position(offset),
                position(TEXT, offset),
                "offset {offset}"
            );
        }
        for line in 0..7 {
            for column in 0..9 {
                assert_eq!(
                    file.offset_of(line, column),
                    offset_of(TEXT, line, column),
                    "{line}:{column}"
                );
            }
        }
        assert_eq!(offset_of(TEXT, 4, 3), TEXT.len() - 2);
        assert_eq!(offset_of(TEXT, 3, 5), TEXT.find("\n\n").unwrap() + 1);
        assert_eq!(offset_of(TEXT, 9, 1), TEXT.len());
    }

    #[test]
    fn line_ranges_leave_out_line_breaks() {
        let mut sources = Sources::default();
        let id = sources.add("t.ron", "ab\r\n“x” y\n\nlast");
        let file = sources.get(id);
        let lines: Vec<&str> = (0..5).map(|l| &file.text[file.line_range(l)]).collect();
        assert_eq!(lines, ["ab", "“x” y", "", "last", ""]);
    }
}
