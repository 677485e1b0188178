//! Writing what a walk leaves behind (the Markdown summary) safely: checked before the
//! walk starts, written beside its final name and renamed into place.

use std::path::{Path, PathBuf};

use anyhow::Context;
use watchfix::atomic;
use watchfix::summary::Summary;

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
pub fn report_target(path: &Path) -> Result<PathBuf> {
    let refuse = |what: &str| {
        Err(Fail::usage(format!(
            "--report {}: {what}; name a regular file",
            path.display()
        )))
    };
    match std::fs::symlink_metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let dir = report_dir(path);
            if !dir.is_dir() {
                return Err(Fail::usage(format!(
                    "--report {}: the folder {} does not exist",
                    path.display(),
                    dir.display()
                )));
            }
            Ok(path.to_path_buf())
        }
        Err(error) => Err(Fail::usage(format!(
            "--report {}: cannot use it: {error}",
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
    report_target(path).map(drop)
}

/// Writes the Markdown summary to a temporary file beside its final name first, so a
/// failed write never leaves half a report behind. The report is readable by others
/// (0644), like any document meant to be sent on.
pub fn write_report(path: &Path, summary: &Summary) -> Result<()> {
    let target = report_target(path)?;
    let options = atomic::Options {
        prefix: "watchfix-report",
        mode: Some(0o644),
    };
    atomic::write(&target, summary.markdown().as_bytes(), options)
        // The temporary file's name means nothing to the user: say what went wrong only.
        .map_err(|e| std::io::Error::from(e.kind()))
        .with_context(|| format!("--report {}: cannot write it", path.display()))?;
    say!("watchfix: summary saved to {}", path.display());
    Ok(())
}
