//! Inputs ron accepts that the position-keeping reader must read the same way.
//!
//! ron is the judge of what a tree file may say; the second reader only adds positions.
//! Every input here once made the two disagree (the second read failed, or read another
//! value), so each is kept as a regression test: it must load without a diagnostic, with
//! the values ron reads and with positions that point at what was written.

use super::Loaded;
use crate::raw::{Document, Located, RawFacts, RawFlow, RawNode, RawOutcome, read_strings};
use crate::source::Sources;

/// A flow with one `End` node, its text `text` and `between` written where white space
/// or a comment may go.
fn flow(attributes: &str, between: &str, text: &str) -> String {
    format!(
        "{attributes}Flow({between}id: \"f\", title: \"T\", category: \"C\", start: \"a\",{between}\n  nodes: {{{between}\"a\"{between}:{between}End(outcome: Resolved, text: {text})}},\n  scenarios: [(name: \"s\", expect: \"a\")],\n)"
    )
}

fn load(text: &str) -> Loaded {
    let mut loaded = Loaded::default();
    loaded.add("t.ron", text);
    loaded
}

/// Loads `text`, which ron accepts, and returns its flow.
#[track_caller]
fn accepted(text: &str) -> (RawFlow, Sources) {
    assert!(
        super::options().from_str::<ron::Value>(text).is_ok(),
        "ron accepts {text:?}"
    );
    let loaded = load(text);
    assert!(
        loaded.diagnostics.is_empty(),
        "{text:?}: {:?}",
        loaded.diagnostics
    );
    match loaded.documents.into_iter().next() {
        Some((_, Document::Flow(flow))) => (flow.value, loaded.sources),
        other => panic!("a flow, not {other:?}"),
    }
}

/// The end's text and the text its span covers.
#[track_caller]
fn end_text(text: &str) -> (String, String) {
    let (flow, sources) = accepted(text);
    let (key, node) = &flow.nodes.0[0];
    assert_eq!(&text[key.span.range()], "\"a\"");
    let RawNode::End {
        text: end, outcome, ..
    } = node
    else {
        panic!("an end")
    };
    assert_eq!(*outcome, RawOutcome::Resolved);
    (
        end.read(&sources).to_string(),
        text[end.span.range()].to_string(),
    )
}

#[test]
fn pattern_white_space_that_ron_skips() {
    for space in [
        "\u{200E}", "\u{200F}", "\u{2028}", "\u{2029}", "\u{85}", "\u{B}", "\u{C}",
    ] {
        let text = flow("", space, "\"x\"");
        assert_eq!(end_text(&text), ("x".into(), "\"x\"".into()), "{space:?}");
    }
}

#[test]
fn comments_inside_attributes() {
    for attributes in [
        "#![enable(/* ] */ implicit_some)]\n",
        "#![enable(implicit_some) // ]\n]\n",
        "# ! [ enable ( implicit_some , ) ]\n",
        "#![type = \"a]b\"]\n",
        "#![enable(implicit_some)] /* ] */ #![enable(unwrap_newtypes)]\n",
    ] {
        let text = flow(attributes, " ", "\"x\"");
        assert_eq!(end_text(&text).0, "x", "{attributes:?}");
    }
}

#[test]
fn raw_identifiers() {
    let text = "r#Flow(r#id: \"f\", title: \"T\", category: \"C\", start: \"a\",\n  nodes: {\"a\": r#End(outcome: r#Resolved, r#text: \"x\")},\n  scenarios: [r#Scenario(name: \"s\", expect: \"a\")],\n)";
    let (flow, sources) = accepted(text);
    assert_eq!(flow.id.read(&sources), "f");
    assert_eq!(&text[flow.id.span.range()], "\"f\"");
    assert_eq!(end_text(text), ("x".into(), "\"x\"".into()));
}

#[test]
fn a_raw_identifier_is_not_a_raw_string() {
    let text = "Flow(id: \"f\", title: \"T\", category: \"C\", start: \"a\",\n  nodes: {\"a\": r#Ask(text: r#\"q\"#, choices: [(id: \"y\", label: r\"Y\", next: \"b\")]), \"b\": End(outcome: Info, text: r##\"a \"# b\"##)},\n  scenarios: [(name: \"s\", answers: [\"y\"], expect: \"b\")],\n)";
    let (flow, sources) = accepted(text);
    let RawNode::Ask {
        text: question,
        choices,
        ..
    } = &flow.nodes.0[0].1
    else {
        panic!("an ask")
    };
    assert_eq!(question.read(&sources), "q");
    assert_eq!(&text[question.span.range()], "r#\"q\"#");
    assert_eq!(choices[0].label.read(&sources), "Y");
    let RawNode::End { text: end, .. } = &flow.nodes.0[1].1 else {
        panic!("an end")
    };
    assert_eq!(end.read(&sources), "a \"# b");
}

/// Strings read as ron reads them: the value is what the walk shows.
#[test]
fn string_escapes_as_ron_reads_them() {
    for literal in [
        r#""plain""#,
        r#""tab\there""#,
        r#""\"quoted\" \\ \' \0 \r""#,
        r#""\x41\xC3\xA9""#,
        r#""\u{e9}\u{1F600}""#,
        "\"line \\\n    continued\"",
        "\"crlf \\\r\n\t continued\"",
        "\"keeps \\\n\u{2028}this\"",
        "\"multi\nline\"",
    ] {
        let text = flow("", " ", literal);
        let expected: String = ron::from_str(literal).expect("ron reads the literal");
        assert_eq!(
            end_text(&text),
            (expected, literal.to_string()),
            "{literal}"
        );
    }
}

#[test]
fn some_and_implicit_some_point_at_the_value() {
    let text = "Flow(id: \"f\", title: \"T\", category: \"C\", start: \"a\",\n  nodes: {\"a\": Ask(fact: Some( \"k\" ), text: \"q\", choices: []), \"b\": Step(text: \"t\", source: \"s\", fixed: \"a\", not_fixed: \"a\", fixed_label: None)},\n  scenarios: [(name: \"s\", expect: Some(\"a\"))],\n)";
    let (flow, _) = accepted(text);
    let RawNode::Ask {
        fact: Some(fact), ..
    } = &flow.nodes.0[0].1
    else {
        panic!("an ask with a fact")
    };
    assert_eq!(&text[fact.span.range()], "\"k\"");
    let RawNode::Step {
        source: Some(source),
        fixed_label: None,
        ..
    } = &flow.nodes.0[1].1
    else {
        panic!("a step with a source")
    };
    assert_eq!(&text[source.span.range()], "\"s\"");
    let expect = flow.scenarios[0].expect.as_ref().expect("an expectation");
    assert_eq!(&text[expect.span.range()], "\"a\"");
}

/// Documents that use every form the raw types read: optional fields bare, in `Some(...)`
/// and `None`, raw strings and identifiers, escapes, comments, trailing commas, numbers
/// and booleans.
const SEEDS: [&str; 2] = [
    r##"// a flow
Flow(id: "f", title: r#"T "x""#, category: "C", symptoms: ["s\u{e9}", "t",], start: "a",
  nodes: {
    "a": Ask(fact: Some("k"), text: "q\n", choices: [(id: "y", label: "Y", next: "b", says: None), Choice(id: "n", label: "N", next: "c")]),
    "b": r#Step(text: "t", source: "s", fixed: "a", not_fixed: "c", fixed_label: None, done: Some("d")),
    /* nested /* comment */ */
    "c": End(outcome: Resolved, text: "x", terms: true),
    "d": Input(fact: "v", text: "t", next: "c", skip: "no"),
    "e": Tell(text: "t", next: "c"), "g": Call(flow: "h", then: "c"),
  },
  scenarios: [Scenario(name: "s", facts: {"k": "v"}, answers: ["y"], expect: "c", outcome: Resolved)],
)"##,
    r#"Facts(facts: {
  "k": Fact(name: "K", question: "Q?", values: {"v": "V", "w": "W"}, vague: ["w"], missing: "[k]"),
  "t": (name: "T", question: "Q?", accepts: Text(max: 60), example: Some("e")),
  "u": (name: "U", question: "Q?", accepts: Some(Version)),
})"#,
];

/// What is inserted or written over the seeds: the tokens the readers split on.
const TOKENS: [&str; 30] = [
    ",", ":", "(", ")", "[", "]", "{", "}", "\"", "r#", "r", "#", "Some(", "None", "Some", "/*",
    "*/", "//", "\n", " ", "x", "1", "_", "'", "\\", "b", "Flow", "\u{200E}", "0x1", "true",
];

/// The debug form of a value without its spans (what ron reads has none), with the
/// strings read into it (a `Text` keeps none).
fn without_spans(value: &impl std::fmt::Debug) -> String {
    let text = format!("{value:?} {:?}", read_strings::take());
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(", span: Span {") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        rest = &after[after.find('}').map_or(after.len(), |end| end + 1)..];
    }
    out.push_str(rest);
    out
}

/// Whether the two readers agree on `text`: when the position-keeping reader accepts it,
/// ron must too, and read the same values.
fn agrees(text: &str) -> Result<(), String> {
    let Some((at, false)) = super::syntax::value_start(text) else {
        return Ok(());
    };
    let file = crate::source::FileId(0);
    read_strings::take();
    let check =
        |ours: Option<String>, ron: Result<String, ron::error::SpannedError>| match (ours, ron) {
            (Some(ours), Ok(ron)) if ours == ron => Ok(()),
            (Some(ours), Ok(ron)) => Err(format!("{text:?}: read {ours} but ron read {ron}")),
            (Some(_), Err(error)) => Err(format!("{text:?}: accepted, ron refuses: {error}")),
            (None, _) => Ok(()),
        };
    if super::syntax::document_name(text).as_deref() == Some("Facts") {
        let ours = super::deserializer::read::<RawFacts>(file, text, at);
        let ours = ours.map(|(v, _)| without_spans(&v));
        read_strings::take();
        check(
            ours,
            (super::options().from_str::<RawFacts>(text)).map(|v| without_spans(&v)),
        )
    } else {
        let ours = super::deserializer::read::<Located<RawFlow>>(file, text, at);
        let ours = ours.map(|(v, _)| without_spans(&v));
        read_strings::take();
        check(
            ours,
            (super::options().from_str::<Located<RawFlow>>(text)).map(|v| without_spans(&v)),
        )
    }
}

#[test]
fn the_seeds_are_read_alike() {
    for seed in SEEDS {
        assert!(load(seed).diagnostics.is_empty(), "{seed}");
        agrees(seed).unwrap();
    }
}

/// Every one-token edit of the seeds: a deletion of each character, and each token
/// inserted before it or written over it.
#[test]
fn one_edit_never_slips_past_ron() {
    for seed in SEEDS {
        let boundaries: Vec<usize> = (0..=seed.len())
            .filter(|i| seed.is_char_boundary(*i))
            .collect();
        for pair in boundaries.windows(2) {
            let (at, next) = (pair[0], pair[1]);
            agrees(&format!("{}{}", &seed[..at], &seed[next..])).unwrap();
            for token in TOKENS {
                agrees(&format!("{}{token}{}", &seed[..at], &seed[at..])).unwrap();
                agrees(&format!("{}{token}{}", &seed[..at], &seed[next..])).unwrap();
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

    /// Several edits at once.
    #[test]
    fn edits_never_slip_past_ron(
        seed in 0..SEEDS.len(),
        edits in proptest::collection::vec((0..10_000usize, 0..TOKENS.len(), 0..4usize), 1..5),
    ) {
        let mut text = SEEDS[seed].to_string();
        for (at, token, delete) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + delete).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, TOKENS[token]);
        }
        if let Err(message) = agrees(&text) {
            proptest::prop_assert!(false, "{}", message);
        }
    }
}
