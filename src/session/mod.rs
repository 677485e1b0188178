//! Saved walks, so a closed terminal loses nothing.
//!
//! A session is the walk's inputs — flow, facts given up front, answers — plus the trail
//! for checking it still fits the trees, stored as one JSON file per session under
//! `$XDG_STATE_HOME/watchfix/sessions` (`~/.local/state/...` without it). Every save is
//! atomic (temporary file in the same directory, `sync_all`, rename), so a crash mid-write
//! leaves the previous version, never half a file. A file that cannot be read is reported
//! and skipped, never a panic.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

pub mod handoff;

use crate::atomic;
use crate::walk::{Facts, Stamp, Walk};

/// The version of the session file this build writes; files of a later version are
/// refused rather than misread.
pub const VERSION: u32 = 1;

/// The largest session file read, in bytes: thousands of answers with notes fit, and a
/// file edited by hand into something else is refused without being read whole.
pub const MAX_SESSION_BYTES: u64 = 4 * 1024 * 1024;

/// A walk saved to disk. Its fields are the file format: renaming one is a new version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedWalk {
    /// The file format's version; files written before it was recorded are version 1.
    #[serde(default = "first_version")]
    pub version: u32,
    pub id: String,
    pub flow: String,
    /// Facts given when the walk started.
    pub facts: Facts,
    /// The user's answers, as choice ids.
    pub answers: Vec<String>,
    /// Where each answer was given, to tell whether the trees still fit.
    pub trail: Vec<SavedAnswer>,
    /// The tree revision the session was saved with.
    pub revision: String,
    /// Seconds since the Unix epoch.
    pub started: u64,
    pub updated: u64,
    pub finished: bool,
}

/// Where one answer was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedAnswer {
    pub flow: String,
    pub node: String,
    pub answer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Seconds since the Unix epoch when it was given, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<u64>,
    /// Who gave it, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<handoff::By>,
}

fn first_version() -> u32 {
    1
}

impl SavedWalk {
    pub fn start(walk: &Walk) -> SavedWalk {
        let now = now();
        let flow = walk.graph().flow(walk.root()).id.clone();
        let mut session = SavedWalk {
            version: VERSION,
            id: new_id(&flow, now),
            flow,
            facts: walk.given().clone(),
            answers: Vec::new(),
            trail: Vec::new(),
            revision: walk.graph().revision().to_string(),
            started: now,
            updated: now,
            finished: false,
        };
        session.update(walk);
        session
    }

    /// Brings the session up to date with the walk.
    pub fn update(&mut self, walk: &Walk) {
        self.answers = walk.answers().to_vec();
        self.trail = walk
            .trail()
            .iter()
            .map(|t| SavedAnswer {
                flow: t.flow.clone(),
                node: t.node.clone(),
                answer: t.answer.clone(),
                note: t.note.clone(),
                at: t.stamp.map(|s| s.at),
                by: t.stamp.map(|s| s.by.into()),
            })
            .collect();
        self.revision = walk.graph().revision().to_string();
        self.updated = now();
        self.finished = walk.is_finished();
    }
}

/// Seconds since the Unix epoch (0 on a clock set before it).
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `pairing-1763940000-12345-3`: readable, and unique across processes and calls.
fn new_id(flow: &str, now: u64) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{flow}-{now}-{}-{n}", std::process::id())
}

/// Why a session could not be read.
#[derive(Debug)]
pub struct Unreadable {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// The directory of saved sessions.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store under the XDG state directory, or `None` when no home is known.
    pub fn default_location() -> Option<Store> {
        let base = std::env::var_os("XDG_STATE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|home| PathBuf::from(home).join(".local").join("state"))
            })?;
        Some(Store::at(base.join("watchfix").join("sessions")))
    }

    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Writes the session atomically.
    pub fn save(&self, session: &SavedWalk) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let text = serde_json::to_string_pretty(session).map_err(std::io::Error::other)?;
        let options = atomic::Options {
            prefix: "watchfix-session",
            mode: None,
        };
        atomic::write(&self.path(&session.id), text.as_bytes(), options)
    }

    pub fn load(&self, id: &str) -> Result<SavedWalk, Unreadable> {
        if id.is_empty() || id.contains(['/', '\\']) || id.starts_with('.') {
            return Err(Unreadable {
                path: self.dir.join(id),
                reason: "not a session id".into(),
            });
        }
        read(&self.path(id))
    }

    /// Every readable session, most recently updated first, and the files that could not
    /// be read.
    /// Removes the temporary files of saves a crash or a kill interrupted. Only files a
    /// minute old or more: a younger one may be another process's save under way.
    pub fn sweep(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let minute_ago = SystemTime::now() - std::time::Duration::from_secs(60);
        for entry in entries.flatten() {
            let stale = entry
                .file_name()
                .to_str()
                .is_some_and(|name| name.starts_with(".watchfix-session-"))
                && entry
                    .metadata()
                    .is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t < minute_ago));
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Takes the lock that says a process is walking session `id`, so that a second
    /// `resume` is told the walk is open elsewhere instead of racing the first. The lock
    /// lasts as long as the returned [`Hold`].
    pub fn hold(&self, id: &str) -> Result<Hold, Unreadable> {
        let path = self.dir.join(format!(".{id}.lock"));
        let unreadable = |reason: String| Unreadable {
            path: path.clone(),
            reason,
        };
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| unreadable(e.to_string()))?;
        match file.try_lock() {
            Ok(()) => Ok(Hold { _file: file, path }),
            Err(fs::TryLockError::WouldBlock) => Err(unreadable(
                "the walk is open elsewhere; finish or quit it there first".into(),
            )),
            Err(fs::TryLockError::Error(e)) => Err(unreadable(e.to_string())),
        }
    }

    pub fn list(&self) -> (Vec<SavedWalk>, Vec<Unreadable>) {
        self.sweep();
        let mut sessions = Vec::new();
        let mut unreadable = Vec::new();
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return (sessions, unreadable);
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                // A FIFO would block the listing forever, a device never end.
                if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                    unreadable.push(Unreadable {
                        path,
                        reason: "not a regular file".into(),
                    });
                    continue;
                }
                match read(&path) {
                    Ok(session) => sessions.push(session),
                    Err(error) => unreadable.push(error),
                }
            }
        }
        sessions.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| b.id.cmp(&a.id)));
        (sessions, unreadable)
    }

    pub fn remove(&self, id: &str) -> std::io::Result<()> {
        match fs::remove_file(self.path(id)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

fn read(path: &Path) -> Result<SavedWalk, Unreadable> {
    let unreadable = |reason: String| Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    if !fs::metadata(path).is_ok_and(|m| m.is_file()) && path.exists() {
        return Err(unreadable("not a regular file".into()));
    }
    let bytes = crate::load::read_capped(path, MAX_SESSION_BYTES, "session")
        .map_err(|e| unreadable(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| unreadable(e.to_string()))?;
    let session: SavedWalk = serde_json::from_str(&text)
        .map_err(|e| unreadable(format!("not a saved session ({e})")))?;
    if session.version > VERSION {
        return Err(unreadable(format!(
            "saved by a newer watchfix (session format {}; this one reads up to {VERSION})",
            session.version
        )));
    }
    let expected = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    if expected.as_deref() != Some(session.id.as_str()) {
        return Err(unreadable("the file name and the session id differ".into()));
    }
    Ok(session)
}

/// How a saved session fits the current trees.
#[derive(Debug)]
pub enum Fit<'g> {
    /// Replayed to the same node, with the same facts and trail.
    Resumed(Walk<'g>),
    /// The trees changed and the saved answers no longer lead the same way.
    Changed(String),
}

/// Rebuilds a session's walk on the current trees.
pub fn replay<'g>(graph: &'g crate::graph::Graph, session: &SavedWalk) -> Fit<'g> {
    let Some(flow) = graph.flow_by_id(&session.flow) else {
        return Fit::Changed(format!("the flow `{}` no longer exists", session.flow));
    };
    let mut walk = match Walk::new(graph, flow, session.facts.clone()) {
        Ok(walk) => walk,
        Err(error) => return Fit::Changed(format!("its facts no longer fit: {error}")),
    };
    for (index, answer) in session.answers.iter().enumerate() {
        let here = walk.current();
        let expected = session.trail.get(index);
        if expected.is_some_and(|e| e.flow != here.flow || e.node != here.node) {
            return Fit::Changed(format!(
                "answer {} was given at `{}`, which the flow no longer reaches there",
                index + 1,
                expected.map_or(String::new(), |e| format!("{}/{}", e.flow, e.node))
            ));
        }
        if let Err(error) = walk.answer(answer) {
            return Fit::Changed(format!("answer {} no longer fits: {error}", index + 1));
        }
        if let Some(saved) = expected {
            if let Some(note) = &saved.note {
                // A note edited by hand into something the walk refuses is dropped, not fatal.
                let _ = walk.note(note);
            }
            if let (Some(by), Some(at)) = (saved.by, saved.at) {
                walk.stamp(Stamp { by: by.into(), at });
            }
        }
    }
    Fit::Resumed(walk)
}

#[cfg(test)]
mod tests;

/// Saves a walk after every change. Saving is best effort: the first failure comes back
/// as a warning for the front end to show, and the walk goes on.
/// The lock on a session a process is walking; released when dropped.
#[derive(Debug)]
pub struct Hold {
    _file: fs::File,
    path: PathBuf,
}

impl Drop for Hold {
    fn drop(&mut self) {
        // The lock goes with the file; the empty file is only tidied away.
        let _ = fs::remove_file(&self.path);
    }
}

#[derive(Debug)]
pub struct Recorder {
    store: Option<Store>,
    session: SavedWalk,
    warned: bool,
    /// Why the walk as it stands is not on disk; `None` once a save succeeded.
    unsaved: Option<String>,
    hold: Option<Hold>,
}

impl Recorder {
    /// Starts recording a new walk in the default store.
    pub fn new(walk: &Walk) -> Recorder {
        let mut recorder = Recorder::continuing(Store::default_location(), SavedWalk::start(walk));
        if recorder.store.is_some() {
            recorder.unsaved = Some("nothing has been saved yet".into());
        }
        recorder
    }

    /// Goes on recording a resumed session, which is on disk as it stands.
    pub fn continuing(store: Option<Store>, session: SavedWalk) -> Recorder {
        if let Some(store) = &store {
            store.sweep();
        }
        let unsaved = store
            .is_none()
            .then(|| "no place to keep sessions: set XDG_STATE_HOME or HOME".to_string());
        Recorder {
            store,
            session,
            warned: false,
            unsaved,
            hold: None,
        }
    }

    /// Keeps the session's lock for as long as this recorder lives.
    pub fn keep(&mut self, hold: Hold) {
        self.hold = Some(hold);
    }

    /// Whether the walk as it was last recorded is on disk; why not, when it is not.
    pub fn saved(&self) -> Result<(), &str> {
        match &self.unsaved {
            None => Ok(()),
            Some(why) => Err(why),
        }
    }

    /// How many answers the recorded walk holds.
    pub fn answers(&self) -> usize {
        self.session.answers.len()
    }

    pub fn id(&self) -> &str {
        &self.session.id
    }

    /// Saves the walk as it stands; the session of a finished walk, or of one with no
    /// answer yet, is removed: there is nothing in it to resume. Returns a warning the
    /// first time saving fails.
    #[must_use]
    pub fn record(&mut self, walk: &Walk) -> Option<String> {
        self.session.update(walk);
        let Some(store) = &self.store else {
            return None;
        };
        // A finished walk, or one not begun, leaves nothing to resume.
        let result = if self.session.finished || self.session.answers.is_empty() {
            store.remove(&self.session.id)
        } else {
            store.save(&self.session)
        };
        match result {
            Ok(()) => {
                self.unsaved = None;
                None
            }
            Err(error) => {
                let why = format!(
                    "cannot save the session in {}: {error}",
                    store.dir().display()
                );
                self.unsaved = Some(why.clone());
                (!std::mem::replace(&mut self.warned, true)).then_some(why)
            }
        }
    }
}
