//! Load, check and walk whatever the fuzzer makes up.
//!
//! An input is tree files separated by NUL bytes; the last part is the walk's answers,
//! one byte each: 0xFF goes back, 0xFE starts over, any other byte answers the choice at
//! that position (modulo the number of choices), or types a value at an input. Nothing may
//! panic, hang or allocate without bound, and a walk replayed from its answers must stand
//! where the walk stands. A file the position-keeping reader accepts must be one that ron,
//! the judge of the format, accepts too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use watchfix::check::check;
use watchfix::load::Loaded;
use watchfix::raw::{Document, Located, RawFacts, RawFlow, RawLetter, RawVocabulary};
use watchfix::walk::{Facts, ViewKind, Walk};

/// Values an input node may be given: some fit a typed fact, some do not.
const TYPED: [&str; 6] = ["1.2.3", "2026-01-31", "12345", "skip", "some text", "V2"];

fuzz_target!(|data: &[u8]| {
    let mut parts: Vec<&[u8]> = data.split(|b| *b == 0).collect();
    let answers = if parts.len() > 1 { parts.pop().unwrap_or(&[]) } else { &[] };
    let mut loaded = Loaded::default();
    for (index, part) in parts.iter().take(8).enumerate() {
        let text = String::from_utf8_lossy(part);
        let before = loaded.documents.len();
        loaded.add(&format!("fuzz-{index}.ron"), &text);
        if let Some((_, document)) = loaded.documents.get(before) {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            assert!(ron_accepts(document, text), "accepted what ron refuses: {text:?}");
        }
    }
    let checked = check(loaded);
    // Rendering must not panic on any diagnostic, whatever its span.
    let _ = watchfix::diagnostic::render::human(&checked.diagnostics, &checked.sources, false);
    let Some(graph) = checked.graph else {
        return;
    };
    for (flow, _) in graph.flows().take(4) {
        let Ok(mut walk) = Walk::new(&graph, flow, Facts::new()) else {
            continue;
        };
        for &byte in answers.iter().take(256) {
            match byte {
                0xFF => {
                    walk.back();
                }
                0xFE => walk.restart(),
                _ => {
                    let view = walk.current();
                    let answer = if view.kind == ViewKind::Input {
                        TYPED[byte as usize % TYPED.len()].to_string()
                    } else {
                        (byte as usize % view.choices.len().max(1) + 1).to_string()
                    };
                    let _ = walk.answer(&answer);
                }
            }
        }
        let mut replayed = Walk::new(&graph, flow, Facts::new()).expect("it started once");
        for answer in walk.answers() {
            replayed.answer(answer).expect("accepted answers replay");
        }
        assert!(walk.same_state(&replayed));
        assert_eq!(walk.current(), replayed.current());
    }
});

/// Whether ron, with the options the loader gives it, reads `text` as the kind of document
/// the loader made of it.
fn ron_accepts(document: &Document, text: &str) -> bool {
    let options = watchfix::load::options();
    match document {
        Document::Flow(_) => options.from_str::<Located<RawFlow>>(text).is_ok(),
        Document::Facts(_) => options.from_str::<RawFacts>(text).is_ok(),
        Document::Vocabulary(_) => options.from_str::<Located<RawVocabulary>>(text).is_ok(),
        Document::Letter(_) => options.from_str::<Located<RawLetter>>(text).is_ok(),
    }
}
