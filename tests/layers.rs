//! The source tree's layering, checked: no two modules use each other (directly or round a
//! longer cycle), and the library holds no front end. A module is a file: `check/mod.rs`
//! is `check`, `frontend/plain.rs` is `frontend::plain`. A file inside a folder is part of
//! that folder's module and may use what the folder's `mod.rs` defines (the passes of
//! `check/` share its `State`); every other edge, between siblings or across folders, must
//! point one way only.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The binary's modules: everything else under `src/` is the library's.
const BINARY: &[&str] = &[
    "main",
    "cli",
    "cmd",
    "error",
    "exit_code",
    "frontend",
    "output",
    "trees",
];

fn module_name(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] {
        return String::new();
    }
    parts.join("::")
}

fn collect(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let name = module_name(path.strip_prefix(root).unwrap());
            out.insert(name, fs::read_to_string(&path).unwrap());
        }
    }
}

fn is_binary(module: &str) -> bool {
    let first = module.split("::").next().unwrap_or("");
    BINARY.contains(&first)
}

/// The code of a file without its unit tests and comments, which may name anything.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path written after `prefix` (`crate::a::b`, and each item of `crate::{a, b::c}`).
fn paths_after(text: &str, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        // `a::b::` inside a longer path is not a path of its own.
        let longer = rest[..at].ends_with("::");
        rest = &rest[at + prefix.len()..];
        if longer || before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                found.push(item.trim().to_string());
            }
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            found.push(rest[..end].trim_end_matches(':').to_string());
        }
    }
    found
}

/// The module a path names: its longest prefix that is a module of the same side.
fn target(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|m| modules.contains(m))
}

/// Whether `module` lies inside `ancestor` (the crate root is everyone's ancestor).
fn is_ancestor(ancestor: &str, module: &str) -> bool {
    ancestor.is_empty() || module.starts_with(&format!("{ancestor}::"))
}

fn join(module: &str, path: &str) -> String {
    match (module.is_empty(), path.is_empty()) {
        (true, _) => path.to_string(),
        (_, true) => module.to_string(),
        _ => format!("{module}::{path}"),
    }
}

fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    collect(&root, &root, &mut files);
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in &files {
        let uses = edges.entry(module.clone()).or_default();
        let code = code(text);
        let mut paths = paths_after(&code, "crate::");
        // `super::x` and a child used by its bare name (`analysis::run`) count too.
        let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
        for path in paths_after(&code, "super::") {
            paths.push(join(parent, &path));
        }
        let prefix = if module.is_empty() {
            String::new()
        } else {
            format!("{module}::")
        };
        for child in modules.iter().filter_map(|m| m.strip_prefix(&prefix)) {
            if !child.contains("::") {
                for path in paths_after(&code, &format!("{child}::")) {
                    paths.push(join(module, &join(child, &path)));
                }
            }
        }
        for path in paths {
            if let Some(to) = target(&path, &modules)
                && &to != module
                && !is_ancestor(&to, module)
            {
                uses.insert(to);
            }
        }
    }
    edges
}

#[test]
fn the_library_holds_no_front_end() {
    for (module, uses) in edges() {
        if !is_binary(&module) && !module.is_empty() {
            let wrong: Vec<_> = uses.iter().filter(|u| is_binary(u)).collect();
            assert!(wrong.is_empty(), "library module {module} uses {wrong:?}");
        }
    }
}

#[test]
fn no_module_cycles() {
    let edges = edges();
    // Depth-first search for a back edge; report the cycle as `a -> b -> a`.
    fn visit(
        module: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<String> {
        if let Some(at) = path.iter().position(|m| m == module) {
            let mut cycle = path[at..].to_vec();
            cycle.push(module.to_string());
            return Some(cycle.join(" -> "));
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_string());
        for next in edges.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for module in edges.keys() {
        if let Some(cycle) = visit(module, &edges, &mut Vec::new(), &mut done) {
            panic!("module cycle: {cycle}");
        }
    }
}

#[test]
fn the_checker_finds_a_cycle_and_a_grouped_use() {
    let paths = paths_after(
        "use crate::{output, trees::graph};\nx(crate::walk::Walk)",
        "crate::",
    );
    assert_eq!(paths, ["output", "trees::graph", "walk::Walk"]);
    let modules: BTreeSet<String> = ["walk", "trees"].map(String::from).into();
    assert_eq!(target("walk::Walk", &modules).as_deref(), Some("walk"));
    assert_eq!(target("output", &modules), None);
    assert!(is_ancestor("check", "check::resolve"));
    assert!(!is_ancestor("check", "checker"));
}
