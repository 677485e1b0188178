//! The checked graph: what every front end walks.
//!
//! A [`Graph`] can only be made by [`crate::check::check`], which resolves every id to an
//! index and rejects any tree with an error. Code that holds a `Graph` can therefore index
//! nodes and flows without a fallible lookup: a dangling reference cannot get this far.

mod accepts;
mod nodes;

use serde::{Deserialize, Serialize};

pub use accepts::{Accepts, MAX_TYPED};
pub(crate) use nodes::Loader;
pub use nodes::Nodes;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FlowId(pub(crate) usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NodeId(pub(crate) usize);

/// Serialized for [`crate::compiled`], which alone deserializes one (and checks it).
#[derive(Debug, Clone, Serialize)]
pub struct Graph {
    pub(crate) flows: Vec<Flow>,
    pub(crate) facts: Vec<Fact>,
    pub(crate) revision: String,
    /// Owners' words → the words the flows use (`Vocabulary(...)`).
    pub(crate) synonyms: Vec<(String, Vec<String>)>,
    /// The words of the letter to support (`Letter(...)`).
    pub(crate) letter: Letter,
    /// The most moves the walker makes on its own between two answers; see
    /// [`Graph::settle_limit`].
    pub(crate) settle_limit: usize,
}

impl Graph {
    pub fn flows(&self) -> impl ExactSizeIterator<Item = (FlowId, &Flow)> {
        self.flows.iter().enumerate().map(|(i, f)| (FlowId(i), f))
    }

    /// The flows as people browse them: by category, then id.
    pub fn flows_by_category(&self) -> Vec<(FlowId, &Flow)> {
        let mut flows: Vec<(FlowId, &Flow)> = self.flows().collect();
        flows.sort_by(|a, b| (&a.1.category, &a.1.id).cmp(&(&b.1.category, &b.1.id)));
        flows
    }

    pub fn flow(&self, id: FlowId) -> &Flow {
        &self.flows[id.0]
    }

    pub fn flow_by_id(&self, id: &str) -> Option<FlowId> {
        self.flows.iter().position(|f| f.id == id).map(FlowId)
    }

    /// A fingerprint of the tree files this graph was built from.
    pub fn revision(&self) -> &str {
        &self.revision
    }

    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }

    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    /// Owners' words and the words of the flows they stand for.
    pub fn synonyms(&self) -> &[(String, Vec<String>)] {
        &self.synonyms
    }

    pub fn letter(&self) -> &Letter {
        &self.letter
    }

    /// The most moves a walk can make without asking (known facts, calls, returns) in a
    /// graph without fact loops, capped at a small multiple of the graph's size so that
    /// no tree can make the walker allocate more than that.
    ///
    /// Within one entry into a flow each of its nodes is passed at most once (a second
    /// pass, with the same callers waiting, would be a loop), and a call adds one entry
    /// into its callee; a walk that starts deep in subflows returns through each caller
    /// once. So `Σ cost(f)`, with `cost(f) = nodes(f) + Σ cost(callee)` over `f`'s calls,
    /// bounds every honest run.
    pub fn settle_limit(&self) -> usize {
        self.settle_limit
    }

    pub(crate) fn compute_settle_limit(flows: &[Flow]) -> usize {
        let total: usize = flows.iter().map(|f| f.nodes.len()).sum();
        let cap = total.saturating_mul(8).saturating_add(64);
        // Callees first: the checker made the calls acyclic.
        let mut cost: Vec<Option<usize>> = vec![None; flows.len()];
        let mut order = Vec::new();
        let mut stack: Vec<(usize, bool)> = (0..flows.len()).rev().map(|f| (f, false)).collect();
        let mut entered = vec![false; flows.len()];
        while let Some((flow, done)) = stack.pop() {
            if done {
                order.push(flow);
                continue;
            }
            if std::mem::replace(&mut entered[flow], true) {
                continue;
            }
            stack.push((flow, true));
            for node in &flows[flow].nodes {
                if let NodeKind::Call { flow: callee, .. } = node.kind
                    && !entered[callee.0]
                {
                    stack.push((callee.0, false));
                }
            }
        }
        for flow in order {
            let mut sum = flows[flow].nodes.len();
            for node in &flows[flow].nodes {
                if let NodeKind::Call { flow: callee, .. } = node.kind {
                    sum = sum.saturating_add(cost[callee.0].unwrap_or(cap));
                }
            }
            cost[flow] = Some(sum.min(cap));
        }
        let honest = cost
            .iter()
            .fold(1usize, |sum, c| sum.saturating_add(c.unwrap_or(cap)));
        honest.min(cap)
    }

    /// Flows this flow calls, directly or through other flows, itself excluded.
    pub fn callees(&self, flow: FlowId) -> Vec<FlowId> {
        let mut seen = vec![false; self.flows.len()];
        seen[flow.0] = true;
        let mut found = Vec::new();
        let mut stack = vec![flow];
        while let Some(current) = stack.pop() {
            for node in &self.flow(current).nodes {
                if let NodeKind::Call { flow: callee, .. } = node.kind
                    && !std::mem::replace(&mut seen[callee.0], true)
                {
                    found.push(callee);
                    stack.push(callee);
                }
            }
        }
        found
    }

    /// Facts a walk of this flow may ask for, subflows included, in declaration order.
    pub fn facts_asked(&self, flow: FlowId) -> Vec<&Fact> {
        let mut flows = vec![flow];
        flows.extend(self.callees(flow));
        // One pass over the nodes, then one lookup per fact.
        let asked: std::collections::HashSet<&str> = flows
            .iter()
            .flat_map(|f| &self.flow(*f).nodes)
            .filter_map(|n| match &n.kind {
                NodeKind::Ask {
                    fact: Some(asked), ..
                }
                | NodeKind::Input { fact: asked, .. } => Some(asked.as_str()),
                _ => None,
            })
            .collect();
        self.facts
            .iter()
            .filter(|fact| asked.contains(fact.id.as_str()))
            .collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flow {
    pub id: String,
    pub title: String,
    pub category: String,
    pub symptoms: Vec<String>,
    pub start: NodeId,
    /// Decoded when first used, in a graph read from its compiled form.
    pub nodes: Nodes,
    pub scenarios: Vec<Scenario>,
    /// The file the flow was read from.
    pub file: String,
}

impl Flow {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0]
    }

    pub fn node_by_id(&self, id: &str) -> Option<NodeId> {
        self.nodes.iter().position(|n| n.id == id).map(NodeId)
    }

    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> {
        (0..self.nodes.len()).map(NodeId)
    }

    /// The FAQ questions the flow's steps cite, each once, in node order.
    pub fn sources(&self) -> Vec<&str> {
        let mut sources: Vec<&str> = Vec::new();
        for node in &self.nodes {
            if let NodeKind::Step {
                source: Some(source),
                ..
            } = &node.kind
                && !sources.contains(&source.as_str())
            {
                sources.push(source);
            }
        }
        sources
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum NodeKind {
    Ask {
        text: String,
        fact: Option<String>,
        choices: Vec<Choice>,
    },
    Step {
        text: String,
        source: Option<String>,
        /// Always two: `fixed`, then `not-fixed`.
        choices: Vec<Choice>,
        /// What was done, in the owner's voice.
        done: Option<String>,
    },
    /// Asks for a typed detail, recorded as `fact`.
    Input {
        text: String,
        fact: String,
        /// [`TYPED`], then [`SKIP`] when the person may say they don't know.
        choices: Vec<Choice>,
    },
    /// Tells something, then goes on: one choice, [`NEXT`].
    Tell {
        text: String,
        source: Option<String>,
        choices: Vec<Choice>,
    },
    Call {
        flow: FlowId,
        then: NodeId,
    },
    End {
        outcome: Outcome,
        text: String,
        /// After an escalate end: what the letter asks support for.
        ask: Option<String>,
        /// The return and warranty terms may apply.
        terms: bool,
    },
}

impl Node {
    /// The answers this node takes: a question's choices, a step's fixed / not fixed.
    pub fn choices(&self) -> &[Choice] {
        match &self.kind {
            NodeKind::Ask { choices, .. }
            | NodeKind::Step { choices, .. }
            | NodeKind::Input { choices, .. }
            | NodeKind::Tell { choices, .. } => choices,
            NodeKind::Call { .. } | NodeKind::End { .. } => &[],
        }
    }

    pub fn text(&self) -> &str {
        match &self.kind {
            NodeKind::Ask { text, .. }
            | NodeKind::Step { text, .. }
            | NodeKind::Input { text, .. }
            | NodeKind::Tell { text, .. }
            | NodeKind::End { text, .. } => text,
            NodeKind::Call { .. } => "",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
    pub next: NodeId,
    /// The problem in the owner's words, when this answer names it.
    pub says: Option<String>,
}

/// The choice ids of a step.
pub const FIXED: &str = "fixed";
pub const NOT_FIXED: &str = "not-fixed";
/// A step's labels when its tree gives none: the step was meant to fix the problem.
pub const FIXED_LABEL: &str = "That fixed it";
pub const NOT_FIXED_LABEL: &str = "Still not working";
/// The choice of a typed detail that was given, and of one the person does not know.
pub const TYPED: &str = "typed";
pub const SKIP: &str = "skip";
/// The one choice of a node that only tells.
pub const NEXT: &str = "next";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fact {
    pub id: String,
    pub name: String,
    pub question: String,
    /// Allowed values: (id, label); empty for a typed detail.
    pub values: Vec<(String, String)>,
    /// What a typed detail accepts; `None` for a fact with values.
    pub accepts: Option<Accepts>,
    pub example: Option<String>,
    /// Values that say nothing ("Another model"): a letter treats them as unknown.
    pub vague: Vec<String>,
    /// What a letter says while the fact is unknown.
    pub missing: Option<String>,
}

impl Fact {
    /// Whether `value` may be this fact's value: one of its values, or a typed detail
    /// that fits.
    pub fn allows(&self, value: &str) -> bool {
        match self.accepts {
            Some(accepts) => accepts.check(value).is_ok(),
            None => self.values.iter().any(|(id, _)| id == value),
        }
    }

    /// The label of a value (its id when it has none, as a typed detail's value).
    pub fn label<'a>(&'a self, value: &'a str) -> &'a str {
        self.values
            .iter()
            .find(|(id, _)| id == value)
            .map_or(value, |(_, label)| label.as_str())
    }

    pub fn value_ids(&self) -> Vec<&str> {
        self.values.iter().map(|(id, _)| id.as_str()).collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scenario {
    pub name: String,
    pub facts: Vec<(String, String)>,
    pub answers: Vec<String>,
    /// The end the walk must reach: (flow id, node id).
    pub expect: Option<(String, String)>,
    pub outcome: Option<Outcome>,
}

/// How a walk ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The problem is fixed.
    Resolved,
    /// The user should contact customer support.
    Escalate,
    /// A question was answered; nothing was broken.
    Info,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalate => "escalate",
            Outcome::Info => "info",
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The words of the letter to support, from the trees.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub to: Option<String>,
    /// `{problem}` stands for the problem statement.
    pub subject: String,
    pub greeting: String,
    pub opening: String,
    pub details: String,
    pub tried: String,
    pub notes: String,
    pub nothing_tried: String,
    pub asking: String,
    pub sign_off: String,
    pub terms: Option<String>,
}
