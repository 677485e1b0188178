//! Resolution: every id a flow writes becomes an index, or `None` where it names nothing.
//!
//! It keeps the first flow of each id and reports the others, reports node ids given
//! twice, and reports each reference that names nothing with the closest id as a hint. What
//! it makes, [`Resolved`], is what the graph passes walk: a broken reference is `None`
//! rather than a made-up target, so no pass can follow it by mistake.

use std::cell::OnceCell;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::check::State;
use crate::diagnostic::{Kind, Vocabulary};
use crate::graph::{FlowId, NodeId};
use crate::raw::{Located, RawFlow, RawNode, Text};
use crate::source::{Sources, Span};

/// One flow's references, by node in the order written.
pub(super) struct Resolved {
    pub start: Option<NodeId>,
    pub nodes: Vec<Links>,
}

/// Where one node leads.
pub(super) struct Links {
    /// The nodes a walk may go to next: a question's choices or a step's answers in order,
    /// a call's `then`.
    pub next: Box<[Option<NodeId>]>,
    /// A call's flow (`Some(None)` for a call naming no flow); where the name is written
    /// is in the raw node.
    pub call: Option<Option<FlowId>>,
    /// The walk cannot go on from here though this is no end: a reference names nothing,
    /// or a question has no choices. That was reported; the graph passes count such a node
    /// as able to reach an end, so that one mistake makes one diagnostic.
    pub broken: bool,
}

impl Links {
    /// The nodes a walk may go to next that exist.
    pub fn successors(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.next.iter().flatten().copied()
    }
}

pub(super) fn check(state: &mut State) {
    unique_flows(state);
    let flows = &state.flows;
    let src = &state.sources;
    let callees = Ids::new(flows.iter().map(|f| f.id.read(src)), FlowId);
    let mut found = Vec::new();
    state.resolved = (flows.iter())
        .map(|flow| resolve(src, flow, &callees, &mut found))
        .collect();
    state.report(found);
}

/// Keeps the first flow of each id: a walk names a flow by its id.
fn unique_flows(state: &mut State) {
    let mut firsts: FxHashMap<String, Span> = FxHashMap::default();
    let mut unique = Vec::new();
    for flow in std::mem::take(&mut state.flows) {
        let src = &state.sources;
        match firsts.get(flow.id.read(src)) {
            Some(first) => {
                let file = state.sources.get(first.file);
                let kind = Kind::DuplicateFlow {
                    flow: flow.id.read(src).to_string(),
                    first_path: file.path.clone(),
                    first: file.position(first.start()),
                };
                state.push(flow.id.span, kind);
            }
            None => {
                firsts.insert(flow.id.read(src).to_string(), flow.id.span);
                unique.push(flow);
            }
        }
    }
    state.flows = unique;
}

fn resolve<'s>(
    src: &'s Sources,
    flow: &RawFlow,
    callees: &Ids<'s, FlowId>,
    found: &mut Vec<(Span, Kind)>,
) -> Resolved {
    let mut seen = FxHashSet::default();
    for (key, _) in &flow.nodes.0 {
        // A RON map would keep only one of them; `Entries` keeps both so this can be said.
        if !seen.insert(key.read(src)) {
            let kind = Kind::DuplicateNode {
                node: key.read(src).to_string(),
                flow: flow.id.read(src).to_string(),
            };
            found.push((key.span, kind));
        }
    }
    let ids = Ids::new(flow.nodes.0.iter().map(|(k, _)| k.read(src)), NodeId);
    let start = ids.get(flow.start.read(src));
    if start.is_none() {
        let kind = Kind::MissingStart {
            node: flow.start.read(src).to_string(),
            flow: flow.id.read(src).to_string(),
            closest: ids.closest(flow.start.read(src)),
        };
        found.push((flow.start.span, kind));
    }
    let node = |found: &mut Vec<_>, field, reference: &Located<Text>| {
        let target = ids.get(reference.read(src));
        if target.is_none() {
            let kind = Kind::UnknownNode {
                field,
                node: reference.read(src).to_string(),
                flow: flow.id.read(src).to_string(),
                closest: ids.closest(reference.read(src)),
            };
            found.push((reference.span, kind));
        }
        target
    };
    let mut nodes: Vec<Links> = Vec::with_capacity(flow.nodes.0.len());
    for (_, raw) in &flow.nodes.0 {
        let (next, call) = match raw {
            RawNode::Ask { choices, .. } => {
                let next = choices
                    .iter()
                    .map(|c| node(found, "next", &c.next))
                    .collect();
                (next, None)
            }
            RawNode::Step {
                fixed, not_fixed, ..
            } => {
                let next = vec![
                    node(found, "fixed", fixed),
                    node(found, "not_fixed", not_fixed),
                ];
                (next, None)
            }
            RawNode::Input { next, skip, .. } => {
                let target = node(found, "next", next);
                // Both answers, the value and "I don't know", go on to `next`.
                let next = if skip.is_some() {
                    vec![target, target]
                } else {
                    vec![target]
                };
                (next, None)
            }
            RawNode::Tell { next, .. } => (vec![node(found, "next", next)], None),
            RawNode::Call { flow, then } => (vec![node(found, "then", then)], Some(flow)),
            RawNode::End { .. } => (Vec::new(), None),
        };
        let next = next.into_boxed_slice();
        let call = call.map(|callee| callee_of(src, callee, callees, found));
        let no_choices = matches!(raw, RawNode::Ask { choices, .. } if choices.is_empty());
        let broken =
            no_choices || next.contains(&None) || call.is_some_and(|callee| callee.is_none());
        nodes.push(Links { next, call, broken });
    }
    Resolved { start, nodes }
}

/// The flow a `Call` names; reported if none.
fn callee_of(
    src: &Sources,
    name: &Located<Text>,
    callees: &Ids<FlowId>,
    found: &mut Vec<(Span, Kind)>,
) -> Option<FlowId> {
    let callee = callees.get(name.read(src));
    if callee.is_none() {
        let kind = Kind::UnknownFlow {
            flow: name.read(src).to_string(),
            closest: callees.closest(name.read(src)),
        };
        found.push((name.span, kind));
    }
    callee
}

/// The ids a reference may name (the nodes of one flow, or the flows), the first of each
/// id winning, with a vocabulary for "did you mean ...?", built the first time a
/// reference names nothing: most flows never need it.
struct Ids<'a, T> {
    index: FxHashMap<&'a str, T>,
    ids: Vec<&'a str>,
    vocabulary: OnceCell<Vocabulary<'a>>,
}

impl<'a, T: Copy> Ids<'a, T> {
    fn new(ids: impl Iterator<Item = &'a str>, make: impl Fn(usize) -> T) -> Self {
        let ids: Vec<&str> = ids.collect();
        let mut index = FxHashMap::with_capacity_and_hasher(ids.len(), Default::default());
        for (position, id) in ids.iter().enumerate() {
            index.entry(*id).or_insert_with(|| make(position));
        }
        Ids {
            index,
            ids,
            vocabulary: OnceCell::new(),
        }
    }

    fn get(&self, id: &str) -> Option<T> {
        self.index.get(id).copied()
    }

    fn closest(&self, id: &str) -> Option<String> {
        let vocabulary = self
            .vocabulary
            .get_or_init(|| Vocabulary::new(self.ids.iter().copied()));
        vocabulary.closest(id).map(str::to_string)
    }
}
