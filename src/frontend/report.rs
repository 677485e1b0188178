//! Writing what a walk leaves behind (the Markdown summary, the handoff file) safely:
//! checked before the walk starts, written beside its final name and renamed into place.

use std::path::{Path, PathBuf};

use anyhow::Context;
use watchfix::atomic;
use watchfix::session::{self, handoff, handoff::Handoff};
use watchfix::summary::Summary;
use watchfix::walk::{Origin, Walk};

use crate::error::{Fail, Result};
use crate::output::say;

/// The folder a report is written in.
fn report_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The file a report named `path` is written to: the path itself when it is new or a
/// regular file, the file a symbolic link points at (so the link stays a link), and never
/// a directory, a device, a pipe or a socket, which a rename would replace.
pub fn report_target(label: &str, path: &Path) -> Result<PathBuf> {
    let refuse = |what: &str| {
        Err(Fail::usage(format!(
            "{label} {}: {what}; name a regular file",
            path.display()
        )))
    };
    match std::fs::symlink_metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let dir = report_dir(path);
            if !dir.is_dir() {
                return Err(Fail::usage(format!(
                    "{label} {}: the folder {} does not exist",
                    path.display(),
                    dir.display()
                )));
            }
            Ok(path.to_path_buf())
        }
        Err(error) => Err(Fail::usage(format!(
            "{label} {}: cannot use it: {error}",
            path.display()
        ))),
        Ok(meta) if meta.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(target) if target.is_file() => Ok(target),
            Ok(target) if target.is_dir() => refuse("is a link to a directory"),
            Ok(_) => refuse("is a link to something that is not a regular file"),
            // A link to a file not written yet: create that file, in a folder that exists.
            Err(_) => match std::fs::read_link(path) {
                Ok(to) => {
                    let to = report_dir(path).join(to);
                    if report_dir(&to).is_dir() && std::fs::symlink_metadata(&to).is_err() {
                        Ok(to)
                    } else {
                        refuse("is a link that leads nowhere")
                    }
                }
                Err(_) => refuse("is a link that cannot be read"),
            },
        },
        Ok(meta) if meta.is_file() => Ok(path.to_path_buf()),
        Ok(meta) if meta.is_dir() => refuse("is a directory"),
        Ok(_) => refuse("is not a regular file (a device, a pipe or a socket)"),
    }
}

/// Checks before a walk starts that `--report` can be written, so a typo in the path does
/// not cost the user the walk.
pub fn check_report_path(path: &Path) -> Result<()> {
    report_target("--report", path).map(drop)
}

/// Writes a document atomically to where `path` leads (see [`report_target`]), and says
/// so on stderr.
pub fn write_document(flag: &str, path: &Path, text: &str, mode: u32, what: &str) -> Result<()> {
    let target = report_target(flag, path)?;
    let options = atomic::Options {
        prefix: "watchfix-report",
        mode: Some(mode),
    };
    atomic::write(&target, text.as_bytes(), options)
        // The temporary file's name means nothing to the user: say what went wrong only.
        .map_err(|e| std::io::Error::from(e.kind()))
        .with_context(|| format!("{flag} {}: cannot write it", path.display()))?;
    say!("watchfix: {what} saved to {}", path.display());
    Ok(())
}

/// Writes the Markdown summary. The report is readable by others (0644), like any
/// document meant to be sent on.
pub fn write_report(path: &Path, summary: &Summary) -> Result<()> {
    write_document("--report", path, &summary.markdown(), 0o644, "summary")
}

/// The handoff document as pretty JSON, with a final newline.
pub fn handoff_text(walk: &Walk, unstamped: Origin) -> String {
    let handoff = Handoff::of(walk, unstamped, session::now());
    let mut text = serde_json::to_string_pretty(&handoff).expect("plain data serializes");
    text.push('\n');
    text
}

/// Writes the handoff file; it holds the owner's notes, so only its owner reads it (0600).
pub fn write_handoff(path: &Path, walk: &Walk, unstamped: Origin) -> Result<()> {
    write_document(
        "--handoff",
        path,
        &handoff_text(walk, unstamped),
        0o600,
        "handoff file",
    )
}

/// The files a walk writes when it ends or stops: `--report` and `--handoff`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Leave<'a> {
    pub report: Option<&'a Path>,
    pub handoff: Option<&'a Path>,
}

impl Leave<'_> {
    /// Checks both paths before the walk starts.
    pub fn check(&self) -> Result<()> {
        if let Some(path) = self.report {
            check_report_path(path)?;
        }
        if let Some(path) = self.handoff {
            report_target("--handoff", path)?;
        }
        Ok(())
    }

    /// Writes what was asked for, however the walk ended.
    pub fn write(&self, walk: &Walk, unstamped: Origin) -> Result<()> {
        if let Some(path) = self.report {
            write_report(path, &Summary::of(walk))?;
        }
        if let Some(path) = self.handoff {
            write_handoff(path, walk, unstamped)?;
        }
        Ok(())
    }
}

/// Reads a handoff file named on the command line: a regular file of at most
/// [`handoff::MAX_BYTES`], in the documented format.
pub fn read_handoff(flag: &str, path: &Path) -> Result<Handoff> {
    let fail = |reason: String| Fail::usage(format!("{flag} {}: {reason}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if !meta.is_file() {
        return Err(fail("not a regular file".into()));
    }
    if meta.len() > handoff::MAX_BYTES {
        return Err(fail(format!(
            "larger than {} MiB; a handoff file is a few kilobytes",
            handoff::MAX_BYTES / (1024 * 1024)
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    Handoff::parse(&text).map_err(fail)
}
