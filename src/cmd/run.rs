//! `watchfix run` and the bare `watchfix`: walk a flow.
//!
//! Three front ends share one loop shape around the walker: scripted (`--answers`), plain
//! (numbered text read line by line, used whenever stdin is not a terminal, so a pipe can
//! never hang on a prompt) and interactive (dialoguer prompts, in [`crate::interactive`]).

use std::io::BufRead;
use std::path::Path;

use crate::app::{self, Fail, Result};
use crate::cli::{Global, RunArgs};
use crate::exit_code::ExitCode;
use crate::graph::{FlowId, Graph};
use crate::interactive;
use crate::raw::Outcome;
use crate::session::Recorder;
use crate::summary::Summary;
use crate::walk::{Facts, Kind, View, Walk};

pub fn execute(global: &Global, args: RunArgs) -> Result<ExitCode> {
    let graph = app::graph(global)?;
    let flow = app::find_flow(&graph, &args.flow).map_err(|(message, _)| Fail::usage(message))?;
    let facts = app::parse_facts(&args.facts, args.facts_json.as_deref())?;
    let walk = Walk::new(&graph, flow, facts).map_err(|e| Fail::usage(format!("--fact: {e}")))?;
    let report = args.report.as_deref();
    if let Some(path) = report {
        check_report_path(path)?;
    }
    if let Some(answers) = &args.answers {
        return scripted(walk, answers, args.json, report);
    }
    if args.json {
        return plain(walk, &mut std::io::stdin().lock(), true, report, None);
    }
    walk_with_session(walk, args.plain, report)
}

/// Walks in front of a person, saving the session after every answer.
pub fn walk_with_session(walk: Walk, force_plain: bool, report: Option<&Path>) -> Result<ExitCode> {
    let recorder = Recorder::new(&walk);
    continue_walk(walk, recorder, force_plain, report)
}

/// Walks on with an existing recorder: prompts at a terminal, numbered text otherwise.
pub fn continue_walk(
    walk: Walk,
    mut recorder: Recorder,
    force_plain: bool,
    report: Option<&Path>,
) -> Result<ExitCode> {
    if !force_plain && interactive::available() {
        return interactive::walk(walk, report, &mut recorder);
    }
    plain(
        walk,
        &mut std::io::stdin().lock(),
        false,
        report,
        Some(&mut recorder),
    )
}

/// The bare `watchfix`: choose a problem, then walk it.
pub fn interactive_menu(global: &Global) -> Result<ExitCode> {
    let graph = app::graph(global)?;
    if interactive::available() {
        return match interactive::choose_flow(&graph)? {
            Some(flow) => walk_with_session(
                Walk::new(&graph, flow, Facts::new()).expect("no facts to refuse"),
                false,
                None,
            ),
            None => Ok(ExitCode::Stopped),
        };
    }
    let mut input = std::io::stdin().lock();
    match plain_menu(&graph, &mut input)? {
        Some(flow) => {
            let walk = Walk::new(&graph, flow, Facts::new()).expect("no facts to refuse");
            let mut recorder = Recorder::new(&walk);
            plain(walk, &mut input, false, None, Some(&mut recorder))
        }
        None => Ok(ExitCode::Stopped),
    }
}

/// Numbered flows; reads a number or an id.
fn plain_menu(graph: &Graph, input: &mut dyn BufRead) -> Result<Option<FlowId>> {
    let flows = graph.flows_by_category();
    let mut out = String::from("What is wrong with your watch?\n");
    for (index, (_, flow)) in flows.iter().enumerate() {
        out.push_str(&format!(
            "  {}) {} — {}\n",
            index + 1,
            flow.category,
            flow.title
        ));
    }
    loop {
        app::print(&format!("{out}Choose a number (q to quit): "));
        let Some(line) = read_line(input)? else {
            app::print("\n");
            return Ok(None);
        };
        if matches!(line.as_str(), "q" | "quit") {
            return Ok(None);
        }
        let chosen = line
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| flows.get(i))
            .map(|(id, _)| *id)
            .or_else(|| graph.flow_by_id(&line));
        match chosen {
            Some(flow) => return Ok(Some(flow)),
            None => crate::say!("watchfix: `{line}` is not on the list"),
        }
    }
}

/// One line of input; bytes that are not UTF-8 become an answer nobody will match, so the
/// question is simply asked again.
fn read_line(input: &mut dyn BufRead) -> Result<Option<String>> {
    let mut line = Vec::new();
    match input.read_until(b'\n', &mut line) {
        Ok(0) => Ok(None),
        Ok(_) => Ok(Some(String::from_utf8_lossy(&line).trim().to_string())),
        Err(error) => Err(Fail::failure(format!("cannot read stdin: {error}"))),
    }
}

/// A node as numbered plain text.
pub fn plain_view(view: &View, walk: &Walk) -> String {
    let mut out = String::new();
    let callers: Vec<String> = walk
        .callers()
        .into_iter()
        .map(|f| walk.graph().flow(f).title.clone())
        .collect();
    out.push_str(&format!("\n== {} ==\n", view.title));
    if !callers.is_empty() {
        out.push_str(&format!("(part of: {})\n", callers.join(" › ")));
    }
    out.push_str(&format!("{}\n", view.text));
    if view.kind != Kind::End {
        for (index, choice) in view.choices.iter().enumerate() {
            out.push_str(&format!("  {}) {}\n", index + 1, choice.label));
        }
    }
    out
}

fn json_line(view: &View) -> String {
    let mut line = serde_json::to_string(view).expect("plain data serializes");
    line.push('\n');
    line
}

/// `--answers`: apply them in order; exit 4 when they run out before an end.
fn scripted(
    mut walk: Walk,
    answers: &[String],
    json: bool,
    report: Option<&Path>,
) -> Result<ExitCode> {
    for (index, answer) in answers.iter().enumerate() {
        let view = walk.current();
        if json {
            app::print(&json_line(&view));
        } else {
            app::print(&plain_view(&view, &walk));
        }
        if walk.is_finished() {
            return Err(Fail::usage(format!(
                "--answers: the walk ended at `{}` before answer #{} `{answer}`",
                view.node,
                index + 1
            )));
        }
        walk.answer(answer).map_err(|e| {
            Fail::usage(format!("--answers #{} at `{}`: {e}", index + 1, view.node))
        })?;
        if !json {
            app::print(&format!(
                "> {}\n",
                walk.answers().last().map_or("", String::as_str)
            ));
        }
    }
    finish(&walk, json, report)
}

/// Plain numbered text, read line by line; EOF stops the walk with exit 4.
pub fn plain(
    mut walk: Walk,
    input: &mut dyn BufRead,
    json: bool,
    report: Option<&Path>,
    mut recorder: Option<&mut Recorder>,
) -> Result<ExitCode> {
    interactive::watch_interrupts(recorder.as_deref().map(Recorder::id));
    while !walk.is_finished() {
        if let Some(recorder) = recorder.as_deref_mut() {
            save(recorder, &walk);
        }
        let view = walk.current();
        if json {
            app::print(&json_line(&view));
        } else {
            app::print(&plain_view(&view, &walk));
            app::print("Answer (number; b = back, r = start over, q = quit): ");
        }
        let Some(line) = read_line(input)? else {
            if !json {
                app::print("\n");
            }
            crate::say!(
                "watchfix: input ended before the walk did (at `{}`)",
                view.node
            );
            resume_hint(recorder.as_deref());
            stopped_report(&walk, report)?;
            return Ok(ExitCode::Stopped);
        };
        match line.as_str() {
            "" => {}
            "q" | "quit" => {
                crate::say!("watchfix: stopped at `{}`", view.node);
                resume_hint(recorder.as_deref());
                stopped_report(&walk, report)?;
                return Ok(ExitCode::Stopped);
            }
            "b" | "back" => {
                if !walk.back() {
                    crate::say!("watchfix: this is the first question; nothing to go back to");
                }
            }
            "r" | "restart" | "start over" => walk.restart(),
            answer => {
                if let Err(error) = walk.answer(answer) {
                    crate::say!("watchfix: {error}");
                }
            }
        }
    }
    if let Some(recorder) = recorder {
        save(recorder, &walk);
    }
    finish(&walk, json, report)
}

/// Saves the walk, warning once if the session cannot be saved.
pub fn save(recorder: &mut Recorder, walk: &Walk) {
    if let Some(warning) = recorder.record(walk) {
        crate::say!("watchfix: warning: {warning}");
    }
}

/// Tells how to pick a saved walk up again.
pub fn resume_hint(recorder: Option<&Recorder>) {
    if let Some(recorder) = recorder {
        crate::say!(
            "watchfix: the walk is saved; continue it with `watchfix resume {}`",
            recorder.id()
        );
    }
}

/// Shows the end and the summary, writes the report, and maps the outcome to an exit code.
fn finish(walk: &Walk, json: bool, report: Option<&Path>) -> Result<ExitCode> {
    let view = walk.current();
    if json {
        app::print(&json_line(&view));
    } else {
        app::print(&plain_view(&view, walk));
    }
    if walk.is_finished() && !json {
        let summary = Summary::of(walk);
        app::print(&format!("\n{}", summary.text()));
        if walk.outcome() == Some(Outcome::Escalate) {
            app::print(&format!(
                "\nA message you can send to KOSPET Customer Service:\n\n{}",
                summary.support_message()
            ));
        }
    }
    if !walk.is_finished() {
        crate::say!(
            "watchfix: the answers ran out at `{}` before the walk ended",
            view.node
        );
    }
    stopped_report(walk, report)?;
    Ok(ExitCode::of_outcome(walk.outcome()))
}

/// Writes the report, if one was asked for, however the walk ended.
fn stopped_report(walk: &Walk, report: Option<&Path>) -> Result<()> {
    match report {
        Some(path) => write_report(path, &Summary::of(walk)),
        None => Ok(()),
    }
}

/// The folder a report is written in.
fn report_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Checks before a walk starts that `--report` can be written, so a typo in the path does
/// not cost the user the walk.
pub fn check_report_path(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Fail::usage(format!(
            "--report {}: is a directory; name a file",
            path.display()
        )));
    }
    let dir = report_dir(path);
    if !dir.is_dir() {
        return Err(Fail::usage(format!(
            "--report {}: the folder {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    Ok(())
}

/// Writes the Markdown summary to a temporary file beside its final name first, so a
/// failed write never leaves half a report behind. The report is readable by others
/// (0644), like any document meant to be sent on.
pub fn write_report(path: &Path, summary: &Summary) -> Result<()> {
    let fail = |e: std::io::Error| {
        // The temporary file's name means nothing to the user: say what went wrong only.
        let reason = std::io::Error::from(e.kind());
        Fail::failure(format!(
            "--report {}: cannot write it: {reason}",
            path.display()
        ))
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".watchfix-report");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut file = builder.tempfile_in(report_dir(path)).map_err(fail)?;
    std::io::Write::write_all(&mut file, summary.markdown().as_bytes()).map_err(fail)?;
    file.as_file().sync_all().map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    crate::say!("watchfix: summary saved to {}", path.display());
    Ok(())
}
