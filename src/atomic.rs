//! Writing a file so that a crash, a full disk or a kill leaves either the old file or the
//! new one, never half of either: the bytes go to a temporary file beside the target, are
//! synced, and the temporary file is renamed over the target.
//!
//! Temporary files are named `.<prefix>-…` in the target's folder, so one a crash left
//! behind is recognisable.

use std::io::Write;
use std::path::Path;

/// How the file is created.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Starts the temporary file's name, after a dot.
    pub prefix: &'a str,
    /// Unix permission bits for the new file; `None` keeps the private default (0600).
    pub mode: Option<u32>,
}

/// Writes `bytes` to `path` atomically. The folder must exist.
pub fn write(path: &Path, bytes: &[u8], options: Options) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{}-", options.prefix);
    builder.prefix(&prefix);
    #[cfg(unix)]
    if let Some(mode) = options.mode {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = options.mode;
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        std::fs::write(&path, "old").unwrap();
        let options = Options {
            prefix: "watchfix-report",
            mode: Some(0o644),
        };
        write(&path, b"new", options).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["report.md"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }
}
