//! The trees a command works on: the paths it names, else `--trees`, else the built-in
//! ones; and the checks on what the user typed about them (flow ids, facts).

use std::path::PathBuf;

use watchfix::cache;
use watchfix::check::{self, Checked};
use watchfix::compiled;
use watchfix::diagnostic::render;
use watchfix::graph::{FlowId, Graph};
use watchfix::load::{self, Files, LoadError};
use watchfix::text::shown;
use watchfix::walk::{Facts, WalkError};

use crate::cli::Global;
use crate::error::{Fail, Result};
use crate::output::{say, say_raw, stderr_color};

/// Reads and checks the trees: the given paths, else `--trees`, else the built-in ones.
pub fn load(global: &Global, paths: &[PathBuf]) -> Result<Checked> {
    Ok(check::check(read(global, paths)?))
}

/// Reads the trees [`load`] checks, unchecked.
pub fn read(global: &Global, paths: &[PathBuf]) -> Result<load::Loaded> {
    let files = if !paths.is_empty() {
        load::read_paths(paths)
    } else if let Some(dir) = &global.trees {
        load::read_dir(dir)
    } else {
        return Ok(load::embedded());
    };
    Ok(load::from_files(read_files(global, files)?))
}

/// The files read, with a warning for each one left out; or why they could not be read.
fn read_files(global: &Global, files: std::result::Result<Files, LoadError>) -> Result<Files> {
    let files = files.map_err(|e| failed(global, e))?;
    warn_skipped(&files.skipped);
    Ok(files)
}

/// Why the trees could not be read, as the failure a command ends with.
fn failed(global: &Global, error: LoadError) -> Fail {
    match error {
        LoadError::NotFound(path) if Some(&path) == global.trees.as_ref() => Fail::usage(format!(
            "{}{}: no such directory",
            trees_origin(),
            path.display()
        )),
        LoadError::NotADirectory(path) => Fail::usage(format!(
            "{}{}: not a directory",
            trees_origin(),
            path.display()
        )),
        // The paths were named by the user: not finding or reading them is bad input.
        other => Fail::usage(watchfix::text::shown(&other.to_string()).into_owned()),
    }
}

fn warn_skipped(skipped: &[PathBuf]) {
    for path in skipped {
        say!(
            "watchfix: warning: skipping {}: not a regular file",
            watchfix::text::shown(&path.to_string_lossy())
        );
    }
}

/// Names where the tree directory came from: the flag, or the environment variable.
fn trees_origin() -> &'static str {
    let flag = std::env::args_os()
        .skip(1)
        .any(|a| a == "--trees" || a.to_string_lossy().starts_with("--trees="));
    if flag { "--trees " } else { "WATCHFIX_TREES=" }
}

/// A valid graph, or why the trees are invalid printed and a failure (exit 1): the
/// built-in trees as the build checked them, or `--trees` checked once and then read from
/// the cache while its files stay the same.
pub fn graph(global: &Global) -> Result<Graph> {
    let Some(dir) = &global.trees else {
        return Ok(compiled::embedded());
    };
    let listing = load::list_dir(dir).map_err(|e| failed(global, e))?;
    warn_skipped(&listing.skipped);
    cache::through(
        listing,
        |files| valid(check::check(load::from_files(files))),
        |e| failed(global, e),
    )
}

/// The checked graph, or its errors printed to stderr and a failure (exit 1).
pub fn valid(checked: Checked) -> Result<Graph> {
    if let Some(graph) = checked.graph {
        return Ok(graph);
    }
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity() == watchfix::diagnostic::Severity::Error)
        .cloned()
        .collect();
    say_raw!(
        "{}",
        render::human(&errors, &checked.sources, stderr_color())
    );
    Err(Fail::failure(format!(
        "the trees are invalid ({}); run `watchfix validate` for details",
        render::tally(checked.errors(), checked.warnings())
    )))
}

/// Looks a flow up by id, or explains to an agent which ids exist: all of them, and the
/// closest one when there is one (a prefix, `pair` for `pairing`, or a typo).
pub fn find_flow(graph: &Graph, id: &str) -> std::result::Result<FlowId, (String, Vec<String>)> {
    graph.flow_by_id(id).ok_or_else(|| {
        let ids: Vec<String> = graph.flows().map(|(_, f)| f.id.clone()).collect();
        let hint = closest(id, ids.iter().map(String::as_str))
            .map(|close| format!(" (did you mean `{close}`?)"))
            .unwrap_or_default();
        (
            format!(
                "unknown flow `{}`{hint}; the flows are: {}",
                shown(id),
                ids.join(", ")
            ),
            ids,
        )
    })
}

/// Looks a flow up for a person at the command line: the closest id once when there is
/// one, else where to see them all.
pub fn find_flow_for_people(graph: &Graph, id: &str) -> Result<FlowId> {
    graph.flow_by_id(id).ok_or_else(|| {
        let ids: Vec<&str> = graph.flows().map(|(_, f)| f.id.as_str()).collect();
        Fail::usage(match closest(id, ids.iter().copied()) {
            Some(close) => format!("unknown flow `{}`; did you mean `{close}`?", shown(id)),
            None => format!(
                "unknown flow `{}`; see the flows with `watchfix list`",
                shown(id)
            ),
        })
    })
}

/// The candidate meant by `wanted`: the shortest one it starts (when no other is as
/// short: `phone` → `phone_os` before `phone_model`), or the nearest by edit distance.
pub fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let mut prefixed: Vec<&str> = candidates
        .clone()
        .filter(|c| !wanted.is_empty() && c.starts_with(&wanted_lower))
        .collect();
    prefixed.sort_by_key(|c| c.len());
    match prefixed.as_slice() {
        [only] => return Some(only),
        [first, second, ..] if first.len() < second.len() => return Some(first),
        _ => {}
    }
    watchfix::diagnostic::closest(&wanted_lower, candidates)
}

/// " (did you mean `phone_os`?)" for a fact or a value close to a declared one: by
/// prefix, by typo, or a value named by its label (`iphone` is `ios`).
pub fn fact_hint(graph: &Graph, error: &WalkError) -> String {
    let close = match error {
        WalkError::UnknownFact { fact, expected } => {
            closest(fact, expected.iter().map(String::as_str)).map(String::from)
        }
        WalkError::UnknownFactValue {
            fact,
            value,
            expected,
        } => closest(value, expected.iter().map(String::as_str))
            .map(String::from)
            .or_else(|| watchfix::search::facts_named(graph, value).remove(fact)),
        _ => None,
    };
    close.map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}

/// Parses `--fact K=V` flags and an optional `--facts-json` object; a flag wins over the
/// same fact in the object.
pub fn parse_facts(flags: &[String], json: Option<&str>) -> Result<Facts> {
    let mut facts = match json {
        None => Facts::new(),
        Some(text) => serde_json::from_str::<Facts>(text).map_err(|e| {
            Fail::usage(format!(
                "--facts-json: expected an object of strings, such as {{\"phone_os\": \"ios\"}} ({e})"
            ))
        })?,
    };
    for flag in flags {
        match flag.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() && !value.trim().is_empty() => {
                facts.insert(key.trim().to_string(), value.trim().to_string());
            }
            _ => {
                return Err(Fail::usage(format!(
                    "--fact `{flag}`: expected KEY=VALUE, such as phone_os=ios"
                )));
            }
        }
    }
    Ok(facts)
}
