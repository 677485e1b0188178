//! Writes a large, valid set of trees in the real format, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen-trees -- --flows 10 --nodes 10000 /tmp/trees-10k
//! watchfix validate --trees /tmp/trees-10k
//! ```
//!
//! The set holds a `facts.ron` with choice facts and typed facts, and `F` flows of about
//! `N / F` nodes each: questions (some looping back), steps with `source` and `done`,
//! typed inputs, tells, fact questions, calls to later flows (so the calls are acyclic),
//! and escalate ends with `ask` reached through a call to the last flow, which asks the
//! details and ends `Info`. Every flow has a scenario. Output is deterministic.

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

const FACTS: &str = r#"Facts(
    facts: {
        "g_os": (
            name: "Phone",
            question: "Which phone do you use?",
            values: {"android": "An Android phone", "ios": "An iPhone"},
            missing: "[Android or iPhone]",
        ),
        "g_kind": (
            name: "Watch kind",
            question: "Which kind of watch is it?",
            values: {"round": "A round watch", "square": "A square watch", "not-sure": "I'm not sure"},
            vague: ["not-sure"],
            missing: "[the kind of watch]",
        ),
        "g_fw": (
            name: "Firmware",
            question: "Which firmware version is on the watch?",
            accepts: Version,
            example: "1.2.3",
            missing: "[firmware version]",
        ),
        "g_order": (
            name: "Order number",
            question: "What is the order number?",
            accepts: Number,
            example: "123456",
            missing: "[order number]",
        ),
        "g_date": (
            name: "Purchase date",
            question: "When was the watch bought?",
            accepts: Date,
            example: "2024-05-01",
            missing: "[purchase date]",
        ),
        "g_phone": (
            name: "Phone model",
            question: "Which phone model, and which system version?",
            accepts: Text(max: 60),
            example: "Pixel 8 (Android 15)",
            missing: "[phone model]",
        ),
    },
)
"#;

const TYPED: [&str; 4] = ["g_fw", "g_order", "g_date", "g_phone"];

fn usage() -> ! {
    eprintln!("usage: gen-trees --flows F --nodes N OUT");
    std::process::exit(2);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut flows, mut nodes, mut out) = (10usize, 10_000usize, None);
    while let Some(arg) = args.next() {
        let mut number = || {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| usage())
        };
        match arg.as_str() {
            "--flows" => flows = number(),
            "--nodes" => nodes = number(),
            _ if out.is_none() && !arg.starts_with('-') => out = Some(PathBuf::from(arg)),
            _ => usage(),
        }
    }
    let out = out.unwrap_or_else(|| usage());
    let flows = flows.max(2);
    fs::create_dir_all(&out).expect("create the output folder");
    fs::write(out.join("facts.ron"), FACTS).expect("write facts.ron");
    let details = flows - 1;
    let mut total = 0;
    for k in 0..details {
        let spine = (nodes.saturating_sub(4) / details).saturating_sub(3).max(2);
        let text = flow(k, details, spine);
        total += spine + 3;
        fs::write(out.join(format!("flow-{k:04}.ron")), text).expect("write a flow");
    }
    fs::write(out.join("details.ron"), details_flow()).expect("write details.ron");
    total += 4;
    eprintln!("wrote {flows} flows, {total} nodes to {}", out.display());
}

/// The last flow: asks the details a letter needs and ends `Info`, calling nothing.
fn details_flow() -> String {
    r#"Flow(
    id: "gen-details",
    title: "Details for support",
    category: "Contact support",
    symptoms: ["contact support"],
    start: "kind",
    nodes: {
        "kind": Ask(
            fact: "g_kind",
            text: "Which kind of watch is it?",
            choices: [
                (id: "round", label: "A round watch", next: "fw"),
                (id: "square", label: "A square watch", next: "fw"),
                (id: "not-sure", label: "I'm not sure", next: "fw"),
            ],
        ),
        "fw": Input(fact: "g_fw", text: "Which firmware version is on the watch?", next: "phone", skip: "I can't find it"),
        "phone": Input(fact: "g_phone", text: "Which phone model, and which system version?", next: "ready", skip: "I'd rather not say"),
        "ready": End(outcome: Info, text: "The message to support will include these details."),
    },
    scenarios: [
        (name: "all typed", answers: ["round", "1.2.3", "Pixel 8 (Android 15)"], expect: "ready", outcome: Info),
        (name: "all skipped", answers: ["not-sure", "skip", "skip"], expect: "ready"),
    ],
)
"#
    .to_string()
}

/// Flow `k` of `details` generated flows, with a spine of `spine` nodes `n0..`, plus the
/// ends and the call before the escalate end.
fn flow(k: usize, details: usize, spine: usize) -> String {
    let mut s = String::with_capacity(spine * 260);
    let id = format!("gen-{k:04}");
    let _ = writeln!(
        s,
        "Flow(\n    id: \"{id}\",\n    title: \"Generated problem {k}\",\n    category: \"Category {}\",\n    symptoms: [\"problem {k}\", \"watch fault {k}\"],\n    start: \"n0\",\n    nodes: {{",
        k % 7
    );
    let next = |i: usize| {
        if i < spine {
            format!("n{i}")
        } else {
            "contact-details".to_string()
        }
    };
    for i in 0..spine {
        let _ = write!(s, "        \"n{i}\": ");
        // n0 is a question and n1 a step, so the scenario knows its way; then the kinds
        // take turns.
        let kind = if i < 2 { i } else { 2 + (i - 2) % 8 };
        match kind {
            0 | 6 => {
                let says = if i == 0 {
                    format!(", says: \"My watch has problem {k}\"")
                } else {
                    String::new()
                };
                let back = if i >= 2 {
                    format!(
                        ",\n            (id: \"again\", label: \"Let me start this part again\", next: \"{}\")",
                        next(i - 2)
                    )
                } else {
                    String::new()
                };
                let _ = writeln!(
                    s,
                    "Ask(\n            text: \"Question {i} of flow {k}: what does the watch show?\",\n            choices: [\n            (id: \"a\", label: \"It shows A\", next: \"{}\"{says}),\n            (id: \"b\", label: \"It shows B\", next: \"{}\"){back},\n        ]),",
                    next(i + 1),
                    next(i + 2)
                );
            }
            1 | 3 | 8 => {
                let _ = writeln!(
                    s,
                    "Step(text: \"Do thing {i} of flow {k} on the watch.\", source: \"How do I fix problem {k}?\", fixed: \"resolved\", not_fixed: \"{}\", done: \"Did thing {i}\"),",
                    next(i + 1)
                );
            }
            2 => {
                let fact = TYPED[(i / 8) % TYPED.len()];
                let _ = writeln!(
                    s,
                    "Input(fact: \"{fact}\", text: \"Please type detail {i}.\", next: \"{}\", skip: \"I don't know\"),",
                    next(i + 1)
                );
            }
            4 => {
                let _ = writeln!(
                    s,
                    "Tell(text: \"Something to know about step {i}.\", source: \"What should I know about problem {k}?\", next: \"{}\"),",
                    next(i + 1)
                );
            }
            5 => {
                let _ = writeln!(
                    s,
                    "Ask(fact: \"g_os\", text: \"Which phone do you use?\", choices: [\n            (id: \"android\", label: \"Android\", next: \"{}\"),\n            (id: \"ios\", label: \"iPhone\", next: \"{}\"),\n        ]),",
                    next(i + 1),
                    next(i + 2)
                );
            }
            7 if k + 1 < details => {
                // A later flow, so calls never go round.
                let callee = k + 1 + (i % (details - k - 1));
                let _ = writeln!(
                    s,
                    "Call(flow: \"gen-{callee:04}\", then: \"{}\"),",
                    next(i + 1)
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "Tell(text: \"Note {i} of flow {k}.\", next: \"{}\"),",
                    next(i + 1)
                );
            }
        }
    }
    let _ = writeln!(
        s,
        "        \"resolved\": End(outcome: Resolved, text: \"Problem {k} is fixed.\"),\n        \"contact-details\": Call(flow: \"gen-details\", then: \"contact\"),\n        \"contact\": End(\n            outcome: Escalate,\n            text: \"Contact support with the details.\",\n            ask: \"Please tell me how to fix problem {k}, or how to get the watch repaired.\",\n            terms: {},\n        ),\n    }},\n    scenarios: [\n        (name: \"the first step fixes it\", answers: [\"a\", \"fixed\"], expect: \"resolved\", outcome: Resolved),\n    ],\n)",
        k.is_multiple_of(2)
    );
    s
}
