//! The opening menu as numbered text, for a pipe or `--plain`: a number or a flow id
//! chooses, other words are a description to search for, and the search's results.

use std::io::BufRead;

use watchfix::graph::Graph;
use watchfix::search;
use watchfix::text::shown;
use watchfix::walk::Facts;

use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::frontend::ending::LETTER_INTRO;
use crate::frontend::interactive::{Opening, Start};
use crate::frontend::reply::{self, PLAIN_PROMPT, Reply};
use crate::frontend::{narration, support};
use crate::output::{print, say};

use crate::frontend::lines::{numbered, read_line, shaped};

/// The opening menu as numbered text: a number or a flow id chooses, any other words are
/// a description to search for.
pub fn plain_menu(graph: &Graph, lines: &mut dyn BufRead, opening: Opening) -> Result<Start> {
    let flows = graph.flows_by_category();
    let mut menu = String::from("What is wrong with your watch?\n");
    for (index, (_, flow)) in flows.iter().enumerate() {
        menu.push_str(&numbered(
            index + 1,
            &format!("{} ({})", flow.title, flow.category),
        ));
    }
    menu.push_str(
        "Choose a number, or describe the problem in your own words.\nnumber choose · q quit\n",
    );
    let mut query = match opening {
        Opening::List(_) => None,
        Opening::Results(text) => Some(text),
    };
    loop {
        let Some(text) = query.take() else {
            print(&format!("{menu}{PLAIN_PROMPT}"));
            let Some(line) = read_line(lines)? else {
                print("\n");
                return Ok(Start::Done(ExitCode::Stopped));
            };
            if reply::is_quit(&line) {
                return Ok(Start::Done(ExitCode::Stopped));
            }
            if line.is_empty() {
                continue;
            }
            let chosen = line
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| flows.get(i))
                .map(|(id, _)| *id)
                .or_else(|| graph.flow_by_id(&line));
            match chosen {
                Some(flow) => {
                    return Ok(Start::Walk {
                        flow,
                        facts: Facts::new(),
                        from: Opening::at_flow(graph, flow),
                    });
                }
                None if line.parse::<usize>().is_ok() => {
                    say!(
                        "{} is not on the list: choose a number from 1 to {}.",
                        shown(&line),
                        flows.len()
                    );
                }
                None => query = Some(line),
            }
            continue;
        };
        match plain_results(graph, lines, &text)? {
            Some(Found::Flow(flow)) => {
                return Ok(Start::Walk {
                    flow,
                    facts: search::facts_named(graph, &text),
                    from: Opening::Results(text),
                });
            }
            Some(Found::List) => {}
            Some(Found::Again(other)) => query = Some(other),
            Some(Found::Support) => {
                let letter = support::letter(graph, &text);
                print(&format!("\n{LETTER_INTRO}\n\n{}", shaped(&letter)));
                return Ok(Start::Done(ExitCode::Escalate));
            }
            None => return Ok(Start::Done(ExitCode::Stopped)),
        }
    }
}

enum Found {
    Flow(watchfix::graph::FlowId),
    List,
    Again(String),
    Support,
}

/// The matches for a description, as the prompts show them; `None` when the person quit.
fn plain_results(graph: &Graph, lines: &mut dyn BufRead, text: &str) -> Result<Option<Found>> {
    let matches = search::best(graph, text);
    let mut out = String::new();
    let mut found = Vec::new();
    if matches.is_empty() {
        out.push_str(&format!("Nothing matches \"{}\".\n", shown(text)));
        out.push_str("Choose a kind of problem\n");
        let mut seen: Vec<&str> = Vec::new();
        for (_, flow) in graph.flows_by_category() {
            if !seen.contains(&flow.category.as_str()) {
                seen.push(&flow.category);
                found.push((format!("Browse: {}", flow.category), Found::List));
            }
        }
    } else {
        out.push_str(narration::matches_heading(matches[0].score));
        out.push('\n');
        for m in &matches {
            let label = narration::match_label(&m.title, m.score);
            found.push((label, Found::Flow(m.flow)));
        }
        found.push(("None of these: show all problems".into(), Found::List));
    }
    found.push(("Something else: write to support".into(), Found::Support));
    for (index, (label, _)) in found.iter().enumerate() {
        out.push_str(&numbered(index + 1, label));
    }
    out.push_str("number choose · b back · q quit\n");
    print(&format!("{out}{PLAIN_PROMPT}"));
    loop {
        let Some(line) = read_line(lines)? else {
            print("\n");
            return Ok(None);
        };
        match reply::parse(&line) {
            Reply::Quit => return Ok(None),
            Reply::Back => return Ok(Some(Found::List)),
            Reply::Nothing => {}
            _ => {
                let number = line.parse::<usize>().ok().and_then(|n| n.checked_sub(1));
                if let Some(index) = number.filter(|i| *i < found.len()) {
                    return Ok(Some(found.swap_remove(index).1));
                }
                if let Some(flow) = graph.flow_by_id(&line) {
                    return Ok(Some(Found::Flow(flow)));
                }
                if number.is_none() {
                    return Ok(Some(Found::Again(line)));
                }
                say!(
                    "{} is not on the list: choose a number from 1 to {}.",
                    shown(&line),
                    found.len()
                );
            }
        }
        print(PLAIN_PROMPT);
    }
}
