//! The walks an MCP server has open, each under its own session id.
//!
//! A session keeps only a walk's inputs — the flow, the facts given up front and the
//! answers accepted so far — and its [`Walk`] is rebuilt by replaying them on every call,
//! as `watchfix step` does. So a session borrows nothing from the graph, `back` and
//! `restart` only shorten the list of answers, and several walks never share state.
//! Replaying a few dozen answers costs microseconds.

use std::collections::HashMap;
use std::hash::BuildHasher;

use watchfix::graph::{FlowId, Graph};
use watchfix::walk::{Facts, Walk, WalkError};

/// Open walks past this number push out the one used longest ago, so a server that runs
/// for weeks does not grow without bound.
pub const MAX_OPEN: usize = 1000;

#[derive(Debug, Clone)]
pub struct OpenWalk {
    pub flow: FlowId,
    pub facts: Facts,
    /// The answers accepted so far, each with its note.
    pub answers: Vec<(String, Option<String>)>,
    last_used: u64,
}

impl OpenWalk {
    /// The walk, replayed from its inputs.
    pub fn walk<'g>(&self, graph: &'g Graph) -> Result<Walk<'g>, WalkError> {
        let mut walk = Walk::new(graph, self.flow, self.facts.clone())?;
        for (answer, note) in &self.answers {
            walk.answer(answer)?;
            if let Some(note) = note {
                walk.note(note)?;
            }
        }
        Ok(walk)
    }
}

#[derive(Debug, Default)]
pub struct Sessions {
    open: HashMap<String, OpenWalk>,
    /// Counts every open and every use: the order of last use.
    clock: u64,
    opened: u64,
}

impl Sessions {
    /// Opens a session for a walk that has already started once with these facts, and
    /// returns its id: `w` and a counter, then a random suffix so that an id from an
    /// earlier server process is not mistaken for a walk of this one.
    pub fn open(&mut self, flow: FlowId, facts: Facts) -> String {
        if self.open.len() >= MAX_OPEN
            && let Some(oldest) = self
                .open
                .iter()
                .min_by_key(|(_, s)| s.last_used)
                .map(|(id, _)| id.clone())
        {
            self.open.remove(&oldest);
        }
        self.opened += 1;
        self.clock += 1;
        let suffix = std::collections::hash_map::RandomState::new().hash_one(self.opened) & 0xffff;
        let id = format!("w{}-{suffix:04x}", self.opened);
        self.open.insert(
            id.clone(),
            OpenWalk {
                flow,
                facts,
                answers: Vec::new(),
                last_used: self.clock,
            },
        );
        id
    }

    /// The session with this id, or a message naming the open ones, and their ids.
    pub fn get(&mut self, id: &str) -> Result<&mut OpenWalk, (String, Vec<String>)> {
        self.clock += 1;
        let clock = self.clock;
        if !self.open.contains_key(id) {
            return Err((self.unknown(id), self.ids()));
        }
        let session = self.open.get_mut(id).expect("checked above");
        session.last_used = clock;
        Ok(session)
    }

    /// Open session ids, most recently used first.
    pub fn ids(&self) -> Vec<String> {
        let mut open: Vec<(&String, &OpenWalk)> = self.open.iter().collect();
        open.sort_by_key(|(_, s)| std::cmp::Reverse(s.last_used));
        open.into_iter().map(|(id, _)| id.clone()).collect()
    }

    fn unknown(&self, id: &str) -> String {
        const SHOWN: usize = 20;
        let ids = self.ids();
        if ids.is_empty() {
            return format!("unknown session `{id}`: no walk is open; start one with start_walk");
        }
        let more = match ids.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        format!(
            "unknown session `{id}`: the open sessions are {}{more}; or start a new walk with start_walk",
            ids.iter()
                .take(SHOWN)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}
