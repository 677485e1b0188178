//! Inputs ron accepts that the position-keeping reader must read the same way.
//!
//! ron is the judge of what a tree file may say; the second reader only adds positions.
//! Every input here once made the two disagree (the second read failed, or read another
//! value), so each is kept as a regression test: it must load without a diagnostic, with
//! the values ron reads and with positions that point at what was written.

use super::Loaded;
use crate::raw::{Document, RawFlow, RawNode, RawOutcome};

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
fn accepted(text: &str) -> RawFlow {
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
        Some((_, Document::Flow(flow))) => flow.value,
        other => panic!("a flow, not {other:?}"),
    }
}

/// The end's text and the text its span covers.
#[track_caller]
fn end_text(text: &str) -> (String, String) {
    let flow = accepted(text);
    let (key, node) = &flow.nodes.0[0];
    assert_eq!(&text[key.span.range()], "\"a\"");
    let RawNode::End {
        text: end, outcome, ..
    } = node
    else {
        panic!("an end")
    };
    assert_eq!(*outcome, RawOutcome::Resolved);
    (end.value.clone(), text[end.span.range()].to_string())
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
    let flow = accepted(text);
    assert_eq!(flow.id.value, "f");
    assert_eq!(&text[flow.id.span.range()], "\"f\"");
    assert_eq!(end_text(text), ("x".into(), "\"x\"".into()));
}

#[test]
fn a_raw_identifier_is_not_a_raw_string() {
    let text = "Flow(id: \"f\", title: \"T\", category: \"C\", start: \"a\",\n  nodes: {\"a\": r#Ask(text: r#\"q\"#, choices: [(id: \"y\", label: r\"Y\", next: \"b\")]), \"b\": End(outcome: Info, text: r##\"a \"# b\"##)},\n  scenarios: [(name: \"s\", answers: [\"y\"], expect: \"b\")],\n)";
    let flow = accepted(text);
    let RawNode::Ask {
        text: question,
        choices,
        ..
    } = &flow.nodes.0[0].1
    else {
        panic!("an ask")
    };
    assert_eq!(question.value, "q");
    assert_eq!(&text[question.span.range()], "r#\"q\"#");
    assert_eq!(choices[0].label.value, "Y");
    let RawNode::End { text: end, .. } = &flow.nodes.0[1].1 else {
        panic!("an end")
    };
    assert_eq!(end.value, "a \"# b");
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
    let flow = accepted(text);
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
