//! `watchfix run` and the bare `watchfix`: walk a flow.
//!
//! Chooses the front end: scripted (`--answers`), JSON lines (`--json`), plain text when
//! stdin is not a terminal or `--plain` is given, and prompts otherwise. Back at the first
//! question of a walk in front of a person leads to the list of problems, or to the search
//! results the flow was chosen from.

use watchfix::graph::{FlowId, Graph};
use watchfix::session::Recorder;
use watchfix::walk::{Facts, Walk};

use crate::cli::{Global, RunArgs};
use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::interactive::{self, Opening, Start, Walked};
use crate::frontend::plain::{plain, scripted};
use crate::frontend::plain_menu::plain_menu;
use crate::frontend::report::Leave;
use crate::output::say;
use crate::trees;

pub fn execute(global: &Global, args: RunArgs) -> Result<ExitCode> {
    let graph = trees::graph(global)?;
    let flow = trees::find_flow_for_people(&graph, &args.flow)?;
    let facts = trees::parse_facts(&args.facts, args.facts_json.as_deref())?;
    let walk = Walk::new(&graph, flow, facts)
        .map_err(|e| Fail::usage(format!("--fact: {e}{}", trees::fact_hint(&graph, &e))))?;
    let leave = Leave {
        report: args.report.as_deref(),
        handoff: args.handoff.as_deref(),
    };
    leave.check()?;
    if let Some(answers) = &args.answers {
        return scripted(walk, answers, args.json, leave);
    }
    if args.json {
        return plain(walk, &mut std::io::stdin().lock(), true, leave, None).map(ended);
    }
    let walked = walk_with_session(walk, args.plain, leave)?;
    after(&graph, flow, args.plain, walked)
}

/// A walk's exit code, or the menus again after Back from its first question.
pub fn after(graph: &Graph, flow: FlowId, force_plain: bool, walked: Walked) -> Result<ExitCode> {
    match walked {
        Walked::Ended(code) => Ok(code),
        Walked::Back => menus(graph, force_plain, Opening::at_flow(graph, flow)),
    }
}

fn ended(walked: Walked) -> ExitCode {
    match walked {
        Walked::Ended(code) => code,
        Walked::Back => ExitCode::Stopped,
    }
}

/// Walks in front of a person, saving the session after every answer.
pub fn walk_with_session(walk: Walk, force_plain: bool, leave: Leave) -> Result<Walked> {
    let recorder = Recorder::new(&walk);
    continue_walk(walk, recorder, force_plain, leave)
}

/// Walks on with an existing recorder: prompts at a terminal, numbered text otherwise.
pub fn continue_walk(
    walk: Walk,
    mut recorder: Recorder,
    force_plain: bool,
    leave: Leave,
) -> Result<Walked> {
    if !force_plain && interactive::available() {
        return interactive::walk(walk, leave, &mut recorder);
    }
    plain(
        walk,
        &mut std::io::stdin().lock(),
        false,
        leave,
        Some(&mut recorder),
    )
}

/// The bare `watchfix`: choose a problem, then walk it.
pub fn interactive_menu(global: &Global, plain: bool) -> Result<ExitCode> {
    let graph = trees::graph(global)?;
    menus(&graph, plain, Opening::List(0))
}

/// The opening menus and the walks chosen from them, until a walk ends or the person
/// quits.
fn menus(graph: &Graph, force_plain: bool, mut opening: Opening) -> Result<ExitCode> {
    let prompts = !force_plain && interactive::available();
    let stdin = std::io::stdin();
    loop {
        let start = if prompts {
            interactive::choose_flow(graph, opening)?
        } else {
            plain_menu(graph, &mut stdin.lock(), opening)?
        };
        let (flow, facts, from) = match start {
            Start::Walk { flow, facts, from } => (flow, facts, from),
            Start::Done(code) => return Ok(code),
        };
        let walk = match Walk::new(graph, flow, facts.clone()) {
            Ok(walk) => {
                say_known(graph, &facts);
                walk
            }
            Err(_) => Walk::new(graph, flow, Facts::new()).expect("no facts to refuse"),
        };
        match walk_with_session(walk, force_plain, Leave::default())? {
            Walked::Ended(code) => return Ok(code),
            Walked::Back => opening = from,
        }
    }
}

/// Tells which facts a description named, so a skipped question is no surprise.
fn say_known(graph: &Graph, facts: &Facts) {
    let known: Vec<String> = facts
        .iter()
        .filter_map(|(fact, value)| {
            let declared = graph.fact(fact)?;
            let label = declared.values.iter().find(|(id, _)| id == value)?;
            Some(format!("{}: {}", declared.name, label.1))
        })
        .collect();
    if !known.is_empty() {
        say!("From your description: {}.", known.join("; "));
    }
}
