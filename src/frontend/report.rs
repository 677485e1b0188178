//! Writing what a walk leaves behind (the Markdown summary) safely: checked before the
//! walk starts, written beside its final name and renamed into place.

use std::path::Path;

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
    let options = atomic::Options {
        prefix: "watchfix-report",
        mode: Some(0o644),
    };
    atomic::write(path, summary.markdown().as_bytes(), options)
        // The temporary file's name means nothing to the user: say what went wrong only.
        .map_err(|e| std::io::Error::from(e.kind()))
        .with_context(|| format!("--report {}: cannot write it", path.display()))?;
    say!("watchfix: summary saved to {}", path.display());
    Ok(())
}
