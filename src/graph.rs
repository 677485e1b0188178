//! The checked graph: what every front end walks.
//!
//! A [`Graph`] can only be made by [`crate::check::check`], which resolves every id to an
//! index and rejects any tree with an error. Code that holds a `Graph` can therefore index
//! nodes and flows without a fallible lookup: a dangling reference cannot get this far.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlowId(pub(crate) usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub(crate) usize);

#[derive(Debug, Clone)]
pub struct Graph {
    pub(crate) flows: Vec<Flow>,
    pub(crate) facts: Vec<Fact>,
    pub(crate) revision: String,
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

    /// Flows this flow calls, directly or through other flows, itself excluded.
    pub fn callees(&self, flow: FlowId) -> Vec<FlowId> {
        let mut seen = vec![flow];
        let mut stack = vec![flow];
        while let Some(current) = stack.pop() {
            for node in &self.flow(current).nodes {
                if let NodeKind::Call { flow: callee, .. } = node.kind
                    && !seen.contains(&callee)
                {
                    seen.push(callee);
                    stack.push(callee);
                }
            }
        }
        seen.remove(0);
        seen
    }

    /// Facts a walk of this flow may ask for, subflows included, in declaration order.
    pub fn facts_asked(&self, flow: FlowId) -> Vec<&Fact> {
        let mut flows = vec![flow];
        flows.extend(self.callees(flow));
        self.facts
            .iter()
            .filter(|fact| {
                flows.iter().any(|f| {
                    self.flow(*f).nodes.iter().any(|n| match &n.kind {
                        NodeKind::Ask {
                            fact: Some(asked), ..
                        } => asked == &fact.id,
                        _ => false,
                    })
                })
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct Flow {
    pub id: String,
    pub title: String,
    pub category: String,
    pub symptoms: Vec<String>,
    pub start: NodeId,
    pub nodes: Vec<Node>,
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

#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
}

#[derive(Debug, Clone)]
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
    },
    Call {
        flow: FlowId,
        then: NodeId,
    },
    End {
        outcome: Outcome,
        text: String,
    },
}

impl Node {
    /// The answers this node takes: a question's choices, a step's fixed / not fixed.
    pub fn choices(&self) -> &[Choice] {
        match &self.kind {
            NodeKind::Ask { choices, .. } | NodeKind::Step { choices, .. } => choices,
            NodeKind::Call { .. } | NodeKind::End { .. } => &[],
        }
    }

    pub fn text(&self) -> &str {
        match &self.kind {
            NodeKind::Ask { text, .. }
            | NodeKind::Step { text, .. }
            | NodeKind::End { text, .. } => text,
            NodeKind::Call { .. } => "",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub label: String,
    pub next: NodeId,
}

/// The choice ids of a step.
pub const FIXED: &str = "fixed";
pub const NOT_FIXED: &str = "not-fixed";

#[derive(Debug, Clone)]
pub struct Fact {
    pub id: String,
    pub name: String,
    pub question: String,
    /// Allowed values: (id, label).
    pub values: Vec<(String, String)>,
}

impl Fact {
    pub fn allows(&self, value: &str) -> bool {
        self.values.iter().any(|(id, _)| id == value)
    }

    pub fn value_ids(&self) -> Vec<&str> {
        self.values.iter().map(|(id, _)| id.as_str()).collect()
    }
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub facts: Vec<(String, String)>,
    pub answers: Vec<String>,
    /// The end the walk must reach: (flow id, node id).
    pub expect: Option<(String, String)>,
    pub outcome: Option<Outcome>,
}

/// How a walk ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
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
