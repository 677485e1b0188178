//! Nodes: each question offers a real choice, each step cites where it comes from.
//!
//! A question without choices strands the walk; one with a single choice asks for
//! nothing; two choices with one id cannot both be answered, since a walk, a scenario and
//! `step --answer` name a choice by its id. A step's `source` is the FAQ question it was
//! written from, which is what keeps the trees and the FAQ in step.

use std::collections::HashSet;

use crate::check::State;
use crate::diagnostic::Kind;
use crate::raw::RawNode;
use crate::source::Span;

pub(super) fn check(state: &mut State) {
    let src = &state.sources;
    let mut found: Vec<(Span, Kind)> = Vec::new();
    for (key, node) in state.flows.iter().flat_map(|f| &f.nodes.0) {
        let name = || key.read(src).to_string();
        match node {
            RawNode::Ask { choices, .. } => {
                match choices.len() {
                    0 => found.push((key.span, Kind::NoChoices { question: name() })),
                    1 => found.push((key.span, Kind::SingleChoice { question: name() })),
                    _ => {}
                }
                let mut ids = HashSet::new();
                for choice in choices {
                    if !ids.insert(choice.id.read(src)) {
                        let kind = Kind::DuplicateChoice {
                            question: name(),
                            choice: choice.id.read(src).to_string(),
                        };
                        found.push((choice.id.span, kind));
                    }
                }
            }
            RawNode::Step { source: None, .. } => {
                found.push((key.span, Kind::NoSource { step: name() }));
            }
            RawNode::Step { .. }
            | RawNode::Input { .. }
            | RawNode::Tell { .. }
            | RawNode::Call { .. }
            | RawNode::End { .. } => {}
        }
    }
    state.report(found);
}
