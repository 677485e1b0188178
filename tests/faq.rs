//! Traceability: every troubleshooting question of the FAQ is cited by a step (or a node
//! that tells) of the shipped flows, no step cites a question that is not in the list,
//! and every listed question is a line of the FAQ itself (tests/data/kospet-faq.txt).

use std::collections::BTreeSet;

use watchfix::check::check;
use watchfix::graph::NodeKind;
use watchfix::load;

fn questions() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/trees/faq-questions.txt");
    std::fs::read_to_string(path)
        .expect("trees/faq-questions.txt exists")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from)
        .collect()
}

fn cited() -> Vec<(String, String, String)> {
    let checked = check(load::embedded());
    let graph = checked.graph.expect("the shipped trees are valid");
    let mut cited = Vec::new();
    for (_, flow) in graph.flows() {
        for node in &flow.nodes {
            // Steps and the nodes that only tell cite the FAQ alike.
            if let NodeKind::Step {
                source: Some(source),
                ..
            }
            | NodeKind::Tell {
                source: Some(source),
                ..
            } = &node.kind
            {
                cited.push((flow.id.clone(), node.id.clone(), source.clone()));
            }
        }
    }
    cited
}

#[test]
fn the_question_list_is_the_faqs_own_words() {
    // A copy of the FAQ the flows are written from ships with the tests, so every
    // checkout checks the list against it.
    let faq = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/kospet-faq.txt"
    ))
    .expect("tests/data/kospet-faq.txt exists");
    let lines: BTreeSet<&str> = faq.lines().map(str::trim).collect();
    for question in questions() {
        // A question may also begin a line: the FAQ runs one heading into the next
        // ("How to perform an OTA firmware update?Why can’t I pair ..."), and the trees
        // cite the real question (trees/ERRATA.md records the merge).
        assert!(
            lines.contains(question.as_str())
                || lines
                    .iter()
                    .any(|line| line.starts_with(question.as_str()) && question.ends_with('?')),
            "not an FAQ line: {question}"
        );
    }
}

#[test]
fn every_step_cites_a_listed_question() {
    let questions = questions();
    let unknown: Vec<String> = cited()
        .into_iter()
        .filter(|(_, _, source)| !questions.contains(source))
        .map(|(flow, node, source)| format!("{flow}/{node}: {source}"))
        .collect();
    assert!(
        unknown.is_empty(),
        "steps cite questions not in the list:\n{}",
        unknown.join("\n")
    );
}

#[test]
fn every_listed_question_is_cited() {
    let cited: BTreeSet<String> = cited().into_iter().map(|(_, _, source)| source).collect();
    let missing: Vec<String> = questions()
        .into_iter()
        .filter(|question| !cited.contains(question))
        .collect();
    assert!(
        missing.is_empty(),
        "FAQ questions no step cites:\n{}",
        missing.join("\n")
    );
}
