//! Embeds every `.ron` file under `trees/` in the binary, in a sorted, reproducible order,
//! and checks them with the library's own loader and checker: a shipped tree with an error
//! fails the build with the checker's diagnostics, and the checked graph is embedded
//! compiled (`src/compiled.rs`), so no start of the binary checks the shipped trees again.
//!
//! The library's modules that load and check are compiled into this script as they are
//! (their `crate::` paths resolve here, at this crate's root); `shipped` is the one module
//! whose contents this script makes, so it is stood in for by an empty one.
// The modules are the library's, linted there; here their items are private and partly
// unused, which changes what some lints see.
#![allow(dead_code, unused_imports, clippy::enum_variant_names)]

#[path = "src/check/mod.rs"]
mod check;
#[path = "src/compiled.rs"]
mod compiled;
#[path = "src/diagnostic/mod.rs"]
mod diagnostic;
#[path = "src/graph/mod.rs"]
mod graph;
#[path = "src/load/mod.rs"]
mod load;
#[path = "src/raw.rs"]
mod raw;
#[path = "src/source.rs"]
mod source;
#[path = "src/text.rs"]
mod text;

mod shipped {
    pub static EMBEDDED: &[(&str, &str)] = &[];
    pub static GRAPH: &[u8] = &[];
}

use std::fs;
use std::path::{Path, PathBuf};

/// The sources compiled above: what a compiled graph depends on besides the trees.
const ENGINE: [&str; 8] = [
    "src/check",
    "src/compiled.rs",
    "src/diagnostic",
    "src/graph",
    "src/load",
    "src/raw.rs",
    "src/source.rs",
    "src/text.rs",
];

fn collect(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    println!("cargo:rerun-if-changed=trees");
    let mut files = Vec::new();
    collect(&root.join("trees"), "ron", &mut files);
    files.sort();
    let mut code = String::from(
        "/// The shipped trees: (path shown in diagnostics, text).\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    let mut loaded = load::Loaded::default();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let shown = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({shown:?}, include_str!({:?})),\n",
            file.to_string_lossy()
        ));
        let text = fs::read_to_string(file)
            .unwrap_or_else(|e| fail(&format!("{shown}: cannot be read as UTF-8 text: {e}")));
        loaded.add(&shown, &text);
    }
    code.push_str("];\n");

    let checked = check::check(loaded);
    let Some(graph) = &checked.graph else {
        let errors: Vec<_> = (checked.diagnostics.iter())
            .filter(|d| d.severity() == diagnostic::Severity::Error)
            .cloned()
            .collect();
        fail(&format!(
            "the shipped trees are invalid ({}):\n{}",
            diagnostic::render::tally(checked.errors(), checked.warnings()),
            diagnostic::render::human(&errors, &checked.sources, false)
        ));
    };
    let blob = compiled::encode(graph);

    // What a graph cached from other trees depends on: this engine and these trees.
    let mut engine = Vec::new();
    for path in ENGINE {
        let path = root.join(path);
        if path.is_dir() {
            collect(&path, "rs", &mut engine);
        } else {
            engine.push(path);
        }
    }
    engine.sort();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for path in &engine {
        hasher.update(&fs::read(path).unwrap_or_default());
    }
    hasher.update(&blob);
    code.push_str(&format!(
        "\n/// A fingerprint of the code that checks and compiles trees, and of the shipped trees.\npub const BUILD: u64 = {:#x};\n",
        hasher.digest()
    ));

    fs::write(out.join("embedded.rs"), code).expect("OUT_DIR is writable");
    fs::write(out.join("graph.bin"), blob).expect("OUT_DIR is writable");
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
