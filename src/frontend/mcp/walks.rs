//! Where the walks an MCP server serves live, and the ids agents name them by.
//!
//! On stdio, one process serves one client for as long as it runs, so the walks stay in
//! memory: each [`Walk`] is kept alive under a random 128-bit id, and an answer costs the
//! same whether it is the 5th or the 500th (no replay). Past [`MAX_OPEN`] walks, the one
//! used longest ago is dropped.
//!
//! Over HTTP, any process behind a load balancer may serve the next call, so there is no
//! store at all: the id *is* the walk, signed (see [`super::handle`]). Each call that
//! changes the walk returns a new id; one that only reads it returns the id it was given.
//!
//! Either way a tool sees the same two calls, [`Walks::open`] and [`Walks::with`], and
//! an unknown id never reveals another caller's walks.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use watchfix::graph::Graph;
use watchfix::session::Fit;
use watchfix::session::handoff::Handoff;
use watchfix::text::shown;
use watchfix::walk::{Origin, Walk};

use super::handle::{BadHandle, Signer};

/// Open walks past this number push out the one used longest ago, so a server that runs
/// for weeks does not grow without bound.
pub const MAX_OPEN: usize = 1000;

/// An id longer than this is not one this server issued; it is not echoed back.
const SHOWN_ID: usize = 48;

#[derive(Debug)]
pub enum Walks {
    Memory(Mutex<Memory>),
    Signed(Signer),
}

#[derive(Debug, Default)]
pub struct Memory {
    open: HashMap<String, (Walk<'static>, u64)>,
    /// Counts every open and every use: the order of last use.
    clock: u64,
}

/// A session id that names no walk, with the message that says so.
#[derive(Debug)]
pub struct Unknown(pub String);

impl Walks {
    pub fn memory() -> Walks {
        Walks::Memory(Mutex::new(Memory::default()))
    }

    /// Keeps a new walk and returns its id.
    pub fn open(&self, walk: Walk<'static>) -> Result<String, Unknown> {
        match self {
            Walks::Memory(memory) => Ok(lock(memory).open(walk)),
            Walks::Signed(signer) => seal(signer, &walk),
        }
    }

    /// Runs `act` on the walk `id` names; returns the id of the walk as `act` left it
    /// (the same id, except over HTTP after a change) and what `act` returned.
    pub fn with<R>(
        &self,
        graph: &'static Graph,
        id: &str,
        act: impl FnOnce(&mut Walk<'static>) -> R,
    ) -> Result<(String, R), Unknown> {
        let id = id.trim();
        match self {
            Walks::Memory(memory) => {
                let mut memory = lock(memory);
                let count = memory.open.len();
                let walk = memory.get(id).ok_or_else(|| unknown(id, count))?;
                Ok((id.to_string(), act(walk)))
            }
            Walks::Signed(signer) => {
                let handoff = signer.open(id).map_err(|bad| refused_handle(id, &bad))?;
                let mut walk = match handoff.replay(graph) {
                    Fit::Resumed(walk) => walk,
                    Fit::Changed(why) => {
                        return Err(Unknown(format!(
                            "this walk was made on other trees and no longer fits them ({why}); \
                             start a new walk with start_walk"
                        )));
                    }
                };
                let before = walk.trail().to_vec();
                let result = act(&mut walk);
                // Only a change needs a new handle; a read gives back the one it was given.
                let id = if walk.trail() == before.as_slice() {
                    id.to_string()
                } else {
                    seal(signer, &walk)?
                };
                Ok((id, result))
            }
        }
    }
}

fn lock(memory: &Mutex<Memory>) -> std::sync::MutexGuard<'_, Memory> {
    // A tool that panicked while holding the walks left each one as the walker left it.
    memory.lock().unwrap_or_else(PoisonError::into_inner)
}

fn seal(signer: &Signer, walk: &Walk) -> Result<String, Unknown> {
    signer
        .seal(&Handoff::of(walk, Origin::Agent, watchfix::session::now()))
        .map_err(|_| {
            Unknown(
                "this walk has grown too large to carry in its handle (long notes on many \
                 answers); call handoff to keep it, then start a new walk"
                    .to_string(),
            )
        })
}

impl Memory {
    fn open(&mut self, walk: Walk<'static>) -> String {
        if self.open.len() >= MAX_OPEN
            && let Some(oldest) = self
                .open
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(id, _)| id.clone())
        {
            self.open.remove(&oldest);
        }
        self.clock += 1;
        let id = new_id();
        self.open.insert(id.clone(), (walk, self.clock));
        id
    }

    fn get(&mut self, id: &str) -> Option<&mut Walk<'static>> {
        self.clock += 1;
        let clock = self.clock;
        let (walk, used) = self.open.get_mut(id)?;
        *used = clock;
        Some(walk)
    }
}

/// `w` and 128 random bits in hex: an id nobody can guess from another.
fn new_id() -> String {
    let mut bits = [0u8; 16];
    // The operating system's randomness; without it, the clock and a counter still keep
    // ids distinct, if not secret.
    if getrandom::fill(&mut bits).is_err() {
        use std::hash::{BuildHasher, RandomState};
        let seed = RandomState::new().hash_one(std::time::SystemTime::now());
        bits[..8].copy_from_slice(&seed.to_le_bytes());
    }
    let mut id = String::with_capacity(33);
    id.push('w');
    for byte in bits {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

/// The message for an id that names no open walk: how many are open, never which.
fn unknown(id: &str, open: usize) -> Unknown {
    let open = match open {
        0 => "no walk is open".to_string(),
        1 => "1 walk is open".to_string(),
        n => format!("{n} walks are open"),
    };
    Unknown(format!(
        "unknown session {}: {open} on this server, and session ids are not shared between \
         callers; a walk ends when the server stops, and past 1,000 open walks the one \
         used longest ago is dropped. Pass the session of the latest result, or start a new \
         walk with start_walk",
        quoted(id)
    ))
}

fn refused_handle(id: &str, bad: &BadHandle) -> Unknown {
    Unknown(match bad {
        BadHandle::Forged => format!(
            "unknown session {}: not a walk handle this server signed (a handle must be passed \
             back exactly as a result gave it). Pass the session of the latest result, or start \
             a new walk with start_walk",
            quoted(id)
        ),
        BadHandle::TooLong => "unknown session: the handle is longer than any this server \
             issues; pass the session of the latest result, or start a new walk with start_walk"
            .to_string(),
    })
}

/// An id as a message may show it: escaped, and only when it is short.
fn quoted(id: &str) -> String {
    if id.chars().count() > SHOWN_ID {
        format!("(an id of {} characters)", id.chars().count())
    } else {
        format!("`{}`", shown(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_128_random_bits_and_distinct() {
        let a = new_id();
        let b = new_id();
        assert_eq!(a.len(), 33);
        assert!(a.starts_with('w') && a[1..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn what_the_tools_say_of_a_walk_s_lifetime_is_the_limit() {
        let limit = format!("{},{:03}", MAX_OPEN / 1000, MAX_OPEN % 1000);
        assert!(super::super::tools::LIFETIME_STDIO.contains(&limit));
        let Unknown(message) = unknown("w9", 0);
        assert!(message.contains(&limit), "{message}");
    }

    #[test]
    fn an_unknown_id_says_how_many_are_open_and_never_which() {
        let Unknown(message) = unknown("w9", 3);
        assert!(message.contains("3 walks are open"), "{message}");
        assert!(message.contains("start_walk"), "{message}");
        let Unknown(message) = unknown(&"x".repeat(10_000), 0);
        assert!(message.len() < 600, "{message}");
    }
}
