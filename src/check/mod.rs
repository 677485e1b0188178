//! The checker: raw documents in, a [`Graph`] and diagnostics out.
//!
//! It runs as an ordered list of small passes over one `State`, each pushing diagnostics
//! and going on, so that one run reports every problem. Resolution comes first: it keeps
//! the first flow of each id and turns ids into indices, `None` where an id names nothing.
//! The passes after it work on whatever resolved and take a broken reference as already
//! reported, so one mistake does not cascade into many. A `Graph` is built only when no
//! error was found, which is what lets the walker index without a fallible lookup.

mod build;
mod calls;
mod cycle;
mod documents;
mod fact_loops;
mod facts;
mod nodes;
mod reachability;
mod resolve;
mod scenarios;
mod texts;
mod traps;

#[cfg(test)]
mod tests;

use crate::diagnostic::{self, Diagnostic, Kind, Severity};
use crate::graph::{Fact, Graph};
use crate::load::Loaded;
use crate::raw::{Document, Located, RawFacts, RawFlow, RawLetter, RawVocabulary};
use crate::source::{Sources, Span};

use resolve::Resolved;

/// The result of checking: the graph if there was no error, and every diagnostic, sorted.
#[derive(Debug)]
pub struct Checked {
    pub graph: Option<Graph>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
    /// How many of the sources are built-in documents the set of trees lacked.
    pub fallbacks: usize,
    /// How many flows were checked: one per flow id.
    pub flows: usize,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }
}

/// What the passes share: the documents as written, what earlier passes made of them, and
/// every diagnostic so far.
struct State {
    sources: Sources,
    diagnostics: Vec<Diagnostic>,
    /// Every `Facts(...)` document, as written.
    declarations: Vec<RawFacts>,
    /// The flows as written; after [`resolve`], only the first of each id.
    flows: Vec<Located<RawFlow>>,
    /// Per flow of `flows`, its references resolved; filled by [`resolve`].
    resolved: Vec<Resolved>,
    /// Each fact declared, once; filled by [`facts`].
    facts: Vec<Fact>,
    /// Every `Vocabulary(...)` and `Letter(...)`; the first of each is used.
    vocabularies: Vec<Located<RawVocabulary>>,
    letters: Vec<Located<RawLetter>>,
}

impl State {
    fn push(&mut self, span: Span, kind: Kind) {
        self.diagnostics.push(Diagnostic::new(kind, span));
    }

    /// Passes that read the state while they look collect what they find, then report it.
    fn report(&mut self, found: Vec<(Span, Kind)>) {
        for (span, kind) in found {
            self.push(span, kind);
        }
    }
}

/// In order: the later passes read what [`resolve`] and [`facts`] made.
const PASSES: [fn(&mut State); 11] = [
    resolve::check,
    documents::check,
    texts::check,
    facts::check,
    nodes::check,
    calls::check,
    reachability::check,
    traps::check,
    fact_loops::check,
    scenarios::check,
    no_trees,
];

/// Checks the trees and, when no error was found, builds their graph.
pub fn check(loaded: Loaded) -> Checked {
    run(loaded, true)
}

/// Checks the trees without building their graph: the same diagnostics and count of
/// flows as [`check`], for what needs no walk (`validate`). `graph` is `None` even for
/// clean trees. The graph holds every string of the trees again, each on the heap: at a
/// million nodes it costs several times the text's own size.
pub fn diagnose(loaded: Loaded) -> Checked {
    run(loaded, false)
}

fn run(loaded: Loaded, build: bool) -> Checked {
    let Loaded {
        sources,
        documents,
        diagnostics,
        fallbacks,
        ..
    } = loaded;
    let mut state = State {
        sources,
        diagnostics,
        declarations: Vec::new(),
        flows: Vec::new(),
        resolved: Vec::new(),
        facts: Vec::new(),
        vocabularies: Vec::new(),
        letters: Vec::new(),
    };
    for (_, document) in documents {
        match document {
            Document::Facts(facts) => state.declarations.push(facts),
            Document::Flow(flow) => state.flows.push(*flow),
            Document::Vocabulary(vocabulary) => state.vocabularies.push(vocabulary),
            Document::Letter(letter) => state.letters.push(*letter),
        }
    }
    for pass in PASSES {
        pass(&mut state);
    }
    diagnostic::sort(&mut state.diagnostics, &state.sources);
    let clean = !state
        .diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Error);
    let flows = state.flows.len();
    let graph = if clean && build {
        build::graph(&mut state)
    } else {
        None
    };
    Checked {
        graph,
        diagnostics: state.diagnostics,
        sources: state.sources,
        fallbacks,
        flows,
    }
}

/// An empty set of trees is an error of its own only when nothing else was reported: a
/// flow that failed to parse already explains why none was found.
fn no_trees(state: &mut State) {
    if state.flows.is_empty() && state.diagnostics.is_empty() {
        state.diagnostics.push(Diagnostic::global(Kind::NoTrees));
    }
}
