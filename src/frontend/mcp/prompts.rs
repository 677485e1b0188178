//! The prompts: how to drive a walk well (`troubleshoot`) and how to turn one into a
//! helpdesk ticket (`write_ticket`), and the completions of their arguments and of the
//! outline template's `{flow}`.
//!
//! A prompt is the method written down once, so that every agent a host starts relays the
//! flows the same careful way: one node at a time, in the caller's words, answers chosen
//! by the choices' labels, nothing invented, weak matches confirmed first.

use std::collections::HashMap;

use rmcp::ErrorData;
use rmcp::model::{
    CompleteRequestParams, CompleteResult, CompletionInfo, GetPromptRequestParams, GetPromptResult,
    Prompt, PromptArgument, PromptMessage, Reference, Role,
};

use watchfix::graph::Graph;
use watchfix::summary::Summary;
use watchfix::walk::{Facts, check_fact};

use super::{MAX_SYMPTOM, Server};
use watchfix::export::outline;

pub fn list() -> Vec<Prompt> {
    vec![
        Prompt::new(
            "troubleshoot",
            Some(
                "Walk a caller through fixing their smartwatch with the watchfix tools: find \
                 the flow for their symptom, start it with what is known, and relay it one \
                 node at a time.",
            ),
            Some(vec![
                PromptArgument::new("symptom")
                    .with_title("Symptom")
                    .with_description("The problem in the caller's own words")
                    .with_required(true),
                PromptArgument::new("facts")
                    .with_title("Known facts")
                    .with_description(
                        "What is already known about the phone and watch, as fact=value pairs \
                         separated by commas, such as phone_os=ios, model=tank-m3",
                    )
                    .with_required(false),
            ]),
        )
        .with_title("Troubleshoot a smartwatch with the caller"),
        Prompt::new(
            "write_ticket",
            Some(
                "Turn a walk into a helpdesk ticket: subject, device, what was tried with the \
                 caller's answers, the outcome and the next step, from walk_summary.",
            ),
            Some(vec![
                PromptArgument::new("session")
                    .with_title("Session")
                    .with_description("The session of the walk (from its latest result)")
                    .with_required(true),
            ]),
        )
        .with_title("Write a helpdesk ticket for a walk"),
    ]
}

pub fn get(server: &Server, request: GetPromptRequestParams) -> Result<GetPromptResult, ErrorData> {
    let arguments: HashMap<String, String> = request
        .arguments
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (k, v)
        })
        .collect();
    let argument = |name: &str| {
        arguments
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    };
    match request.name.as_str() {
        "troubleshoot" => {
            let symptom = argument("symptom").ok_or_else(|| {
                ErrorData::invalid_params(
                    "troubleshoot needs the symptom, in the caller's words",
                    None,
                )
            })?;
            if symptom.chars().count() > MAX_SYMPTOM {
                return Err(ErrorData::invalid_params(
                    format!(
                        "the symptom is longer than {MAX_SYMPTOM} characters; give it in a sentence"
                    ),
                    None,
                ));
            }
            let facts = parse_facts(server.graph(), argument("facts").unwrap_or_default())
                .map_err(|message| ErrorData::invalid_params(message, None))?;
            Ok(GetPromptResult::new(vec![PromptMessage::new_text(
                Role::User,
                troubleshoot(server.graph(), symptom, &facts),
            )])
            .with_description("How to walk this caller through a watchfix flow"))
        }
        "write_ticket" => {
            let session = argument("session").ok_or_else(|| {
                ErrorData::invalid_params("write_ticket needs the session of a walk", None)
            })?;
            let summary = server
                .read(session, |walk| Summary::of(walk).markdown())?
                .map_err(|refusal| {
                    let message = refusal
                        .content
                        .first()
                        .and_then(|c| c.as_text())
                        .map(|t| t.text.clone())
                        .unwrap_or_default();
                    ErrorData::invalid_params(message, None)
                })?;
            Ok(
                GetPromptResult::new(vec![PromptMessage::new_text(Role::User, ticket(&summary))])
                    .with_description("A helpdesk ticket for this walk"),
            )
        }
        other => Err(ErrorData::invalid_params(
            format!(
                "no prompt `{}`; the prompts are troubleshoot and write_ticket",
                watchfix::text::shown(&other.chars().take(60).collect::<String>())
            ),
            None,
        )),
    }
}

/// `phone_os=ios, model=tank-m3` (or a JSON object) as facts, each checked.
fn parse_facts(graph: &Graph, text: &str) -> Result<Facts, String> {
    let mut facts = Facts::new();
    if text.starts_with('{') {
        facts = serde_json::from_str(text).map_err(|e| {
            format!("facts: expected fact=value pairs or a JSON object of strings ({e})")
        })?;
    } else {
        for pair in text
            .split([',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (fact, value) = pair.split_once(['=', ':']).ok_or_else(|| {
                format!(
                    "facts: expected fact=value, such as phone_os=ios, not `{}`",
                    watchfix::text::shown(pair)
                )
            })?;
            facts.insert(fact.trim().to_string(), value.trim().to_string());
        }
    }
    for (fact, value) in &facts {
        check_fact(graph, fact, value).map_err(|e| format!("facts: {e}"))?;
    }
    Ok(facts)
}

fn troubleshoot(graph: &Graph, symptom: &str, facts: &Facts) -> String {
    let known = if facts.is_empty() {
        "Nothing is known yet about the caller's phone or watch.".to_string()
    } else {
        format!(
            "Already known (pass exactly this as start_walk's facts): {}.",
            serde_json::to_string(facts).unwrap_or_default()
        )
    };
    let declared: Vec<String> = graph
        .facts()
        .iter()
        .map(|f| format!("{} ({})", f.id, f.value_ids().join(", ")))
        .collect();
    format!(
        "A caller says: \"{symptom}\"\n{known}\n\n\
         Walk them through the fix with the watchfix tools:\n\
         1. Call find_flow with the caller's words. If the best match's confidence is \"low\", or \
         nothing matches, do not start a walk yet: ask the caller whether the problem is the \
         match's title, or ask them to say more. list_flows shows every flow.\n\
         2. Call start_walk with the flow and only the facts you know for certain ({facts}). \
         Never guess a fact; the walk asks for what it needs.\n\
         3. Relay one node at a time, in plain words the caller understands. Say what the node's \
         text says and nothing more: never invent steps, tips or fixes the flow does not give, \
         and do not read out ids.\n\
         4. A question: ask it and offer the choices by their labels. A step: ask the caller to \
         do it and to tell you whether it worked. Then call answer with the choice whose label \
         matches the reply (\"fixed\" or \"not-fixed\" for a step). If the reply fits no choice, \
         ask again instead of guessing. Add a short note with what the caller said when it adds \
         detail.\n\
         5. Always pass the session of the latest result. If the caller corrects an answer, \
         call back; to start over, restart. current_node shows where the walk stands without \
         changing it.\n\
         6. At an end, tell the caller the text. \"resolved\": the problem is fixed. \"info\": \
         the question is answered. \"escalate\": they need KOSPET Customer Service; call \
         walk_summary (or use the write_ticket prompt) and give them the message. To pass the \
         walk to a person or another agent, call handoff.",
        facts = declared.join("; ")
    )
}

fn ticket(summary: &str) -> String {
    format!(
        "Write a helpdesk ticket for this smartwatch troubleshooting walk, from its summary \
         below and nothing else:\n\
         - Subject: one line naming the watch (if known) and the problem.\n\
         - Device: the phone and watch facts the summary lists.\n\
         - Tried: each step in order with the caller's answer and any note.\n\
         - Outcome: fixed, answered, or not fixed; and the next step (after an escalation, \
         the caller contacts KOSPET Customer Service, and the ticket is their message).\n\
         Do not add steps that were not tried or facts the summary does not give.\n\n\
         ---\n{summary}"
    )
}

/// Completes prompt arguments and the outline template's `{flow}`, from the trees.
pub fn complete(graph: &Graph, request: &CompleteRequestParams) -> CompleteResult {
    let typed = request.argument.value.as_str();
    let values: Vec<String> = match (&request.r#ref, request.argument.name.as_str()) {
        (Reference::Resource(template), "flow") if template.uri == outline::template() => {
            starting(graph.flows().map(|(_, f)| f.id.clone()), typed)
        }
        (Reference::Prompt(prompt), "symptom") if prompt.name == "troubleshoot" => {
            let typed = typed.to_lowercase();
            let mut phrases: Vec<String> = graph
                .flows()
                .flat_map(|(_, f)| f.symptoms.iter().cloned())
                .filter(|s| s.to_lowercase().contains(typed.trim()))
                .collect();
            phrases.sort();
            phrases.dedup();
            phrases
        }
        (Reference::Prompt(prompt), "facts") if prompt.name == "troubleshoot" => {
            // Complete the last pair; keep what comes before it.
            let (before, last) = match typed.rfind(',') {
                Some(at) => (&typed[..=at], &typed[at + 1..]),
                None => ("", typed),
            };
            let space = if before.is_empty() { "" } else { " " };
            let pairs = graph.facts().iter().flat_map(|f| {
                f.values
                    .iter()
                    .map(move |(value, _)| format!("{}={value}", f.id))
            });
            starting(pairs, last.trim())
                .into_iter()
                .map(|pair| format!("{before}{space}{pair}"))
                .collect()
        }
        // Session ids are not offered: they are the callers' own.
        _ => Vec::new(),
    };
    let total = values.len();
    let shown: Vec<String> = values
        .into_iter()
        .take(CompletionInfo::MAX_VALUES)
        .collect();
    let has_more = total > shown.len();
    let mut info = CompletionInfo::new(shown).unwrap_or_default();
    info.total = u32::try_from(total).ok();
    info.has_more = Some(has_more);
    CompleteResult::new(info)
}

fn starting(candidates: impl Iterator<Item = String>, typed: &str) -> Vec<String> {
    let mut values: Vec<String> = candidates.filter(|c| c.starts_with(typed)).collect();
    values.sort();
    values
}
