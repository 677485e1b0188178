//! `watchfix resume`: pick a saved walk up where it stopped.

use dialoguer::Confirm;
use dialoguer::theme::ColorfulTheme;

use crate::cli::{Global, ResumeArgs};
use crate::cmd::{run, saved_walks};
use crate::error::{Fail, Result};
use crate::exit_code::ExitCode;
use crate::frontend::interactive;
use crate::frontend::report::{Leave, read_handoff};
use crate::output::say;
use crate::trees;
use watchfix::graph::Graph;
use watchfix::session::{self, Fit, Recorder, SavedWalk, Store};
use watchfix::text::shown;
use watchfix::walk::{Facts, Walk};

pub fn execute(global: &Global, args: ResumeArgs) -> Result<ExitCode> {
    if let Some(path) = &args.from {
        return from_handoff(global, path, args.plain);
    }
    let store = Store::default_location()
        .ok_or_else(|| Fail::failure("no place to keep sessions: set XDG_STATE_HOME or HOME"))?;
    let (sessions, unreadable) = store.list();
    for problem in &unreadable {
        let problem = shown(&problem.to_string()).into_owned();
        say!("watchfix: warning: skipped a saved session that cannot be read: {problem}");
    }
    let unfinished: Vec<SavedWalk> = sessions.into_iter().filter(|s| !s.finished).collect();
    if let Some(id) = &args.forget {
        let session = named(&unfinished, id, None)?;
        store
            .remove(&session.id)
            .map_err(|e| Fail::failure(format!("cannot forget `{}`: {e}", session.id)))?;
        say!("Forgot the walk {}.", session.id);
        return Ok(ExitCode::Success);
    }
    if args.forget_all {
        return forget_all(&store, &unfinished);
    }
    let graph = trees::graph(global)?;
    if args.list {
        saved_walks::list(&graph, &unfinished);
        return Ok(ExitCode::Success);
    }
    let session = match &args.session {
        Some(id) => named(&unfinished, id, Some(&graph))?.clone(),
        None => unfinished.first().cloned().ok_or_else(|| {
            Fail::usage("there is no unfinished walk to resume; start one with `watchfix`")
        })?,
    };
    // Held until this process is done with the walk: a second `resume` is refused.
    let hold = store
        .hold(&session.id)
        .map_err(|e| Fail::usage(format!("cannot resume `{}`: {}", session.id, e.reason)))?;
    match session::replay(&graph, &session) {
        Fit::Resumed(walk) => {
            say!(
                "Resuming \"{}\" after {} answer{}.",
                graph.flow(walk.root()).title,
                session.answers.len(),
                if session.answers.len() == 1 { "" } else { "s" }
            );
            let flow = walk.root();
            let mut recorder = Recorder::continuing(Some(store), session);
            recorder.keep(hold);
            let walked = run::continue_walk(walk, recorder, args.plain, Leave::default())?;
            run::after(&graph, flow, args.plain, walked)
        }
        Fit::Changed(reason) => {
            let reason = shown(&reason).into_owned();
            say!(
                "watchfix: this walk cannot go on where it stopped, because the flows changed since it was saved: {reason}"
            );
            let Some(flow) = graph.flow_by_id(&session.flow) else {
                // Nothing can continue it, so it must not block `resume` forever.
                let removed = match store.remove(&session.id) {
                    Ok(()) => "the saved walk was removed",
                    Err(_) => "the saved walk could not be removed",
                };
                return Err(Fail::usage(format!(
                    "the flow `{}` no longer exists, so {removed}; see `watchfix list`",
                    session.flow
                )));
            };
            let title = &graph.flow(flow).title;
            let again = if !args.plain && interactive::available() {
                Confirm::with_theme(&ColorfulTheme::default())
                    .with_prompt(format!("Start \"{title}\" again from the beginning?"))
                    .default(true)
                    .interact_opt()
                    .map_err(|e| Fail::failure(format!("cannot draw the prompt: {e}")))?
                    == Some(true)
            } else {
                say!("Starting \"{title}\" again from the beginning.");
                true
            };
            if !again {
                return Ok(ExitCode::Stopped);
            }
            if let Err(error) = store.remove(&session.id) {
                say!("watchfix: warning: cannot remove the old session: {error}");
            }
            let facts: Facts = session
                .facts
                .into_iter()
                .filter(|(fact, value)| watchfix::walk::check_fact(&graph, fact, value).is_ok())
                .collect();
            let walk = Walk::new(&graph, flow, facts).map_err(|e| Fail::failure(e.to_string()))?;
            let walked = run::walk_with_session(walk, args.plain, Leave::default())?;
            run::after(&graph, flow, args.plain, walked)
        }
    }
}

/// The saved walk an argument names: a session id, or a flow id for that flow's latest
/// walk. Otherwise, what is there, with the closest id.
fn named<'s>(sessions: &'s [SavedWalk], id: &str, graph: Option<&Graph>) -> Result<&'s SavedWalk> {
    if let Some(session) = sessions.iter().find(|s| s.id == id) {
        return Ok(session);
    }
    if let Some(session) = sessions.iter().find(|s| s.flow == id) {
        return Ok(session);
    }
    if sessions.is_empty() {
        return Err(Fail::usage(format!(
            "there is no saved walk `{}`: no walk is saved; start one with `watchfix`",
            shown(id)
        )));
    }
    let mut ids: Vec<&str> = sessions.iter().map(|s| s.id.as_str()).collect();
    if graph.is_some() {
        ids.extend(sessions.iter().map(|s| s.flow.as_str()));
    }
    let hint = trees::closest(id, ids.iter().copied())
        .map(|close| format!("did you mean `{close}`? "))
        .unwrap_or_default();
    Err(Fail::usage(format!(
        "there is no saved walk `{}`; {hint}see `watchfix resume --list`",
        shown(id)
    )))
}

/// `--forget-all`: removes every unfinished walk, after asking at a terminal.
fn forget_all(store: &Store, sessions: &[SavedWalk]) -> Result<ExitCode> {
    if sessions.is_empty() {
        say!("No saved walks to forget.");
        return Ok(ExitCode::Success);
    }
    let n = sessions.len();
    let walks = if n == 1 { "walk" } else { "walks" };
    if interactive::available() {
        let sure = Confirm::with_theme(&ColorfulTheme::default())
            .with_prompt(format!("Forget {n} saved {walks}?"))
            .default(false)
            .interact_opt()
            .map_err(crate::frontend::prompt_error)?;
        if sure != Some(true) {
            say!("Kept them.");
            return Ok(ExitCode::Stopped);
        }
    }
    for session in sessions {
        store
            .remove(&session.id)
            .map_err(|e| Fail::failure(format!("cannot forget `{}`: {e}", session.id)))?;
    }
    say!("Forgot {n} saved {walks}.");
    Ok(ExitCode::Success)
}

/// `resume --from FILE`: the walk in a handoff file, continued here as a new saved walk.
fn from_handoff(global: &Global, path: &std::path::Path, plain: bool) -> Result<ExitCode> {
    let handoff = read_handoff("--from", path)?;
    let graph = trees::graph(global)?;
    match handoff.replay(&graph) {
        Fit::Resumed(walk) => {
            say!(
                "Continuing \"{}\" after {} answer{}.",
                graph.flow(walk.root()).title,
                walk.answers().len(),
                if walk.answers().len() == 1 { "" } else { "s" }
            );
            let flow = walk.root();
            let walked = run::walk_with_session(walk, plain, Leave::default())?;
            run::after(&graph, flow, plain, walked)
        }
        Fit::Changed(reason) => Err(Fail::usage(format!(
            "--from {}: the walk cannot go on where it stood, because these flows differ from \
             the ones it was made on: {reason}; start it afresh with `watchfix run {}`",
            path.display(),
            handoff.flow
        ))),
    }
}
