//! The documents a set of trees shares besides its facts: the vocabulary of the symptom
//! search and the words of the letter to support. Each is read from one file; a second
//! one would leave it unclear which words are used, so it is an error.

use crate::check::State;
use crate::diagnostic::Kind;
use crate::source::Span;

pub(super) fn check(state: &mut State) {
    let mut found: Vec<(Span, Kind)> = Vec::new();
    let spans = [
        (
            "Vocabulary",
            state
                .vocabularies
                .iter()
                .map(|v| v.span)
                .collect::<Vec<_>>(),
        ),
        ("Letter", state.letters.iter().map(|l| l.span).collect()),
    ];
    for (name, spans) in spans {
        if let [first, rest @ ..] = spans.as_slice() {
            for span in rest {
                let kind = Kind::DuplicateDocument {
                    name,
                    first_path: state.sources.get(first.file).path.clone(),
                };
                found.push((*span, kind));
            }
        }
    }
    state.report(found);
}
