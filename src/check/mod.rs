//! The checker: raw documents in, a [`Graph`] and diagnostics out.
//!
//! It runs as a list of small passes that each push diagnostics and keep going, so one run
//! reports every problem. Resolution comes first (ids to indices); the graph passes in
//! [`crate::check::analysis`] then work on whatever resolved, treating a broken reference as
//! already reported so one mistake does not cascade into many. A `Graph` is returned only
//! when no error was found.

pub mod analysis;

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{self, Code, Diagnostic, Severity, Vocabulary};
use crate::graph::{
    Choice, FIXED, Fact, Flow, FlowId, Graph, NOT_FIXED, Node, NodeId, NodeKind, Outcome, Scenario,
};
use crate::load::Loaded;
use crate::raw::{
    Document, Entries, Located, RawChoice, RawFacts, RawFlow, RawNode, RawOutcome, RawScenario,
};
use crate::source::{Sources, Span};

/// The result of checking: the graph if there was no error, and every diagnostic, sorted.
#[derive(Debug)]
pub struct Checked {
    pub graph: Option<Graph>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }
}

pub fn check(loaded: Loaded) -> Checked {
    let Loaded {
        sources,
        documents,
        diagnostics,
    } = loaded;
    let mut checker = Checker {
        diagnostics,
        ..Checker::default()
    };
    let mut flows = Vec::new();
    for (_, document) in documents {
        match document {
            Document::Facts(facts) => checker.facts(facts),
            Document::Flow(flow) => flows.push(*flow),
        }
    }
    let flows = checker.unique_flows(flows, &sources);
    if flows.is_empty() && checker.diagnostics.is_empty() {
        checker.diagnostics.push(
            Diagnostic::global(Code::NoTrees, "no flow was found")
                .help("a flow is a `.ron` file holding `Flow(...)`; see trees/README.md"),
        );
    }
    let callees = Ids::new(flows.iter().map(|f| f.id.value.as_str()), FlowId);
    let resolved: Vec<Resolved> = flows
        .iter()
        .map(|flow| checker.flow(flow, &callees, &sources))
        .collect();
    analysis::call_cycles(&resolved, &mut checker.diagnostics);
    for flow in &resolved {
        analysis::reachability(flow, &mut checker.diagnostics);
        analysis::traps(flow, &mut checker.diagnostics);
        analysis::fact_loops(flow, &mut checker.diagnostics);
    }
    for raw in &flows {
        checker.scenarios(raw, &resolved);
    }
    let mut diagnostics = checker.diagnostics;
    diagnostic::sort(&mut diagnostics, &sources);
    let has_errors = diagnostics.iter().any(|d| d.severity() == Severity::Error);
    let graph = (!has_errors).then(|| Graph {
        flows: resolved.into_iter().map(Resolved::into_flow).collect(),
        facts: checker.facts,
        revision: revision(&sources),
    });
    Checked {
        graph,
        diagnostics,
        sources,
    }
}

/// A flow whose references are resolved where possible (`None`: reported as broken).
pub(crate) struct Resolved {
    pub flow: Flow,
    /// Per node: outgoing references that resolved, and whether one did not.
    pub broken: Vec<bool>,
    pub start_ok: bool,
    /// Call sites: (node, callee, span of the `flow` value).
    pub calls: Vec<(NodeId, FlowId, Span)>,
}

impl Resolved {
    fn into_flow(self) -> Flow {
        self.flow
    }
}

/// The ids a reference may name (the nodes of one flow, or the flows), the first of each
/// id winning, with a vocabulary for "did you mean ...?".
struct Ids<'a, T> {
    index: HashMap<&'a str, T>,
    vocabulary: Vocabulary<'a>,
}

impl<'a, T: Copy> Ids<'a, T> {
    fn new(ids: impl Iterator<Item = &'a str> + Clone, make: impl Fn(usize) -> T) -> Self {
        let mut index = HashMap::new();
        for (position, id) in ids.clone().enumerate() {
            index.entry(id).or_insert_with(|| make(position));
        }
        Ids {
            index,
            vocabulary: Vocabulary::new(ids),
        }
    }

    fn get(&self, id: &str) -> Option<T> {
        self.index.get(id).copied()
    }
}

/// The references out of the node being resolved. A broken one is reported, marks the
/// node broken and points back at the node itself, so the graph stays whole.
struct Targets<'r, 'a> {
    flow: &'a str,
    nodes: &'r Ids<'a, NodeId>,
    own: NodeId,
    broken: bool,
}

impl Targets<'_, '_> {
    fn resolve(
        &mut self,
        checker: &mut Checker,
        reference: &Located<String>,
        field: &str,
    ) -> NodeId {
        checker
            .node_reference(self.flow, self.nodes, reference, field)
            .unwrap_or_else(|| {
                self.broken = true;
                self.own
            })
    }
}

/// A step's answer as written: the node it leads to, and its label if not the default.
type Answer<'r> = (&'r Located<String>, &'r Option<Located<String>>);

#[derive(Default)]
struct Checker {
    diagnostics: Vec<Diagnostic>,
    facts: Vec<Fact>,
}

impl Checker {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Empty text and terminal control characters.
    fn text(&mut self, text: &Located<String>, what: &str) {
        if text.value.trim().is_empty() {
            self.push(
                Diagnostic::new(Code::EmptyText, text.span, format!("{what} is empty")).help(
                    format!("write {what}, or remove the field if it is optional"),
                ),
            );
        }
        if let Some(c) = text.value.chars().find(|c| c.is_control() && *c != '\n') {
            self.push(
                Diagnostic::new(
                    Code::ControlCharacter,
                    text.span,
                    format!("{what} holds the control character {:?}", c),
                )
                .label("terminal control characters can rewrite the user's screen")
                .help("remove it; colours and layout are the front end's job"),
            );
        }
    }

    fn facts(&mut self, raw: RawFacts) {
        for (id, fact) in raw.facts.0 {
            self.text(&id, "a fact id");
            self.text(&fact.name, "the fact's name");
            self.text(&fact.question, "the fact's question");
            if self.facts.iter().any(|f| f.id == id.value) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateFact,
                        id.span,
                        format!("fact `{}` is declared twice", id.value),
                    )
                    .help("declare each fact once"),
                );
                continue;
            }
            if fact.values.0.is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::NoChoices,
                        id.span,
                        format!("fact `{}` declares no values", id.value),
                    )
                    .help("add `values: {\"<id>\": \"<label>\"}`, one for each answer its questions offer"),
                );
            }
            let values = self.fact_values(&id.value, fact.values);
            self.facts.push(Fact {
                id: id.value,
                name: fact.name.value,
                question: fact.question.value,
                values,
            });
        }
    }

    fn fact_values(&mut self, fact: &str, raw: Entries<Located<String>>) -> Vec<(String, String)> {
        let mut values: Vec<(String, String)> = Vec::new();
        for (value, label) in raw.0 {
            self.text(&value, "a fact value");
            self.text(&label, "the value's label");
            if values.iter().any(|(v, _)| *v == value.value) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateFact,
                        value.span,
                        format!("fact `{fact}` declares value `{}` twice", value.value),
                    )
                    .help("give each value once"),
                );
                continue;
            }
            values.push((value.value, label.value));
        }
        values
    }

    fn unique_flows(
        &mut self,
        flows: Vec<Located<RawFlow>>,
        sources: &Sources,
    ) -> Vec<Located<RawFlow>> {
        let mut unique: Vec<Located<RawFlow>> = Vec::new();
        let mut firsts: HashMap<String, Span> = HashMap::new();
        for flow in flows {
            if let Some(first) = firsts.get(&flow.id.value) {
                let place = sources.get(first.file);
                let at = place.position(first.start);
                self.push(
                    Diagnostic::new(
                        Code::DuplicateFlow,
                        flow.id.span,
                        format!("flow `{}` is defined twice", flow.id.value),
                    )
                    .label("second definition")
                    .help(format!(
                        "the first is at {}:{}:{}; rename one of them",
                        place.path,
                        at.line + 1,
                        at.column + 1
                    )),
                );
            } else {
                firsts.insert(flow.id.value.clone(), flow.id.span);
                unique.push(flow);
            }
        }
        unique
    }

    fn flow(
        &mut self,
        raw: &Located<RawFlow>,
        callees: &Ids<FlowId>,
        sources: &Sources,
    ) -> Resolved {
        self.flow_fields(raw);
        let ids = self.node_ids(raw);
        let start = self.node_reference(&raw.id.value, &ids, &raw.start, "start");
        let mut nodes = Vec::new();
        let mut broken = Vec::new();
        let mut calls = Vec::new();
        for (position, (key, node)) in raw.nodes.0.iter().enumerate() {
            let mut targets = Targets {
                flow: &raw.id.value,
                nodes: &ids,
                own: NodeId(position),
                broken: false,
            };
            let kind = self.node(key, node, callees, &mut targets, &mut calls);
            nodes.push(Node {
                id: key.value.clone(),
                kind,
                span: key.span,
            });
            broken.push(targets.broken);
        }
        Resolved {
            flow: Flow {
                id: raw.id.value.clone(),
                title: raw.title.value.clone(),
                category: raw.category.value.clone(),
                symptoms: raw.symptoms.iter().map(|s| s.value.clone()).collect(),
                start: start.unwrap_or(NodeId(0)),
                nodes,
                scenarios: scenarios_of(raw),
                file: sources.get(raw.span.file).path.clone(),
                span: raw.span,
            },
            broken,
            start_ok: start.is_some(),
            calls,
        }
    }

    /// The flow's own texts, and whether it has scenarios.
    fn flow_fields(&mut self, raw: &RawFlow) {
        self.text(&raw.id, "the flow id");
        self.text(&raw.title, "the title");
        self.text(&raw.category, "the category");
        for symptom in &raw.symptoms {
            self.text(symptom, "a symptom");
        }
        if raw.scenarios.is_empty() {
            self.push(
                Diagnostic::new(Code::NoScenarios, raw.id.span, format!("flow `{}` has no scenarios", raw.id.value))
                    .help("add `scenarios: [(name: \"...\", answers: [...], expect: \"<end node>\")]` so `watchfix test` can check it"),
            );
        }
    }

    /// One node, its references resolved through `targets`; a call site that resolved is
    /// added to `calls`.
    fn node(
        &mut self,
        key: &Located<String>,
        node: &RawNode,
        callees: &Ids<FlowId>,
        targets: &mut Targets,
        calls: &mut Vec<(NodeId, FlowId, Span)>,
    ) -> NodeKind {
        match node {
            RawNode::Ask {
                fact,
                text,
                choices,
            } => self.ask(key, fact.as_ref(), text, choices, targets),
            RawNode::Step {
                text,
                source,
                fixed,
                not_fixed,
                fixed_label,
                not_fixed_label,
            } => self.step(
                key,
                text,
                source.as_ref(),
                (fixed, fixed_label),
                (not_fixed, not_fixed_label),
                targets,
            ),
            RawNode::Call { flow, then } => {
                let then = targets.resolve(self, then, "then");
                let callee = self.callee(flow, callees);
                match callee {
                    Some(callee) => calls.push((targets.own, callee, flow.span)),
                    None => targets.broken = true,
                }
                NodeKind::Call {
                    flow: callee.unwrap_or(FlowId(0)),
                    then,
                }
            }
            RawNode::End { outcome, text } => {
                self.text(text, "the end's text");
                NodeKind::End {
                    outcome: outcome_of(*outcome),
                    text: text.value.clone(),
                }
            }
        }
    }

    /// The flow's node ids; a repeated one is reported (a RON map would keep only one).
    fn node_ids<'a>(&mut self, raw: &'a RawFlow) -> Ids<'a, NodeId> {
        let mut seen = HashSet::new();
        for (key, _) in &raw.nodes.0 {
            self.text(key, "a node id");
            if !seen.insert(key.value.as_str()) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateNode,
                        key.span,
                        format!(
                            "node `{}` is defined twice in flow `{}`",
                            key.value, raw.id.value
                        ),
                    )
                    .label("second definition")
                    .help("rename one of them; a RON map keeps only one value per key"),
                );
            }
        }
        Ids::new(raw.nodes.0.iter().map(|(k, _)| k.value.as_str()), NodeId)
    }

    /// The node `reference` names; reported if none, with the closest id as a hint.
    fn node_reference(
        &mut self,
        flow: &str,
        nodes: &Ids<NodeId>,
        reference: &Located<String>,
        field: &str,
    ) -> Option<NodeId> {
        let found = nodes.get(&reference.value);
        if found.is_none() {
            let code = if field == "start" {
                Code::MissingStart
            } else {
                Code::UnknownNode
            };
            let d = Diagnostic::new(
                code,
                reference.span,
                format!("`{field}` names no node \"{}\"", reference.value),
            )
            .label(format!("no node `{}` in flow `{flow}`", reference.value));
            self.push(match nodes.vocabulary.closest(&reference.value) {
                Some(close) => d.help(format!("did you mean \"{close}\"?")),
                None => d.help(format!(
                    "add a node \"{}\" to `nodes`, or name an existing one",
                    reference.value
                )),
            });
        }
        found
    }

    /// The flow a `Call` names; reported if none.
    fn callee(&mut self, flow: &Located<String>, callees: &Ids<FlowId>) -> Option<FlowId> {
        let found = callees.get(&flow.value);
        if found.is_none() {
            let d = Diagnostic::new(
                Code::UnknownFlow,
                flow.span,
                format!("`flow` names no flow \"{}\"", flow.value),
            );
            self.push(match callees.vocabulary.closest(&flow.value) {
                Some(close) => d.help(format!("did you mean \"{close}\"?")),
                None => d.help("name the `id` of an existing flow"),
            });
        }
        found
    }

    fn ask(
        &mut self,
        key: &Located<String>,
        fact: Option<&Located<String>>,
        text: &Located<String>,
        choices: &[RawChoice],
        targets: &mut Targets,
    ) -> NodeKind {
        self.text(text, "the question's text");
        if choices.is_empty() {
            self.push(
                Diagnostic::new(
                    Code::NoChoices,
                    key.span,
                    format!("question `{}` has no choices", key.value),
                )
                .help("add `choices: [(id: \"...\", label: \"...\", next: \"...\")]`"),
            );
            targets.broken = true;
        } else if choices.len() == 1 {
            self.push(
                Diagnostic::new(
                    Code::SingleChoice,
                    key.span,
                    format!("question `{}` has only one choice", key.value),
                )
                .help("add another choice, or make it a `Step`"),
            );
        }
        let mut resolved: Vec<Choice> = Vec::new();
        let mut ids = HashSet::new();
        for choice in choices {
            self.text(&choice.id, "a choice id");
            self.text(&choice.label, "a choice label");
            if !ids.insert(choice.id.value.as_str()) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateChoice,
                        choice.id.span,
                        format!(
                            "question `{}` has two choices `{}`",
                            key.value, choice.id.value
                        ),
                    )
                    .help("give each choice its own id"),
                );
            }
            resolved.push(Choice {
                id: choice.id.value.clone(),
                label: choice.label.value.clone(),
                next: targets.resolve(self, &choice.next, "next"),
            });
        }
        if let Some(fact) = fact {
            self.fact_question(fact, choices.iter().map(|c| &c.id));
        }
        NodeKind::Ask {
            text: text.value.clone(),
            fact: fact.map(|f| f.value.clone()),
            choices: resolved,
        }
    }

    fn step(
        &mut self,
        key: &Located<String>,
        text: &Located<String>,
        source: Option<&Located<String>>,
        fixed: Answer,
        not_fixed: Answer,
        targets: &mut Targets,
    ) -> NodeKind {
        self.text(text, "the step's text");
        match source {
            Some(source) => self.text(source, "the source"),
            None => self.push(
                Diagnostic::new(
                    Code::NoSource,
                    key.span,
                    format!("step `{}` cites no FAQ question", key.value),
                )
                .help("add `source: \"<the FAQ question, word for word>\"`"),
            ),
        }
        let fixed = self.answer(fixed, FIXED, "fixed", "That fixed it", targets);
        let not_fixed = self.answer(
            not_fixed,
            NOT_FIXED,
            "not_fixed",
            "Still not working",
            targets,
        );
        NodeKind::Step {
            text: text.value.clone(),
            source: source.map(|s| s.value.clone()),
            choices: vec![fixed, not_fixed],
        }
    }

    /// A step's answer as the choice `id`, written in `field`.
    fn answer(
        &mut self,
        (next, label): Answer,
        id: &str,
        field: &str,
        default_label: &str,
        targets: &mut Targets,
    ) -> Choice {
        if let Some(label) = label {
            self.text(label, "an answer label");
        }
        Choice {
            id: id.into(),
            label: label
                .as_ref()
                .map_or(default_label, |l| &l.value)
                .to_string(),
            next: targets.resolve(self, next, field),
        }
    }

    /// A question recording `fact` must offer exactly the fact's values as its choices.
    fn fact_question<'a>(
        &mut self,
        fact: &Located<String>,
        choices: impl Iterator<Item = &'a Located<String>>,
    ) {
        let Some(declared) = self.facts.iter().find(|f| f.id == fact.value).cloned() else {
            self.unknown_fact(fact);
            return;
        };
        if declared.values.is_empty() {
            return; // reported with the declaration
        }
        let choices: Vec<&Located<String>> = choices.collect();
        for choice in &choices {
            if !declared.allows(&choice.value) {
                self.unknown_value(&declared, choice);
            }
        }
        for (value, _) in &declared.values {
            if !choices.iter().any(|c| c.value == *value) {
                self.push(
                    Diagnostic::new(
                        Code::MissingFactValue,
                        fact.span,
                        format!(
                            "this question records `{}` but offers no choice `{value}`",
                            declared.id
                        ),
                    )
                    .label("when the fact is known to be this value, the walk has nowhere to go")
                    .help(format!(
                        "add `(id: \"{value}\", label: \"...\", next: \"...\")` to the choices"
                    )),
                );
            }
        }
    }

    fn unknown_fact(&mut self, fact: &Located<String>) {
        let names: Vec<&str> = self.facts.iter().map(|f| f.id.as_str()).collect();
        let help = match diagnostic::closest(&fact.value, names.iter().copied()) {
            Some(close) => format!("did you mean \"{close}\"?"),
            None if names.is_empty() => "declare it in facts.ron".to_string(),
            None => format!(
                "declare it in facts.ron, or use one of: {}",
                names.join(", ")
            ),
        };
        self.push(
            Diagnostic::new(
                Code::UnknownFact,
                fact.span,
                format!("fact \"{}\" is not declared", fact.value),
            )
            .help(help),
        );
    }

    fn unknown_value(&mut self, fact: &Fact, value: &Located<String>) {
        let allowed = fact.value_ids();
        let help = match diagnostic::closest(&value.value, allowed.iter().copied()) {
            Some(close) => format!("did you mean \"{close}\"?"),
            None if allowed.is_empty() => {
                format!("`{}` declares no values; add them in facts.ron", fact.id)
            }
            None => format!("`{}` allows: {}", fact.id, allowed.join(", ")),
        };
        self.push(
            Diagnostic::new(
                Code::UnknownFactValue,
                value.span,
                format!("fact `{}` has no value \"{}\"", fact.id, value.value),
            )
            .help(help),
        );
    }

    fn scenarios(&mut self, raw: &RawFlow, all: &[Resolved]) {
        for scenario in &raw.scenarios {
            self.text(&scenario.name, "the scenario's name");
            self.scenario_facts(scenario);
            if scenario.expect.is_none() && scenario.outcome.is_none() {
                self.push(
                    Diagnostic::new(
                        Code::BadScenario,
                        scenario.name.span,
                        format!("scenario \"{}\" expects nothing", scenario.name.value),
                    )
                    .help("add `expect: \"<end node>\"` or `outcome: Resolved` (or both)"),
                );
            }
            if let Some(expect) = &scenario.expect {
                self.expectation(expect, &raw.id.value, all);
            }
        }
    }

    /// Each fact a scenario gives once, declared, with a value it allows.
    fn scenario_facts(&mut self, scenario: &RawScenario) {
        let mut given: HashMap<&str, &str> = HashMap::new();
        for (fact, value) in &scenario.facts.0 {
            if let Some(first) = given.insert(&fact.value, &value.value) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateFact,
                        fact.span,
                        format!(
                            "scenario \"{}\" gives fact `{}` twice",
                            scenario.name.value, fact.value
                        ),
                    )
                    .label(format!("already given as \"{first}\""))
                    .help("give each fact once"),
                );
                continue;
            }
            match self.facts.iter().find(|f| f.id == fact.value).cloned() {
                // A fact without values is reported with its declaration.
                Some(declared) if !declared.values.is_empty() && !declared.allows(&value.value) => {
                    self.unknown_value(&declared, value)
                }
                Some(_) => {}
                None => self.unknown_fact(fact),
            }
        }
    }

    /// A scenario's `expect` must name an `End`, in its flow or (`flow/node`) another.
    fn expectation(&mut self, expect: &Located<String>, own_flow: &str, all: &[Resolved]) {
        let (flow_id, node_id) = split_expect(&expect.value, own_flow);
        let target = all.iter().find(|f| f.flow.id == flow_id);
        let node = target.and_then(|f| f.flow.node_by_id(node_id).map(|n| f.flow.node(n)));
        match node {
            Some(Node {
                kind: NodeKind::End { .. },
                ..
            }) => {}
            Some(_) => self.push(
                Diagnostic::new(
                    Code::BadScenario,
                    expect.span,
                    format!("`expect` names `{}`, which is not an `End`", expect.value),
                )
                .help("a walk can only finish at an `End` node"),
            ),
            None => {
                let ends: Vec<&str> = target
                    .map(|f| {
                        f.flow
                            .nodes
                            .iter()
                            .filter(|n| matches!(n.kind, NodeKind::End { .. }))
                            .map(|n| n.id.as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                let help = match diagnostic::closest(node_id, ends.iter().copied()) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None if ends.is_empty() => {
                        "name an end node, or `flow/node` for an end inside a subflow".to_string()
                    }
                    None => format!("the ends are: {}", ends.join(", ")),
                };
                self.push(
                    Diagnostic::new(
                        Code::BadScenario,
                        expect.span,
                        format!("`expect` names no end \"{}\"", expect.value),
                    )
                    .help(help),
                );
            }
        }
    }
}

/// A short fingerprint of every file's text (FNV-1a, 64 bits): tells a saved
/// session or a support ticket exactly which trees were walked.
fn revision(sources: &Sources) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (_, file) in sources.iter() {
        for byte in file.text.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// `"node"` or `"flow/node"`.
pub(crate) fn split_expect<'a>(expect: &'a str, own_flow: &'a str) -> (&'a str, &'a str) {
    expect.split_once('/').unwrap_or((own_flow, expect))
}

pub(crate) fn scenarios_of(raw: &RawFlow) -> Vec<Scenario> {
    raw.scenarios
        .iter()
        .map(|s| Scenario {
            name: s.name.value.clone(),
            facts: s
                .facts
                .0
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value.clone()))
                .collect(),
            answers: s.answers.iter().map(|a| a.value.clone()).collect(),
            expect: s.expect.as_ref().map(|e| {
                let (flow, node) = split_expect(&e.value, &raw.id.value);
                (flow.to_string(), node.to_string())
            }),
            outcome: s.outcome.map(outcome_of),
            span: s.span,
        })
        .collect()
}

fn outcome_of(raw: RawOutcome) -> Outcome {
    match raw {
        RawOutcome::Resolved => Outcome::Resolved,
        RawOutcome::Escalate => Outcome::Escalate,
        RawOutcome::Info => Outcome::Info,
    }
}
