//! The trees a command works on: the paths it names, else `--trees`, else the built-in
//! ones; and the checks on what the user typed about them (flow ids, facts).

use std::path::PathBuf;

use watchfix::check::{self, Checked};
use watchfix::diagnostic::render;
use watchfix::graph::{FlowId, Graph};
use watchfix::load::{self, LoadError};
use watchfix::walk::Facts;

use crate::cli::Global;
use crate::error::{Fail, Result};
use crate::output::{say, say_raw, stderr_color};

/// Reads and checks the trees: the given paths, else `--trees`, else the built-in ones.
pub fn load(global: &Global, paths: &[PathBuf]) -> Result<Checked> {
    let loaded = if !paths.is_empty() {
        load::from_paths(paths)
    } else if let Some(dir) = &global.trees {
        load::from_dir(dir)
    } else {
        Ok(load::embedded())
    };
    let loaded =
        loaded.map_err(|error| match error {
            LoadError::NotFound(path) if Some(&path) == global.trees.as_ref() => Fail::usage(
                format!("{}{}: no such directory", trees_origin(), path.display()),
            ),
            LoadError::NotADirectory(path) => Fail::usage(format!(
                "{}{}: not a directory",
                trees_origin(),
                path.display()
            )),
            // The paths were named by the user: not finding or reading them is bad input.
            other => Fail::usage(watchfix::text::shown(&other.to_string()).into_owned()),
        })?;
    for path in &loaded.skipped {
        say!(
            "watchfix: warning: skipping {}: not a regular file",
            watchfix::text::shown(&path.to_string_lossy())
        );
    }
    Ok(check::check(loaded))
}

/// Names where the tree directory came from: the flag, or the environment variable.
fn trees_origin() -> &'static str {
    let flag = std::env::args_os()
        .skip(1)
        .any(|a| a == "--trees" || a.to_string_lossy().starts_with("--trees="));
    if flag { "--trees " } else { "WATCHFIX_TREES=" }
}

/// Loads a valid graph, or prints why the trees are invalid and fails with exit 1.
pub fn graph(global: &Global) -> Result<Graph> {
    valid(load(global, &[])?)
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

/// Looks a flow up by id, or explains which ids exist.
pub fn find_flow(graph: &Graph, id: &str) -> std::result::Result<FlowId, (String, Vec<String>)> {
    graph.flow_by_id(id).ok_or_else(|| {
        let ids: Vec<String> = graph.flows().map(|(_, f)| f.id.clone()).collect();
        let hint = watchfix::diagnostic::closest(id, ids.iter().map(String::as_str))
            .map(|close| format!(" (did you mean `{close}`?)"))
            .unwrap_or_default();
        (
            format!(
                "unknown flow `{id}`{hint}; the flows are: {}",
                ids.join(", ")
            ),
            ids,
        )
    })
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
