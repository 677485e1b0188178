//! `watchfix run` and the bare `watchfix`: walk a flow.
//!
//! Chooses the front end: scripted (`--answers`), JSON lines (`--json`), plain text when
//! stdin is not a terminal or `--plain` is given, and prompts otherwise.

use watchfix::session::Recorder;
use watchfix::walk::{Facts, Walk};

use crate::cli::{Global, RunArgs};
use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::interactive;
use crate::frontend::plain::{plain, plain_menu, scripted};
use crate::frontend::report::Leave;
use crate::trees;

pub fn execute(global: &Global, args: RunArgs) -> Result<ExitCode> {
    let graph = trees::graph(global)?;
    let flow = trees::find_flow(&graph, &args.flow).map_err(|(message, _)| Fail::usage(message))?;
    let facts = trees::parse_facts(&args.facts, args.facts_json.as_deref())?;
    let walk = Walk::new(&graph, flow, facts).map_err(|e| Fail::usage(format!("--fact: {e}")))?;
    let leave = Leave {
        report: args.report.as_deref(),
        handoff: args.handoff.as_deref(),
    };
    leave.check()?;
    if let Some(answers) = &args.answers {
        return scripted(walk, answers, args.json, leave);
    }
    if args.json {
        return plain(walk, &mut std::io::stdin().lock(), true, leave, None);
    }
    walk_with_session(walk, args.plain, leave)
}

/// Walks in front of a person, saving the session after every answer.
pub fn walk_with_session(walk: Walk, force_plain: bool, leave: Leave) -> Result<ExitCode> {
    let recorder = Recorder::new(&walk);
    continue_walk(walk, recorder, force_plain, leave)
}

/// Walks on with an existing recorder: prompts at a terminal, numbered text otherwise.
pub fn continue_walk(
    walk: Walk,
    mut recorder: Recorder,
    force_plain: bool,
    leave: Leave,
) -> Result<ExitCode> {
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
pub fn interactive_menu(global: &Global) -> Result<ExitCode> {
    let graph = trees::graph(global)?;
    if interactive::available() {
        return match interactive::choose_flow(&graph)? {
            Some(flow) => walk_with_session(
                Walk::new(&graph, flow, Facts::new()).expect("no facts to refuse"),
                false,
                Leave::default(),
            ),
            None => Ok(ExitCode::Stopped),
        };
    }
    let mut input = std::io::stdin().lock();
    match plain_menu(&graph, &mut input)? {
        Some(flow) => {
            let walk = Walk::new(&graph, flow, Facts::new()).expect("no facts to refuse");
            let mut recorder = Recorder::new(&walk);
            plain(
                walk,
                &mut input,
                false,
                Leave::default(),
                Some(&mut recorder),
            )
        }
        None => Ok(ExitCode::Stopped),
    }
}
