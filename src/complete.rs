//! Dynamic shell completions: at TAB time the shell calls the binary (`COMPLETE=bash
//! watchfix ...`), which offers the flow ids, the `K=V` facts and the saved walks of the
//! trees and the state it would use. Failing to load anything offers nothing, never an
//! error: a completion must not print into the person's prompt.

use clap_complete::CompletionCandidate;
use watchfix::graph::Graph;
use watchfix::session::Store;

/// The trees a completion reads: `WATCHFIX_TREES`, else the built-in ones.
fn graph() -> Option<Graph> {
    let Some(dir) = std::env::var_os("WATCHFIX_TREES").filter(|d| !d.is_empty()) else {
        return Some(watchfix::compiled::embedded());
    };
    let listing = watchfix::load::list_dir(std::path::Path::new(&dir)).ok()?;
    let check = |files| watchfix::check::check(watchfix::load::from_files(files)).graph;
    watchfix::cache::through(listing, |files| check(files).ok_or(()), |_| ()).ok()
}

/// Every flow id, with its title as help.
pub fn flows() -> Vec<CompletionCandidate> {
    let Some(graph) = graph() else {
        return Vec::new();
    };
    graph
        .flows()
        .map(|(_, f)| CompletionCandidate::new(&f.id).help(Some(f.title.clone().into())))
        .collect()
}

/// Every `fact=value`, with the value's label as help.
pub fn facts() -> Vec<CompletionCandidate> {
    let Some(graph) = graph() else {
        return Vec::new();
    };
    graph
        .facts()
        .iter()
        .flat_map(|fact| {
            fact.values.iter().map(move |(id, label)| {
                CompletionCandidate::new(format!("{}={id}", fact.id))
                    .help(Some(format!("{}: {label}", fact.name).into()))
            })
        })
        .collect()
}

/// The ids of the saved walks, latest first, and the flows they walk.
pub fn sessions() -> Vec<CompletionCandidate> {
    let Some(store) = Store::default_location() else {
        return Vec::new();
    };
    let (saved, _) = store.list();
    let mut candidates: Vec<CompletionCandidate> = saved
        .iter()
        .filter(|s| !s.finished)
        .map(|s| CompletionCandidate::new(&s.id).help(Some(s.flow.clone().into())))
        .collect();
    let mut flows: Vec<&str> = saved.iter().map(|s| s.flow.as_str()).collect();
    flows.sort_unstable();
    flows.dedup();
    candidates.extend(flows.into_iter().map(CompletionCandidate::new));
    candidates
}
