//! `watchfix step`: a stateless walk for agents. The answers so far go in, the current
//! node comes out as one JSON object. Bad input exits 2 with an error object on stdout.

use crate::cli::{Global, StepArgs};
use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::reply;
use crate::{output, trees};
use watchfix::walk::Walk;
use watchfix::wire::{ErrorKind, ErrorObject, Node};

/// Prints the error object and returns the matching failure.
fn refuse(kind: ErrorKind, message: String, expected: &[String]) -> Fail {
    output::print_json(&ErrorObject::new(kind, message.clone(), expected));
    Fail::usage(message)
}

pub fn execute(global: &Global, args: StepArgs) -> Result<ExitCode> {
    let graph = trees::graph(global).map_err(|fail| match fail.code {
        ExitCode::Usage => refuse(ErrorKind::TreesNotFound, fail.message, &[]),
        _ => fail,
    })?;
    let flow = trees::find_flow(&graph, &args.flow)
        .map_err(|(message, expected)| refuse(ErrorKind::UnknownFlow, message, &expected))?;
    let facts = trees::parse_facts(&args.facts, args.facts_json.as_deref())
        .map_err(|fail| refuse(ErrorKind::BadFact, fail.message, &[]))?;
    let mut walk = Walk::new(&graph, flow, facts)
        .map_err(|error| refuse((&error).into(), error.to_string(), error.expected()))?;
    if args.answers_before_note.contains(&0) {
        return Err(refuse(
            ErrorKind::InvalidNote,
            "--note: a note follows the --answer it is about; give an --answer first".into(),
            &[],
        ));
    }
    for (index, given) in args.answers.iter().enumerate() {
        let (answer, note) = reply::split_note(given);
        walk.answer(answer).map_err(|error| {
            refuse(
                (&error).into(),
                format!("--answer #{} `{answer}`: {error}", index + 1),
                error.expected(),
            )
        })?;
        let notes = args
            .answers_before_note
            .iter()
            .zip(&args.notes)
            .filter(|(before, _)| **before == index + 1)
            .map(|(_, note)| note.as_str());
        for note in note.into_iter().chain(notes) {
            walk.note(note).map_err(|error| {
                refuse(
                    (&error).into(),
                    format!("--answer #{} `{answer}`: {error}", index + 1),
                    &[],
                )
            })?;
        }
    }
    output::print_json(&Node::of(&walk));
    Ok(ExitCode::Success)
}
