//! `watchfix step`: a stateless walk for agents. The answers so far go in, the current
//! node comes out as one JSON object. Bad input exits 2 with an error object on stdout.

use crate::cli::{Global, StepArgs};
use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::narration::{self, Mode};
use crate::frontend::reply;
use crate::frontend::report::{read_handoff, write_handoff};
use crate::{output, trees};
use std::path::Path;

use watchfix::graph::Graph;
use watchfix::session::{self, Fit};
use watchfix::text::shown;
use watchfix::walk::{Origin, Stamp, Walk, WalkError};
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
    let facts = trees::parse_facts(&args.facts, args.facts_json.as_deref())
        .map_err(|fail| refuse(ErrorKind::BadFact, fail.message, &[]))?;
    let mut walk = match &args.from {
        Some(path) => from_handoff(&graph, path, args.flow.as_deref())?,
        None => {
            let id = args.flow.as_deref().unwrap_or_default();
            let flow = trees::find_flow(&graph, id).map_err(|(message, expected)| {
                refuse(ErrorKind::UnknownFlow, message, &expected)
            })?;
            Walk::new(&graph, flow, facts).map_err(|error| {
                let message = format!("{error}{}", trees::fact_hint(&graph, &error));
                refuse((&error).into(), message, error.expected())
            })?
        }
    };
    if args.answers_before_note.contains(&0) {
        return Err(refuse(
            ErrorKind::InvalidNote,
            "--note: a note follows the --answer it is about; give an --answer first".into(),
            &[],
        ));
    }
    for (index, given) in args.answers.iter().enumerate() {
        let (answer, note) = reply::split_note(given);
        let view = walk.current();
        walk.answer(answer).map_err(|error| {
            // The error object is for the agent, with the ids it answers with; the line
            // on stderr is for a person, with the node's words and the choices' numbers.
            let message = format!(
                "--answer #{} `{}`: {error}{}",
                index + 1,
                shown(answer),
                crate::frontend::plain::did_you_mean(&error)
            );
            output::print_json(&ErrorObject::new(
                (&error).into(),
                message,
                error.expected(),
            ));
            if let WalkError::Finished { .. } = error {
                return Fail::usage(format!(
                    "--answer #{} `{}`: the walk ended before it; there is nothing left to answer",
                    index + 1,
                    shown(answer)
                ));
            }
            Fail::usage(format!(
                "--answer #{} at step {}, \"{}\": {}",
                index + 1,
                walk.answers().len() + 1,
                narration::node_name(&view, 60),
                narration::not_taken(&walk, &view, answer, &error, Mode::Plain)
            ))
        })?;
        walk.stamp(Stamp {
            by: Origin::Agent,
            at: session::now(),
        });
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
    if let Some(path) = &args.handoff {
        write_handoff(path, &walk, Origin::Agent)?;
    }
    output::print_json(&Node::of(&walk));
    Ok(ExitCode::Success)
}

/// The walk in a handoff file, which brings its own facts.
fn from_handoff<'g>(graph: &'g Graph, path: &Path, flow: Option<&str>) -> Result<Walk<'g>> {
    let handoff = read_handoff("--from", path)
        .map_err(|fail| refuse(ErrorKind::BadHandoff, fail.message, &[]))?;
    if let Some(flow) = flow.filter(|f| *f != handoff.flow) {
        return Err(refuse(
            ErrorKind::BadHandoff,
            format!(
                "--from {}: the walk is of flow `{}`, not `{flow}`; leave the flow out",
                path.display(),
                handoff.flow
            ),
            std::slice::from_ref(&handoff.flow),
        ));
    }
    match handoff.replay(graph) {
        Fit::Resumed(walk) => Ok(walk),
        Fit::Changed(reason) => Err(refuse(
            ErrorKind::BadHandoff,
            format!(
                "--from {}: the walk does not fit these trees: {reason}",
                path.display()
            ),
            &[],
        )),
    }
}
