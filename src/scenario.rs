//! The scenario runner behind `watchfix test`: walks every flow's scenarios through the
//! walker and measures which nodes and choices they exercise.

use std::collections::HashSet;

use serde::Serialize;

use crate::graph::{FlowId, Graph, NodeId, Scenario};
use crate::walk::{Facts, Walk};

/// The result of one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub name: String,
    /// Why it failed; `None` when it passed.
    pub failure: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    pub nodes: usize,
    pub nodes_hit: usize,
    pub choices: usize,
    pub choices_hit: usize,
    /// `node` for nodes, `node -> choice` for choices, never taken.
    pub missed: Vec<String>,
}

impl Coverage {
    fn percent(hit: usize, total: usize) -> f64 {
        if total == 0 {
            100.0
        } else {
            hit as f64 * 100.0 / total as f64
        }
    }

    pub fn node_percent(&self) -> f64 {
        Self::percent(self.nodes_hit, self.nodes)
    }

    pub fn choice_percent(&self) -> f64 {
        Self::percent(self.choices_hit, self.choices)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FlowReport {
    pub flow: String,
    pub file: String,
    pub scenarios: Vec<ScenarioResult>,
    pub coverage: Coverage,
}

impl FlowReport {
    pub fn failed(&self) -> usize {
        self.scenarios
            .iter()
            .filter(|s| s.failure.is_some())
            .count()
    }
}

/// Runs the scenarios of every flow. A flow's coverage counts what its own scenarios
/// exercise of its own nodes.
pub fn run_all(graph: &Graph) -> Vec<FlowReport> {
    graph.flows().map(|(id, _)| run_flow(graph, id)).collect()
}

pub fn run_flow(graph: &Graph, id: FlowId) -> FlowReport {
    let flow = graph.flow(id);
    let mut nodes_hit: HashSet<NodeId> = HashSet::new();
    let mut choices_hit: HashSet<(NodeId, usize)> = HashSet::new();
    let mut scenarios = Vec::new();
    for scenario in &flow.scenarios {
        let (failure, walk) = run_one(graph, id, scenario);
        if let Some(walk) = walk {
            for visit in walk.visits().iter().filter(|v| v.flow == id) {
                nodes_hit.insert(visit.node);
                if let Some(choice) = visit.choice {
                    choices_hit.insert((visit.node, choice));
                }
            }
        }
        scenarios.push(ScenarioResult {
            name: scenario.name.clone(),
            // Answers and ids in a failure come from the tree as written: safe to print.
            failure: failure.map(|f| crate::text::shown(&f).into_owned()),
        });
    }
    let mut coverage = Coverage::default();
    for node_id in flow.node_ids() {
        let node = flow.node(node_id);
        coverage.nodes += 1;
        if nodes_hit.contains(&node_id) {
            coverage.nodes_hit += 1;
        } else {
            coverage.missed.push(node.id.clone());
        }
        for (index, choice) in node.choices().iter().enumerate() {
            coverage.choices += 1;
            if choices_hit.contains(&(node_id, index)) {
                coverage.choices_hit += 1;
            } else if nodes_hit.contains(&node_id) {
                coverage
                    .missed
                    .push(format!("{} -> {}", node.id, choice.id));
            }
        }
    }
    FlowReport {
        flow: flow.id.clone(),
        file: flow.file.clone(),
        scenarios,
        coverage,
    }
}

/// Walks one scenario; returns why it failed (if it did) and the walk for coverage.
fn run_one<'g>(
    graph: &'g Graph,
    id: FlowId,
    scenario: &Scenario,
) -> (Option<String>, Option<Walk<'g>>) {
    let facts: Facts = scenario.facts.iter().cloned().collect();
    let mut walk = match Walk::new(graph, id, facts) {
        Ok(walk) => walk,
        Err(error) => return (Some(error.to_string()), None),
    };
    for (index, answer) in scenario.answers.iter().enumerate() {
        if walk.is_finished() {
            let view = walk.current();
            let left = scenario.answers.len() - index;
            return (
                Some(format!(
                    "the walk ended at {}/{} with {left} answer{} left over (from `{answer}`)",
                    view.flow,
                    view.node,
                    if left == 1 { "" } else { "s" }
                )),
                Some(walk),
            );
        }
        // Only the ids are needed: building the whole view before every answer made a
        // scenario cost the square of its length.
        let (at_flow, at_node) = walk.position();
        if let Err(error) = walk.answer(answer) {
            let flow = graph.flow(at_flow);
            return (
                Some(format!(
                    "answer {} at {}/{}: {error}",
                    index + 1,
                    flow.id,
                    flow.node(at_node).id
                )),
                Some(walk),
            );
        }
    }
    let view = walk.current();
    let Some(outcome) = walk.outcome() else {
        return (
            Some(format!(
                "the answers ran out at {}/{}, which is not an end",
                view.flow, view.node
            )),
            Some(walk),
        );
    };
    if let Some((flow, node)) = &scenario.expect
        && (flow != &view.flow || node != &view.node)
    {
        return (
            Some(format!(
                "ended at {}/{}, expected {flow}/{node}",
                view.flow, view.node
            )),
            Some(walk),
        );
    }
    if let Some(expected) = scenario.outcome
        && expected != outcome
    {
        return (
            Some(format!("ended `{outcome}`, expected `{expected}`")),
            Some(walk),
        );
    }
    (None, Some(walk))
}
