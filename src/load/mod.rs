//! Loading trees: files in, raw documents with positions out.
//!
//! A valid file is read once, by `deserializer`, which reads the raw types straight from
//! the text and gives every [`crate::raw::Located`] its span. It refuses anything ron
//! might refuse; only then does ron read the file, so that its errors, with their
//! positions, are the ones reported. ron keeps no positions for what it accepts, so what
//! it reads is never kept: the document is what the position-keeping reader read, and no
//! position can be missing.
//! Problems become diagnostics; a file that fails to parse is left out and the rest still
//! load, so one run reports as much as it can.

mod deserializer;
mod lexical;
mod syntax;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Kind};
use crate::raw::{Document, Located, RawFacts, RawFlow};
use crate::source::{FileId, Sources, Span};

use crate::shipped as embedded;

/// Everything read from one set of tree files.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Sources,
    pub documents: Vec<(FileId, Document)>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many of the files are built-in documents added because the set lacked them.
    pub fallbacks: usize,
    /// Paths named `.ron` that are no regular file (FIFOs, devices, sockets): reading one
    /// could block forever or never end, so it is left out and the front end warns.
    pub skipped: Vec<PathBuf>,
}

/// The largest tree file read, in bytes: far more than any hand-written flow, small
/// enough that a mistaken path cannot make the loader read without bound.
pub const MAX_TREE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a whole regular file, refusing one past `max` bytes without reading it all.
/// `what` names the kind of file in the error ("tree", "session").
pub fn read_capped(path: &Path, max: u64, what: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::other(format!(
            "the file is larger than the {} MiB a {what} file may be",
            max / (1024 * 1024)
        )));
    }
    Ok(bytes)
}

/// Whether a path (after its links) is a regular file.
fn is_regular(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// A failure to read files at all (as opposed to a problem inside them).
#[derive(Debug)]
pub enum LoadError {
    NotFound(PathBuf),
    NotADirectory(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            LoadError::NotFound(path) => write!(f, "{}: no such file or directory", path.display()),
            LoadError::NotADirectory(path) => write!(f, "{}: not a directory", path.display()),
            LoadError::Io(path, error) => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for LoadError {}

/// The trees built into the binary.
pub fn embedded() -> Loaded {
    let mut loaded = Loaded::default();
    for (path, text) in embedded::EMBEDDED {
        loaded.add(path, text);
    }
    loaded
}

/// The documents every set of trees shares: a set that lacks one of them gets the built-in
/// one, so a folder of flows alone still has facts, a vocabulary and the letter's words.
const SHARED: [&str; 3] = ["Facts", "Vocabulary", "Letter"];

/// The embedded document named `name` (`Facts`, `Vocabulary`, `Letter`).
fn embedded_document(name: &str) -> Option<(&'static str, &'static str)> {
    embedded::EMBEDDED
        .iter()
        .find(|(_, text)| syntax::document_name(text).as_deref() == Some(name))
        .copied()
}

/// Loads the `.ron` files of one tree directory (what `--trees` names).
pub fn from_dir(dir: &Path) -> Result<Loaded, LoadError> {
    read_dir(dir).map(from_files)
}

/// Loads `.ron` files from the given files and directories; see [`read_paths`].
pub fn from_paths(paths: &[PathBuf]) -> Result<Loaded, LoadError> {
    read_paths(paths).map(from_files)
}

/// The tree files of a set, read but not yet parsed: what a compiled graph's cache key
/// is made of ([`crate::cache`]).
#[derive(Debug, Default)]
pub struct Files {
    /// (path shown in diagnostics, contents), sorted by path.
    pub files: Vec<(String, Vec<u8>)>,
    /// Paths named `.ron` that are no regular file; see [`Loaded::skipped`].
    pub skipped: Vec<PathBuf>,
}

/// Reads the `.ron` files of one tree directory.
pub fn read_dir(dir: &Path) -> Result<Files, LoadError> {
    list_dir(dir)?.read()
}

/// Reads `.ron` files from the given files and directories; see [`list_paths`].
pub fn read_paths(paths: &[PathBuf]) -> Result<Files, LoadError> {
    list_paths(paths)?.read()
}

/// The tree files of a set, found but not yet read.
#[derive(Debug, Default)]
pub struct Listing {
    /// Regular files, sorted, each once.
    pub files: Vec<PathBuf>,
    /// Paths named `.ron` that are no regular file; see [`Loaded::skipped`].
    pub skipped: Vec<PathBuf>,
}

/// Finds the `.ron` files of one tree directory.
pub fn list_dir(dir: &Path) -> Result<Listing, LoadError> {
    let metadata = fs::metadata(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound(dir.to_path_buf()),
        _ => LoadError::Io(dir.to_path_buf(), e),
    })?;
    if !metadata.is_dir() {
        return Err(LoadError::NotADirectory(dir.to_path_buf()));
    }
    list_paths(&[dir.to_path_buf()])
}

/// Finds `.ron` files from the given files and directories (recursively, sorted). A file
/// reached twice, through a symbolic link or a repeated argument, is read once, and a
/// directory link that loops back is not followed round.
pub fn list_paths(paths: &[PathBuf]) -> Result<Listing, LoadError> {
    let mut files = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        let metadata = fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound(path.clone()),
            _ => LoadError::Io(path.clone(), e),
        })?;
        if metadata.is_dir() {
            collect(path, &mut files, &mut visited)?;
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    let mut seen = HashSet::new();
    files.retain(|file| seen.insert(fs::canonicalize(file).unwrap_or_else(|_| file.clone())));
    let (files, skipped) = files.into_iter().partition(|file| is_regular(file));
    Ok(Listing { files, skipped })
}

impl Listing {
    /// Reads every file, each up to [`MAX_TREE_BYTES`].
    pub fn read(self) -> Result<Files, LoadError> {
        let files = (self.files.into_iter())
            .map(|file| {
                let bytes = read_capped(&file, MAX_TREE_BYTES, "tree")
                    .map_err(|e| LoadError::Io(file.clone(), e))?;
                Ok((file.to_string_lossy().into_owned(), bytes))
            })
            .collect::<Result<_, _>>()?;
        Ok(Files {
            files,
            skipped: self.skipped,
        })
    }
}

/// Parses files read by [`Listing::read`], adding the shared documents they lack.
pub fn from_files(files: Files) -> Loaded {
    let mut loaded = Loaded {
        skipped: files.skipped,
        ..Loaded::default()
    };
    for (shown, bytes) in files.files {
        match String::from_utf8(bytes) {
            Ok(text) => loaded.add(&shown, &text),
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                let id = loaded.sources.add(shown, text);
                loaded
                    .diagnostics
                    .push(Diagnostic::new(Kind::NotUtf8, Span::new(id, valid..valid)));
            }
        }
    }
    // A shared document that failed to parse still counts: falling back to the built-in
    // one would bury its own error under spurious errors elsewhere.
    for name in SHARED {
        let has = loaded
            .sources
            .iter()
            .any(|(_, f)| syntax::document_name(&f.text).as_deref() == Some(name));
        if let (false, Some((path, text))) = (has, embedded_document(name)) {
            loaded.add(path, text);
            loaded.fallbacks += 1;
        }
    }
    loaded
}

fn collect(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    visited: &mut HashSet<PathBuf>,
) -> Result<(), LoadError> {
    let real = fs::canonicalize(dir).map_err(|e| LoadError::Io(dir.to_path_buf(), e))?;
    if !visited.insert(real) {
        return Ok(());
    }
    let entries = fs::read_dir(dir).map_err(|e| LoadError::Io(dir.to_path_buf(), e))?;
    for entry in entries {
        let path = entry
            .map_err(|e| LoadError::Io(dir.to_path_buf(), e))?
            .path();
        if path.is_dir() {
            collect(&path, out, visited)?;
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
    Ok(())
}

/// ron as the judge of tree files. `unwrap_newtypes` lets ron see through a
/// [`Located`] to its value (see [`crate::raw::located`]); the raw types have no newtype
/// structs of their own, so it changes nothing else. Public for the fuzz target, which
/// checks that the loader's own reader accepts nothing this refuses.
pub fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_NEWTYPES)
        .with_recursion_limit(64)
}

impl Loaded {
    /// Parses one file and records its document or its error.
    pub fn add(&mut self, path: &str, text: &str) {
        // A byte-order mark is invisible in editors: positions are counted without it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let file = self.sources.add(path, text);
        let result = match syntax::document_name(text).as_deref() {
            Some("Facts") => read::<RawFacts>(file, text).map(|(d, u)| (Document::Facts(d), u)),
            Some("Vocabulary") => read(file, text).map(|(d, u)| (Document::Vocabulary(d), u)),
            Some("Letter") => read(file, text).map(|(d, u)| (Document::Letter(Box::new(d)), u)),
            _ => {
                read::<Located<RawFlow>>(file, text).map(|(d, u)| (Document::Flow(Box::new(d)), u))
            }
        };
        match result {
            Ok((document, unquoted)) => {
                self.sources.set_unquoted(file, unquoted);
                self.documents.push((file, document));
            }
            Err(diagnostic) => self.diagnostics.push(*diagnostic),
        }
    }
}

/// One document. The position-keeping reader reads it; only when it refuses the text does
/// ron read it, to report its error with its position (the reader never accepts what ron
/// would refuse, see [`deserializer`]). Attributes (`#![enable(...)]`) change what ron
/// accepts, so a file with any is judged by ron first.
/// The strings whose value is not their text between the quotes come with it (see
/// [`crate::source::Sources::set_unquoted`]).
fn read<T: DeserializeOwned>(file: FileId, text: &str) -> Result<Read<T>, Box<Diagnostic>> {
    let start = syntax::value_start(text);
    if let Some((at, false)) = start
        && let Some(document) = deserializer::read(file, text, at)
    {
        return Ok(document);
    }
    if let Err(error) = options().from_str::<T>(text) {
        return Err(Box::new(ron_diagnostic(file, text, &error)));
    }
    start
        .and_then(|(at, _)| deserializer::read(file, text, at))
        .ok_or_else(|| Box::new(Diagnostic::new(Kind::Unlocatable, Span::new(file, 0..0))))
}

type Read<T> = (T, crate::source::Unquoted);

fn ron_diagnostic(file: FileId, text: &str, error: &ron::error::SpannedError) -> Diagnostic {
    use ron::Error as E;
    let start = crate::source::offset_of(text, error.span.start.line, error.span.start.col);
    // ron sometimes reports the white space before the offending value: point at the value.
    let rest = &text[start..];
    let blank = rest.len() - rest.trim_start().len();
    let at_end = blank == rest.len();
    let start = if at_end { start } else { start + blank };
    let end = crate::source::offset_of(text, error.span.end.line, error.span.end.col).max(start);
    let span = Span::new(file, start..end);
    let message = error.code.to_string();
    let kind = match &error.code {
        &E::NoSuchEnumVariant { expected, .. } => Kind::UnknownVariant { message, expected },
        &E::NoSuchStructField { expected, .. } => Kind::UnknownField { message, expected },
        &E::MissingStructField { field, .. } => Kind::MissingField { message, field },
        E::DuplicateStructField { .. } => Kind::DuplicateField { message },
        &E::ExpectedDifferentStructName { expected, .. } => {
            Kind::UnknownStruct { message, expected }
        }
        E::Message(_) | E::InvalidValueForType { .. } | E::ExpectedDifferentLength { .. } => {
            Kind::InvalidValue { message }
        }
        // Valid RON, but not the kind of value this field holds.
        E::ExpectedArray
        | E::ExpectedBoolean
        | E::ExpectedChar
        | E::ExpectedFloat
        | E::ExpectedInteger
        | E::ExpectedOption
        | E::ExpectedMap
        | E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_)
        | E::ExpectedUnit
        | E::ExpectedString
            if !at_end =>
        {
            Kind::WrongType { message }
        }
        _ => Kind::Syntax { message },
    };
    Diagnostic::new(kind, span)
}

#[cfg(test)]
mod agreement;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::raw::RawNode;

    fn load(text: &str) -> Loaded {
        let mut loaded = Loaded::default();
        loaded.add("t.ron", text);
        loaded
    }

    #[test]
    fn embedded_trees_parse() {
        let loaded = embedded();
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert!(SHARED.iter().all(|name| embedded_document(name).is_some()));
    }

    #[test]
    fn references_are_located() {
        let text = "Flow(id: \"f\", title: \"T\", category: \"C\", start: \"a\",\n  nodes: {\n    \"a\": Call(flow: \"g\", then: \"b\"),\n    \"b\": End(outcome: Info, text: \"x\"),\n  },\n)";
        let loaded = load(text);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let Document::Flow(flow) = &loaded.documents[0].1 else {
            panic!("a flow")
        };
        assert_eq!(flow.span.range(), 0..text.len());
        let (key, node) = &flow.nodes.0[0];
        assert_eq!(&text[key.span.range()], "\"a\"");
        let RawNode::Call { then, .. } = node else {
            panic!("a call")
        };
        assert_eq!(&text[then.span.range()], "\"b\"");
        let position = loaded
            .sources
            .get(then.span.file)
            .position(then.span.start());
        assert_eq!((position.line, position.column), (2, 31));
    }

    #[test]
    fn unknown_kind_and_field_have_codes() {
        let unknown_kind = load(
            "Flow(id: \"f\", title: \"T\", category: \"C\", start: \"a\", nodes: {\"a\": Question(text: \"x\")})",
        );
        assert_eq!(unknown_kind.diagnostics[0].code(), Code::UnknownKind);
        let unknown_field = load("Flow(id: \"f\", titel: \"T\")");
        assert_eq!(unknown_field.diagnostics[0].code(), Code::UnknownField);
        let syntax = load("Flow(id: \"f\"");
        assert_eq!(syntax.diagnostics[0].code(), Code::Syntax);
    }
}
