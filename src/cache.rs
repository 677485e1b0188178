//! Checked graphs of tree directories, kept between runs, so that an agent calling `step`
//! on the same large `--trees` thousands of times pays for the check once.
//!
//! A graph is kept in `$XDG_CACHE_HOME/watchfix/` (`~/.cache/watchfix/` without it) in a
//! file named by the [`Key`] of the tree files it was made from: their paths and bytes,
//! the compiled format, and the build of the engine. A changed file is a new key, so a
//! graph is never stale, only unused; the oldest files beyond [`KEEP`] are removed. A file
//! is written atomically and read back only if it is whole and made for its key
//! ([`crate::compiled::decode`]); anything else is a miss. The cache never makes a command
//! fail: every error in it is one more miss. `WATCHFIX_NO_CACHE=1` turns it off.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::compiled;
use crate::graph::Graph;
use crate::load::{Files, Listing, LoadError, MAX_TREE_BYTES};

/// How many graphs are kept, the most recently written.
pub const KEEP: usize = 8;

/// What a cached graph was made from, as a 128-bit hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    hash: u128,
    /// The bytes of the tree files: a graph file larger than a few times that is no graph
    /// of them.
    bytes: u64,
}

impl Key {
    /// The key of these files for this build of watchfix.
    pub fn of(files: &Files) -> Key {
        Key::from_digests(
            (files.files.iter())
                .map(|(path, bytes)| (path.as_str(), xxh3_128(bytes), bytes.len() as u64)),
        )
    }

    /// The key of the listed files, read through a small buffer (holding 15 MB of trees in
    /// memory only to hash them would cost more than reading them); `None` when one cannot
    /// be read or is larger than a tree may be. It equals [`Key::of`] the files read.
    pub fn stream(listing: &Listing) -> Option<Key> {
        let mut buffer = vec![0; 256 * 1024];
        let mut digests = Vec::with_capacity(listing.files.len());
        for path in &listing.files {
            let mut file = fs::File::open(path).ok()?.take(MAX_TREE_BYTES + 1);
            let mut hasher = Xxh3::new();
            let mut len = 0u64;
            loop {
                let n = file.read(&mut buffer).ok()?;
                if n == 0 {
                    break;
                }
                hasher.update(&buffer[..n]);
                len += n as u64;
            }
            if len > MAX_TREE_BYTES {
                return None;
            }
            digests.push((path.to_string_lossy(), hasher.digest128(), len));
        }
        Some(Key::from_digests(
            digests
                .iter()
                .map(|(path, digest, len)| (path.as_ref(), *digest, *len)),
        ))
    }

    /// Each file by its path, its length and a digest of its bytes.
    fn from_digests<'a>(files: impl Iterator<Item = (&'a str, u128, u64)>) -> Key {
        let mut hasher = Xxh3::new();
        hasher.update(b"watchfix graph cache\0");
        hasher.update(&compiled::FORMAT.to_le_bytes());
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(&crate::shipped::BUILD.to_le_bytes());
        let mut bytes = 0u64;
        for (path, digest, len) in files {
            hasher.update(&(path.len() as u64).to_le_bytes());
            hasher.update(path.as_bytes());
            hasher.update(&len.to_le_bytes());
            hasher.update(&digest.to_le_bytes());
            bytes = bytes.saturating_add(len);
        }
        Key {
            hash: hasher.digest128(),
            bytes,
        }
    }

    fn file_name(&self) -> String {
        format!("graph-{:032x}.bin", self.hash)
    }

    /// The largest graph file these trees can have made.
    fn max_len(&self) -> u64 {
        self.bytes.saturating_mul(4).saturating_add(1 << 20)
    }
}

/// The graph of the listed files: the one kept for them when there is one, else what
/// `make` makes of them once read, kept for the next run. Without a cache (see
/// [`Cache::from_env`]) it is `make`'s. `failed` says why the files could not be read.
pub fn through<E>(
    listing: Listing,
    make: impl FnOnce(Files) -> Result<Graph, E>,
    failed: impl FnOnce(LoadError) -> E,
) -> Result<Graph, E> {
    let cache = Cache::from_env();
    if let Some(graph) = (cache.as_ref())
        .zip(Key::stream(&listing))
        .and_then(|(cache, key)| cache.get(&key, again(&listing)))
    {
        return Ok(graph);
    }
    let files = listing.read().map_err(failed)?;
    // The key of what was read and checked, should a file have changed meanwhile.
    let key = cache.as_ref().map(|_| Key::of(&files));
    let graph = make(files)?;
    if let (Some(cache), Some(key)) = (&cache, key) {
        cache.put(&key, &graph);
    }
    Ok(graph)
}

/// The listed files read and checked afresh, quietly: what a cached graph's flow is
/// taken from when its chunk cannot be trusted.
fn again(listing: &Listing) -> compiled::Again {
    let files = listing.files.clone();
    std::sync::Arc::new(move || {
        let listing = Listing {
            files: files.clone(),
            skipped: Vec::new(),
        };
        crate::check::check(crate::load::from_files(listing.read().ok()?)).graph
    })
}

/// A folder of cached graphs.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache under the XDG cache directory; `None` when no home is known or
    /// `WATCHFIX_NO_CACHE` is set (to anything but `0` or nothing).
    pub fn from_env() -> Option<Cache> {
        let off = std::env::var_os("WATCHFIX_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0");
        if off {
            return None;
        }
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| {
                std::env::var_os("HOME")
                    .map(PathBuf::from)
                    .filter(|p| p.is_absolute())
                    .map(|home| home.join(".cache"))
            })?;
        Some(Cache::at(base.join("watchfix")))
    }

    /// A cache in this folder (made when the first graph is written).
    pub fn at(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The graph kept for `key`, if a whole one is. Its nodes are read from the file as
    /// the walk enters their flows, and taken from `again` if they cannot be trusted.
    pub fn get(&self, key: &Key, again: compiled::Again) -> Option<Graph> {
        let path = self.dir.join(key.file_name());
        // Opening a FIFO to read would wait for a writer: only a regular file is a graph.
        if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let mut file = fs::File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        if len > key.max_len() {
            return None;
        }
        let mut stored = [0; 16];
        file.read_exact(&mut stored).ok()?;
        if stored != key.hash.to_le_bytes() {
            return None;
        }
        compiled::read(file, stored.len() as u64, len, again).ok()
    }

    /// Keeps `graph` as the one for `key`, quietly giving up on any error.
    pub fn put(&self, key: &Key, graph: &Graph) {
        let mut bytes = key.hash.to_le_bytes().to_vec();
        bytes.extend_from_slice(&compiled::encode(graph));
        if bytes.len() as u64 > key.max_len() || fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let options = crate::atomic::Options {
            prefix: "graph",
            mode: None,
        };
        if crate::atomic::write(&self.dir.join(key.file_name()), &bytes, options).is_ok() {
            self.prune();
        }
    }

    /// Removes the oldest graphs beyond [`KEEP`], and temporary files that a crash left
    /// behind an hour ago or more.
    fn prune(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        let mut graphs = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Some(modified) = entry.metadata().and_then(|m| m.modified()).ok() else {
                continue;
            };
            if name.starts_with("graph-") && name.ends_with(".bin") {
                graphs.push((modified, entry.path()));
            } else if name.starts_with(".graph-")
                && now.duration_since(modified).unwrap_or_default() > Duration::from_secs(3600)
            {
                let _ = fs::remove_file(entry.path());
            }
        }
        if graphs.len() > KEEP {
            graphs.sort();
            for (_, path) in &graphs[..graphs.len() - KEEP] {
                let _ = fs::remove_file(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Files {
        Files {
            files: vec![("t.ron".into(), text.as_bytes().to_vec())],
            skipped: Vec::new(),
        }
    }

    #[test]
    fn the_key_follows_paths_and_bytes() {
        let key = Key::of(&files("a"));
        assert_eq!(key, Key::of(&files("a")));
        assert_ne!(key, Key::of(&files("b")));
        let mut moved = files("a");
        moved.files[0].0 = "u.ron".into();
        assert_ne!(key, Key::of(&moved));
        // A boundary moved between path and contents is another key.
        let split = |path: &str, text: &str| Files {
            files: vec![(path.into(), text.as_bytes().to_vec())],
            skipped: Vec::new(),
        };
        assert_ne!(Key::of(&split("ab", "c")), Key::of(&split("a", "bc")));
    }

    /// No trees to check again: the graphs here are whole.
    fn none() -> compiled::Again {
        std::sync::Arc::new(|| None)
    }

    #[test]
    fn a_graph_comes_back_and_damage_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("watchfix"));
        let key = Key::of(&files(&"x".repeat(100_000)));
        let graph = compiled::embedded();
        assert!(cache.get(&key, none()).is_none());
        cache.put(&key, &graph);
        let back = cache.get(&key, none()).expect("a hit");
        assert_eq!(compiled::encode(&back), compiled::encode(&graph));
        let path = cache.dir().join(key.file_name());
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(cache.get(&key, none()).is_none(), "truncated");
        // Another key's graph under this key's name is no graph of it.
        let other = Key::of(&files("y"));
        fs::write(cache.dir().join(other.file_name()), &bytes).unwrap();
        assert!(cache.get(&other, none()).is_none(), "another key's graph");
    }

    #[test]
    fn only_the_newest_graphs_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().to_path_buf());
        let graph = compiled::embedded();
        let keys: Vec<Key> = (0..KEEP + 3)
            .map(|i| Key::of(&files(&format!("{i}{}", "x".repeat(100_000)))))
            .collect();
        for key in &keys {
            cache.put(key, &graph);
        }
        let kept = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(kept, KEEP);
    }
}
