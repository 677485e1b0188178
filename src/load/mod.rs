//! Loading trees: files in, raw documents with positions out.
//!
//! Each file is parsed by ron (which reports syntax and type errors with positions) and then
//! read again by [`crate::load::syntax`] to record where every id and reference was written.
//! Problems become diagnostics; a file that fails to parse is left out and the rest still
//! load, so one run reports as much as it can.

mod lexical;
pub mod syntax;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;

use crate::diagnostic::{Code, Diagnostic};
use crate::raw::{Document, Entries, Located, RawChoice, RawFacts, RawFlow, RawNode};
use crate::source::{FileId, Sources, Span};
use syntax::Value;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Everything read from one set of tree files.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Sources,
    pub documents: Vec<(FileId, Document)>,
    pub diagnostics: Vec<Diagnostic>,
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

/// The shipped tree files as (path, text), for tools that read them raw.
pub fn embedded_texts() -> &'static [(&'static str, &'static str)] {
    embedded::EMBEDDED
}

/// The embedded `facts.ron`, for a set of files that declares no facts of its own.
pub fn embedded_facts() -> Option<(&'static str, &'static str)> {
    embedded::EMBEDDED
        .iter()
        .find(|(path, text)| {
            path.ends_with("facts.ron") && syntax::document_name(text).as_deref() == Some("Facts")
        })
        .copied()
}

/// Loads the `.ron` files of one tree directory (what `--trees` names).
pub fn from_dir(dir: &Path) -> Result<Loaded, LoadError> {
    let metadata = fs::metadata(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound(dir.to_path_buf()),
        _ => LoadError::Io(dir.to_path_buf(), e),
    })?;
    if !metadata.is_dir() {
        return Err(LoadError::NotADirectory(dir.to_path_buf()));
    }
    from_paths(&[dir.to_path_buf()])
}

/// Loads `.ron` files from the given files and directories (recursively, sorted). A file
/// reached twice, through a symbolic link or a repeated argument, is read once, and a
/// directory link that loops back is not followed round.
pub fn from_paths(paths: &[PathBuf]) -> Result<Loaded, LoadError> {
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
    let mut loaded = Loaded::default();
    for file in files {
        let bytes = fs::read(&file).map_err(|e| LoadError::Io(file.clone(), e))?;
        let shown = file.to_string_lossy().into_owned();
        match String::from_utf8(bytes) {
            Ok(text) => loaded.add(&shown, &text),
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                let id = loaded.sources.add(shown, text);
                loaded.diagnostics.push(
                    Diagnostic::new(
                        Code::Syntax,
                        Span::new(id, valid..valid),
                        "the file is not valid UTF-8",
                    )
                    .help("save the file as UTF-8"),
                );
            }
        }
    }
    // A `Facts(...)` file that failed to parse still counts: falling back to the built-in
    // facts would bury its own error under spurious unknown-fact errors.
    let has_facts = loaded
        .sources
        .iter()
        .any(|(_, f)| syntax::document_name(&f.text).as_deref() == Some("Facts"));
    if let (false, Some((path, text))) = (has_facts, embedded_facts()) {
        loaded.add(path, text);
    }
    Ok(loaded)
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

fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

impl Loaded {
    /// Parses one file and records its document or its error.
    pub fn add(&mut self, path: &str, text: &str) {
        // A byte-order mark is invisible in editors: positions are counted without it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let file = self.sources.add(path, text);
        let result = if syntax::document_name(text).as_deref() == Some("Facts") {
            options().from_str::<RawFacts>(text).map(Document::Facts)
        } else {
            options()
                .from_str::<RawFlow>(text)
                .map(|flow| Document::Flow(Box::new(flow)))
        };
        match result {
            Ok(mut document) => {
                let Some(tree) = syntax::parse(file, text) else {
                    self.diagnostics.push(Diagnostic::new(
                        Code::Syntax,
                        Span::new(file, 0..0),
                        "the file could not be read a second time to locate its parts",
                    ));
                    return;
                };
                match &mut document {
                    Document::Flow(flow) => locate_flow(flow, &tree),
                    Document::Facts(facts) => locate_facts(facts, &tree),
                }
                self.documents.push((file, document));
            }
            Err(error) => self.diagnostics.push(ron_diagnostic(file, text, &error)),
        }
    }
}

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
    match &error.code {
        E::NoSuchEnumVariant { expected, .. } => Diagnostic::new(Code::UnknownKind, span, message)
            .help(format!("use one of: {}", expected.join(", "))),
        E::NoSuchStructField { expected, .. } => Diagnostic::new(Code::UnknownField, span, message)
            .help(format!("the fields here are: {}", expected.join(", "))),
        E::MissingStructField { field, .. } => {
            Diagnostic::new(Code::MissingField, span, message).help(format!("add `{field}: ...`"))
        }
        E::DuplicateStructField { .. } => {
            Diagnostic::new(Code::InvalidValue, span, message).help("give each field once")
        }
        E::ExpectedDifferentStructName { expected, .. } => {
            let help = if ["Flow", "Facts"].contains(expected) {
                "a tree file is `Flow(...)` or `Facts(...)`".to_string()
            } else {
                format!("write `{expected}(...)`, or leave the name out: `(...)`")
            };
            Diagnostic::new(Code::UnknownKind, span, message).help(help)
        }
        E::Message(_) | E::InvalidValueForType { .. } | E::ExpectedDifferentLength { .. } => {
            Diagnostic::new(Code::InvalidValue, span, message)
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
            Diagnostic::new(Code::InvalidValue, span, message)
                .help("this field holds another kind of value; see trees/README.md for the format")
        }
        _ => {
            Diagnostic::new(Code::Syntax, span, message).help("see trees/README.md for the format")
        }
    }
}

fn set<T>(target: &mut Located<T>, value: Option<&Value>, fallback: Span) {
    target.span = value.map_or(fallback, |v| v.unwrap_some().span);
}

fn set_entries<T>(
    entries: &mut Entries<T>,
    value: Option<&Value>,
    fallback: Span,
    mut each: impl FnMut(&mut T, Option<&Value>),
) {
    let spanned = value.map(Value::entries).unwrap_or_default();
    for (index, (key, item)) in entries.0.iter_mut().enumerate() {
        let pair = spanned.get(index);
        set(key, pair.map(|(k, _)| k), fallback);
        each(item, pair.map(|(_, v)| v));
    }
}

fn locate_flow(flow: &mut RawFlow, tree: &Value) {
    let whole = tree.name().map_or(tree.span, |(_, span)| *span);
    flow.span = whole;
    set(&mut flow.id, tree.field("id"), whole);
    set(&mut flow.title, tree.field("title"), whole);
    set(&mut flow.category, tree.field("category"), whole);
    set(&mut flow.start, tree.field("start"), whole);
    let symptoms = tree.field("symptoms").map(Value::items).unwrap_or_default();
    for (index, symptom) in flow.symptoms.iter_mut().enumerate() {
        set(symptom, symptoms.get(index), whole);
    }
    set_entries(
        &mut flow.nodes,
        tree.field("nodes"),
        whole,
        |node, value| {
            locate_node(node, value, whole);
        },
    );
    let scenarios = tree
        .field("scenarios")
        .map(Value::items)
        .unwrap_or_default();
    for (index, scenario) in flow.scenarios.iter_mut().enumerate() {
        let value = scenarios.get(index);
        let here = value.map_or(whole, |v| v.span);
        scenario.span = Span::new(here.file, here.start..here.start + 1);
        set(
            &mut scenario.name,
            value.and_then(|v| v.field("name")),
            here,
        );
        set_entries(
            &mut scenario.facts,
            value.and_then(|v| v.field("facts")),
            here,
            |fact, v| {
                set(fact, v, here);
            },
        );
        let answers = value
            .and_then(|v| v.field("answers"))
            .map(Value::items)
            .unwrap_or_default();
        for (index, answer) in scenario.answers.iter_mut().enumerate() {
            set(answer, answers.get(index), here);
        }
        if let Some(expect) = &mut scenario.expect {
            set(expect, value.and_then(|v| v.field("expect")), here);
        }
    }
}

fn locate_node(node: &mut RawNode, value: Option<&Value>, fallback: Span) {
    let here = value.map_or(fallback, |v| v.name().map_or(v.span, |(_, s)| *s));
    let field = |name: &str| value.and_then(|v| v.field(name));
    let optional = |target: &mut Option<Located<String>>, name: &str| {
        if let Some(target) = target {
            set(target, field(name), here);
        }
    };
    match node {
        RawNode::Ask {
            fact,
            text,
            choices,
        } => {
            optional(fact, "fact");
            set(text, field("text"), here);
            let spanned = field("choices").map(Value::items).unwrap_or_default();
            for (index, choice) in choices.iter_mut().enumerate() {
                locate_choice(choice, spanned.get(index), here);
            }
        }
        RawNode::Step {
            text,
            source,
            fixed,
            not_fixed,
            fixed_label,
            not_fixed_label,
        } => {
            set(text, field("text"), here);
            optional(source, "source");
            set(fixed, field("fixed"), here);
            set(not_fixed, field("not_fixed"), here);
            optional(fixed_label, "fixed_label");
            optional(not_fixed_label, "not_fixed_label");
        }
        RawNode::Call { flow, then } => {
            set(flow, field("flow"), here);
            set(then, field("then"), here);
        }
        RawNode::End { text, .. } => set(text, field("text"), here),
    }
}

fn locate_choice(choice: &mut RawChoice, value: Option<&Value>, fallback: Span) {
    let here = value.map_or(fallback, |v| v.span);
    set(&mut choice.id, value.and_then(|v| v.field("id")), here);
    set(
        &mut choice.label,
        value.and_then(|v| v.field("label")),
        here,
    );
    set(&mut choice.next, value.and_then(|v| v.field("next")), here);
}

fn locate_facts(facts: &mut RawFacts, tree: &Value) {
    let whole = tree.name().map_or(tree.span, |(_, span)| *span);
    set_entries(
        &mut facts.facts,
        tree.field("facts"),
        whole,
        |fact, value| {
            let here = value.map_or(whole, |v| v.span);
            set(&mut fact.name, value.and_then(|v| v.field("name")), here);
            set(
                &mut fact.question,
                value.and_then(|v| v.field("question")),
                here,
            );
            set_entries(
                &mut fact.values,
                value.and_then(|v| v.field("values")),
                here,
                |label, v| {
                    set(label, v, here);
                },
            );
        },
    );
}

#[cfg(test)]
mod agreement;

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Loaded {
        let mut loaded = Loaded::default();
        loaded.add("t.ron", text);
        loaded
    }

    #[test]
    fn embedded_trees_parse() {
        let loaded = embedded();
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert!(embedded_facts().is_some());
    }

    #[test]
    fn references_are_located() {
        let text = "Flow(id: \"f\", title: \"T\", category: \"C\", start: \"a\",\n  nodes: {\n    \"a\": Call(flow: \"g\", then: \"b\"),\n    \"b\": End(outcome: Info, text: \"x\"),\n  },\n)";
        let loaded = load(text);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let Document::Flow(flow) = &loaded.documents[0].1 else {
            panic!("a flow")
        };
        let (key, node) = &flow.nodes.0[0];
        assert_eq!(&text[key.span.range()], "\"a\"");
        let RawNode::Call { then, .. } = node else {
            panic!("a call")
        };
        assert_eq!(&text[then.span.range()], "\"b\"");
        let position = loaded.sources.get(then.span.file).position(then.span.start);
        assert_eq!((position.line, position.column), (2, 31));
    }

    #[test]
    fn unknown_kind_and_field_have_codes() {
        let unknown_kind = load(
            "Flow(id: \"f\", title: \"T\", category: \"C\", start: \"a\", nodes: {\"a\": Question(text: \"x\")})",
        );
        assert_eq!(unknown_kind.diagnostics[0].code, Code::UnknownKind);
        let unknown_field = load("Flow(id: \"f\", titel: \"T\")");
        assert_eq!(unknown_field.diagnostics[0].code, Code::UnknownField);
        let syntax = load("Flow(id: \"f\"");
        assert_eq!(syntax.diagnostics[0].code, Code::Syntax);
    }
}
