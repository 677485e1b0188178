//! `watchfix mcp` through a real MCP client: rmcp's own client starts the binary and speaks
//! JSON-RPC to it over its stdin and stdout, as an agent's host would. One raw test writes
//! the JSON-RPC lines by hand, to check that stdout carries nothing else and that malformed
//! input does not bring the server down.
#![cfg(feature = "mcp")]

mod common;

use std::collections::BTreeSet;
use std::process::Stdio;

use rmcp::model::{
    ArgumentInfo, CallToolRequestParams, CallToolResult, CompleteRequestParams,
    GetPromptRequestParams, ReadResourceRequestParams, Reference,
};
use rmcp::service::RunningService;
use rmcp::transport::TokioChildProcess;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};

use common::{Sandbox, Test};

const TOOLS: [&str; 10] = [
    "answer",
    "back",
    "current_node",
    "find_flow",
    "flow_outline",
    "handoff",
    "list_flows",
    "restart",
    "start_walk",
    "walk_summary",
];

/// The tools that only read: every other tool changes a walk.
const READS: [&str; 6] = [
    "current_node",
    "find_flow",
    "flow_outline",
    "handoff",
    "list_flows",
    "walk_summary",
];

/// The keys of a node result: the `step` shape and the session.
const NODE_KEYS: [&str; 11] = [
    "choices", "facts", "flow", "kind", "node", "outcome", "session", "sources", "text", "title",
    "trail",
];

type Client = RunningService<RoleClient, ()>;

/// Starts `watchfix mcp` on the built-in trees, in a sandbox that must outlive the
/// client, and connects to it.
async fn connect() -> (Client, Sandbox) {
    connect_with(Sandbox::new(), &[]).await
}

async fn connect_with(sandbox: Sandbox, args: &[&str]) -> (Client, Sandbox) {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_watchfix"));
    for key in common::CLEARED {
        command.env_remove(key);
    }
    command
        .arg("mcp")
        .args(args)
        .envs(sandbox.vars())
        .current_dir(sandbox.path());
    let (transport, _) = TokioChildProcess::builder(command)
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let client = ().serve(transport).await.expect("the MCP handshake succeeds");
    (client, sandbox)
}

async fn call(client: &Client, tool: &'static str, arguments: Value) -> CallToolResult {
    let Value::Object(arguments) = arguments else {
        panic!("arguments are an object")
    };
    client
        .call_tool(CallToolRequestParams::new(tool).with_arguments(arguments))
        .await
        .unwrap_or_else(|e| panic!("{tool} answers: {e}"))
}

fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The structured content of a successful result, which must equal its JSON text.
fn ok(result: CallToolResult) -> Value {
    assert_eq!(result.is_error, Some(false), "{}", text(&result));
    let value = result
        .structured_content
        .clone()
        .expect("structured content");
    // Documents (a summary, an outline) are their Markdown as text; JSON results are JSON.
    if value.get("summary").is_none() && value.get("outline").is_none() {
        let parsed: Value = serde_json::from_str(&text(&result)).expect("the text is JSON");
        assert_eq!(parsed, value);
    }
    value
}

/// The message of a tool error, after checking its error object.
fn refused(result: CallToolResult, kind: &str) -> String {
    assert_eq!(result.is_error, Some(true), "{}", text(&result));
    let error = &result.structured_content.as_ref().expect("an error object")["error"];
    assert_eq!(error["kind"], kind, "{error}");
    let message = text(&result);
    assert_eq!(error["message"], message.as_str());
    message
}

fn node_keys(node: &Value) -> BTreeSet<String> {
    node.as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect()
}

fn choice_ids(node: &Value) -> Vec<String> {
    node["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .map(|c| c["id"].as_str().expect("an id").to_string())
        .collect()
}

async fn start(client: &Client, flow: &str) -> Value {
    ok(call(client, "start_walk", json!({ "flow": flow })).await)
}

async fn answer(client: &Client, node: &Value, choice: &str) -> Value {
    ok(call(
        client,
        "answer",
        json!({ "session": node["session"], "choice": choice }),
    )
    .await)
}

/// Answers from `node` on, always the first or always the last choice, until an end.
async fn walk_to_end(client: &Client, mut node: Value, last: bool) -> Value {
    for _ in 0..100 {
        if node["kind"] == "end" {
            return node;
        }
        let choices = choice_ids(&node);
        let choice = if last {
            choices.last()
        } else {
            choices.first()
        };
        node = answer(client, &node, choice.expect("a choice")).await;
    }
    panic!("no end after 100 answers: {node}");
}

/// `watchfix step` for the same walk, to compare shapes with.
fn step(args: &[&str]) -> Value {
    Test::new()
        .args(["step"])
        .args(args)
        .stdout_json()
        .run()
        .json()
}

fn flow_ids() -> Vec<String> {
    let list = Test::new()
        .args(["list", "--json"])
        .stdout_json()
        .run()
        .json();
    list.as_array()
        .expect("an array")
        .iter()
        .map(|f| f["id"].as_str().expect("an id").to_string())
        .collect()
}

#[tokio::test]
async fn lists_the_tools_each_with_a_title_a_description_hints_and_schemas() {
    let (client, _sandbox) = connect().await;
    let tools = client.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, TOOLS);
    for tool in &tools {
        assert!(
            tool.description.as_ref().is_some_and(|d| d.len() > 60),
            "{} needs a description an LLM can act on",
            tool.name
        );
        assert_eq!(tool.input_schema.get("type"), Some(&json!("object")));
    }
    let schema = |name: &str| {
        let tool = tools.iter().find(|t| t.name == name).unwrap();
        Value::Object((*tool.input_schema).clone())
    };
    for tool in &tools {
        let name = tool.name.as_ref();
        assert!(
            tool.title.as_ref().is_some_and(|t| !t.is_empty()),
            "{name}: a title"
        );
        let hints = tool.annotations.as_ref().expect("annotations");
        let read = READS.contains(&name);
        assert_eq!(hints.read_only_hint, Some(read), "{name}");
        assert_eq!(hints.open_world_hint, Some(false), "{name}");
        assert!(hints.destructive_hint.is_some(), "{name}");
        assert!(hints.idempotent_hint.is_some(), "{name}");
        let output = tool.output_schema.as_ref().expect("an output schema");
        assert_eq!(output.get("type"), Some(&json!("object")), "{name}");
        assert_eq!(output["anyOf"].as_array().map(Vec::len), Some(2), "{name}");
    }
    let hint = |name: &str| {
        tools
            .iter()
            .find(|t| t.name == name)
            .unwrap()
            .annotations
            .clone()
            .unwrap()
    };
    assert_eq!(hint("start_walk").destructive_hint, Some(false));
    assert_eq!(hint("answer").destructive_hint, Some(false));
    assert_eq!(hint("restart").idempotent_hint, Some(true));
    assert_eq!(schema("start_walk")["required"], json!(["flow"]));
    // The valid values are in the schema: the flow ids, and each fact with its values.
    let mut flows = flow_ids();
    flows.sort();
    assert_eq!(
        schema("start_walk")["properties"]["flow"]["enum"],
        json!(flows)
    );
    let facts = &schema("start_walk")["properties"]["facts"];
    assert_eq!(facts["type"], "object");
    assert_eq!(facts["additionalProperties"], false);
    assert_eq!(
        facts["properties"]["phone_os"]["enum"],
        json!(["android", "ios"])
    );
    let description = tools
        .iter()
        .find(|t| t.name == "start_walk")
        .and_then(|t| t.description.clone())
        .unwrap();
    assert!(description.contains("1,000"), "{description}");
    assert_eq!(schema("answer")["required"], json!(["session", "choice"]));
    assert_eq!(schema("walk_summary")["required"], json!(["session"]));
    assert_eq!(schema("find_flow")["required"], json!(["symptom"]));
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn the_server_names_itself_and_explains_the_tools() {
    let (client, _sandbox) = connect().await;
    let info = client.peer_info().expect("the server introduced itself");
    assert_eq!(info.server_info.as_ref().unwrap().name, "watchfix");
    let instructions = info.instructions.as_deref().unwrap_or_default();
    for tool in ["find_flow", "start_walk", "answer", "walk_summary"] {
        assert!(instructions.contains(tool), "{instructions}");
    }
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn list_flows_gives_every_flow_with_its_facts() {
    let (client, _sandbox) = connect().await;
    let listed = ok(call(&client, "list_flows", json!({})).await);
    let flows = listed["flows"].as_array().unwrap();
    let mut ids: Vec<String> = flows
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    let mut expected = flow_ids();
    expected.sort();
    assert_eq!(ids, expected);
    let pairing = flows.iter().find(|f| f["id"] == "pairing").unwrap();
    for key in ["title", "category", "symptoms", "facts"] {
        assert!(pairing.get(key).is_some(), "{key} in {pairing}");
    }
    let phone = pairing["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "phone_os")
        .expect("pairing may ask the phone");
    let values: Vec<&Value> = phone["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["id"])
        .collect();
    assert_eq!(values, [&json!("android"), &json!("ios")]);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn find_flow_ranks_the_flows_for_a_symptom() {
    let (client, _sandbox) = connect().await;
    let found = ok(call(
        &client,
        "find_flow",
        json!({ "symptom": "watch keeps disconnecting" }),
    )
    .await);
    assert_eq!(found["matches"][0]["id"], "pairing", "{found}");
    let score = found["matches"][0]["score"].as_f64().unwrap();
    assert!(score > 0.0 && score <= 1.0);
    let nothing = ok(call(&client, "find_flow", json!({ "symptom": "zzzz qqqq" })).await);
    assert_eq!(nothing["matches"], json!([]));
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn start_walk_returns_a_session_and_the_node_step_prints() {
    let (client, _sandbox) = connect().await;
    let node = start(&client, "pairing").await;
    assert_eq!(
        node_keys(&node),
        NODE_KEYS.iter().map(|k| k.to_string()).collect()
    );
    let session = node["session"].as_str().unwrap().to_string();
    // 128 random bits: `w` and 32 hex digits.
    assert_eq!(session.len(), 33, "{session}");
    assert!(
        session[1..].chars().all(|c| c.is_ascii_hexdigit()),
        "{session}"
    );
    let mut without_session = node.clone();
    without_session.as_object_mut().unwrap().remove("session");
    assert_eq!(without_session, step(&["pairing"]));

    let with_fact = ok(call(
        &client,
        "start_walk",
        json!({ "flow": "pairing", "facts": { "phone_os": "ios" } }),
    )
    .await);
    assert_ne!(with_fact["session"], node["session"]);
    assert_eq!(with_fact["facts"], json!({ "phone_os": "ios" }));
    let mut without_session = with_fact.clone();
    without_session.as_object_mut().unwrap().remove("session");
    assert_eq!(
        without_session,
        step(&["pairing", "--fact", "phone_os=ios"])
    );
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn start_walk_refuses_unknown_flows_and_facts_listing_the_valid_ones() {
    let (client, _sandbox) = connect().await;
    let message = refused(
        call(&client, "start_walk", json!({ "flow": "pairng" })).await,
        "unknown_flow",
    );
    assert!(message.contains("did you mean `pairing`"), "{message}");
    for flow in flow_ids() {
        assert!(message.contains(&flow), "{flow} in {message}");
    }
    let message = refused(
        call(
            &client,
            "start_walk",
            json!({ "flow": "pairing", "facts": { "os": "ios" } }),
        )
        .await,
        "unknown_fact",
    );
    assert!(message.contains("phone_os"), "{message}");
    let message = refused(
        call(
            &client,
            "start_walk",
            json!({ "flow": "pairing", "facts": { "phone_os": "nokia" } }),
        )
        .await,
        "unknown_fact_value",
    );
    assert!(
        message.contains("android") && message.contains("ios"),
        "{message}"
    );
    // A call without its required argument is refused too, and the server carries on.
    let missing = client
        .call_tool(CallToolRequestParams::new("start_walk"))
        .await;
    assert!(
        missing.is_err() || missing.as_ref().unwrap().is_error == Some(true),
        "{missing:?}"
    );
    start(&client, "pairing").await;
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn answer_walks_to_an_end_and_then_refuses_more_answers() {
    let (client, _sandbox) = connect().await;
    let first = start(&client, "pairing").await;
    let end = walk_to_end(&client, first.clone(), false).await;
    assert_eq!(end["session"], first["session"]);
    assert_eq!(end["choices"], json!([]));
    assert!(["resolved", "info", "escalate"].contains(&end["outcome"].as_str().unwrap()));
    let message = refused(
        call(
            &client,
            "answer",
            json!({ "session": first["session"], "choice": "fixed" }),
        )
        .await,
        "walk_finished",
    );
    assert!(
        message.contains("walk_summary") && message.contains("back"),
        "{message}"
    );
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn a_bad_choice_is_refused_listing_the_choices_and_changes_nothing() {
    let (client, _sandbox) = connect().await;
    let first = start(&client, "pairing").await;
    let message = refused(
        call(
            &client,
            "answer",
            json!({ "session": first["session"], "choice": "maybe" }),
        )
        .await,
        "unknown_answer",
    );
    for id in choice_ids(&first) {
        assert!(message.contains(&id), "{id} in {message}");
    }
    assert!(
        message.contains(first["node"].as_str().unwrap()),
        "{message}"
    );
    // Still at the first node: the first choice is still the answer it takes.
    let id = &choice_ids(&first)[0];
    let next = answer(&client, &first, id).await;
    assert_eq!(next["trail"].as_array().unwrap().len(), 1);
    assert_eq!(next["trail"][0]["answer"], id.as_str());
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn a_choice_may_be_given_by_its_position() {
    let (client, _sandbox) = connect().await;
    let first = start(&client, "pairing").await;
    let by_text = answer(&client, &first, "2").await;
    let second = start(&client, "pairing").await;
    let by_number = ok(call(
        &client,
        "answer",
        json!({ "session": second["session"], "choice": 2 }),
    )
    .await);
    assert_eq!(by_text["node"], by_number["node"]);
    assert_eq!(
        by_text["trail"][0]["answer"],
        choice_ids(&first)[1].as_str()
    );
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn unknown_sessions_are_refused_by_every_tool_without_naming_the_open_ones() {
    let (client, _sandbox) = connect().await;
    let message = refused(
        call(&client, "back", json!({ "session": "w9" })).await,
        "unknown_session",
    );
    assert!(message.contains("no walk is open"), "{message}");
    let a = start(&client, "pairing").await;
    let b = start(&client, "sync").await;
    for (tool, arguments) in [
        ("answer", json!({ "session": "w9", "choice": "yes" })),
        ("back", json!({ "session": "w9" })),
        ("restart", json!({ "session": "w9" })),
        ("walk_summary", json!({ "session": "w9" })),
        ("current_node", json!({ "session": "w9" })),
        ("handoff", json!({ "session": "w9" })),
    ] {
        let message = refused(call(&client, tool, arguments).await, "unknown_session");
        for open in [&a["session"], &b["session"]] {
            assert!(
                !message.contains(open.as_str().unwrap()),
                "{tool}: {message}"
            );
        }
        assert!(message.contains("2 walks are open"), "{tool}: {message}");
        assert!(message.contains("start_walk"), "{tool}: {message}");
    }
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn two_interleaved_walks_keep_their_own_answers() {
    let (client, _sandbox) = connect().await;
    let a = start(&client, "pairing").await;
    let b = start(&client, "pairing").await;
    let c = start(&client, "sync").await;
    assert_ne!(a["session"], b["session"]);
    let a_choice = choice_ids(&a)[0].clone();
    let b_choice = choice_ids(&b).last().unwrap().clone();
    let a1 = answer(&client, &a, &a_choice).await;
    let b1 = answer(&client, &b, &b_choice).await;
    let c1 = answer(&client, &c, &choice_ids(&c)[0]).await;
    let a2 = answer(&client, &a1, &choice_ids(&a1)[0]).await;
    assert_eq!(a2["trail"].as_array().unwrap().len(), 2);
    assert_eq!(a2["trail"][0]["answer"], a_choice.as_str());
    assert_eq!(b1["trail"].as_array().unwrap().len(), 1);
    assert_eq!(b1["trail"][0]["answer"], b_choice.as_str());
    assert_eq!(c1["flow"], "sync");
    // Going back in one walk leaves the others where they are.
    let b0 = ok(call(&client, "back", json!({ "session": b["session"] })).await);
    assert_eq!(b0["node"], b["node"]);
    let a_summary = ok(call(&client, "walk_summary", json!({ "session": a["session"] })).await);
    assert_eq!(a_summary["trail"], a2["trail"]);
    let b_summary = ok(call(&client, "walk_summary", json!({ "session": b["session"] })).await);
    assert_eq!(b_summary["trail"], json!([]));
    let a3 = walk_to_end(&client, a2, false).await;
    let b2 = walk_to_end(&client, b0, true).await;
    assert_eq!(a3["session"], a["session"]);
    assert_eq!(b2["session"], b["session"]);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn back_undoes_one_answer_and_restart_keeps_the_given_facts() {
    let (client, _sandbox) = connect().await;
    let first = ok(call(
        &client,
        "start_walk",
        json!({ "flow": "sync", "facts": { "phone_os": "android" } }),
    )
    .await);
    let session = json!({ "session": first["session"] });
    // Back at the first node changes nothing.
    let same = ok(call(&client, "back", session.clone()).await);
    assert_eq!(same, first);
    let second = answer(&client, &first, &choice_ids(&first)[0]).await;
    let third = answer(&client, &second, &choice_ids(&second)[0]).await;
    let back = ok(call(&client, "back", session.clone()).await);
    assert_eq!(back, second);
    answer(&client, &back, &choice_ids(&back)[0]).await;
    let restarted = ok(call(&client, "restart", session.clone()).await);
    assert_eq!(restarted, first);
    assert_eq!(restarted["facts"], json!({ "phone_os": "android" }));
    assert_ne!(third["trail"], restarted["trail"]);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn walk_summary_is_ready_for_a_ticket_at_any_point() {
    let (client, _sandbox) = connect().await;
    let first = start(&client, "pairing").await;
    let session = json!({ "session": first["session"] });
    let open = call(&client, "walk_summary", session.clone()).await;
    let summary = text(&open);
    let data = ok(open);
    assert_eq!(data["finished"], false);
    assert_eq!(data["outcome"], Value::Null);
    assert!(summary.contains("Stopped before the end"), "{summary}");

    let resolved = walk_to_end(&client, first.clone(), false).await;
    let done = call(&client, "walk_summary", session.clone()).await;
    let summary = text(&done);
    let data = ok(done);
    assert_eq!(data["finished"], true);
    assert_eq!(data["outcome"], resolved["outcome"]);
    assert_eq!(data["flow"], "pairing");
    assert_eq!(data["summary"], summary.as_str());
    assert!(summary.contains(resolved["title"].as_str().unwrap()));
    assert!(summary.contains("watchfix 0."), "signed: {summary}");
    for entry in resolved["trail"].as_array().unwrap() {
        let node = entry["node"].as_str().unwrap();
        assert!(
            data["trail"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["node"] == node),
            "{node} in {data}"
        );
    }

    // Always the last choice gives up: the summary is a message for customer support.
    let escalated = walk_to_end(&client, start(&client, "pairing").await, true).await;
    assert_eq!(escalated["outcome"], "escalate");
    let message = text(
        &call(
            &client,
            "walk_summary",
            json!({ "session": escalated["session"] }),
        )
        .await,
    );
    assert!(message.contains("KOSPET Customer Service"), "{message}");
    assert!(message.contains("What I already tried"), "{message}");
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn every_flow_is_a_resource_with_its_outline() {
    let (client, _sandbox) = connect().await;
    let resources = client.list_all_resources().await.unwrap();
    let mut uris: Vec<String> = resources.iter().map(|r| r.uri.clone()).collect();
    uris.sort();
    let mut expected: Vec<String> = flow_ids()
        .iter()
        .map(|id| format!("watchfix://flows/{id}"))
        .collect();
    expected.sort();
    assert_eq!(uris, expected);
    assert!(
        resources
            .iter()
            .all(|r| r.mime_type.as_deref() == Some("text/markdown"))
    );

    let read = client
        .read_resource(ReadResourceRequestParams::new("watchfix://flows/pairing"))
        .await
        .unwrap();
    let outline = match &read.contents[0] {
        rmcp::model::ResourceContents::TextResourceContents { text, .. } => text.clone(),
        other => panic!("text expected, got {other:?}"),
    };
    let graph = Test::new()
        .args(["graph", "pairing", "--format", "dot"])
        .stdout_contains("[shape=")
        .run()
        .stdout;
    // Every node the drawing has, the outline has too.
    for line in graph.lines().filter(|l| l.contains("[shape=")) {
        let id = line.trim().split('"').nth(1).unwrap();
        assert!(
            outline.contains(&format!("## `{id}`")),
            "{id} in\n{outline}"
        );
    }
    assert!(outline.contains("— end: escalate"), "{outline}");
    assert!(outline.contains("→"), "{outline}");

    let missing = client
        .read_resource(ReadResourceRequestParams::new("watchfix://flows/nope"))
        .await
        .expect_err("no such flow");
    assert!(
        missing.to_string().contains("watchfix://flows/pairing"),
        "{missing}"
    );
    let templates = client.list_all_resource_templates().await.unwrap();
    assert_eq!(templates[0].uri_template, "watchfix://flows/{flow}");
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn every_shipped_flow_walks_to_an_end_by_its_first_and_last_choices() {
    let (client, _sandbox) = connect().await;
    for flow in flow_ids() {
        for last in [false, true] {
            let end = walk_to_end(&client, start(&client, &flow).await, last).await;
            assert_eq!(end["kind"], "end", "{flow}");
            let summary = ok(call(
                &client,
                "walk_summary",
                json!({ "session": end["session"] }),
            )
            .await);
            assert_eq!(summary["outcome"], end["outcome"], "{flow}");
        }
    }
    client.cancel().await.unwrap();
}

#[test]
fn stdout_carries_only_json_rpc_and_bad_input_does_not_stop_the_server() {
    let requests = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#,
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        r#"this is not json"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"answer","arguments":{"choice":"yes"}}}"#,
        r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}"#,
        r#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"start_walk","arguments":{"flow":"pairing"}}}"#,
    ];
    let run = Test::new()
        .args(["mcp"])
        .stdin(&(requests.join("\n") + "\n"))
        .stdout_json_lines()
        .stderr_contains("watchfix mcp: serving ")
        .run();
    let mut answered = BTreeSet::new();
    for message in run.json_lines() {
        assert_eq!(message["jsonrpc"], "2.0", "{message}");
        if let Some(id) = message["id"].as_i64() {
            answered.insert(id);
        }
    }
    // The bad calls got answers, and the good call after them was still served.
    assert_eq!(answered, BTreeSet::from([1, 2, 3, 4]), "{}", run.stdout);
    let last = run.json_lines().into_iter().find(|m| m["id"] == 4).unwrap();
    assert_eq!(last["result"]["structuredContent"]["flow"], "pairing");
}

#[test]
fn invalid_trees_stop_the_server_before_it_serves() {
    // Nothing on stdout: a client would read anything there as JSON-RPC.
    Test::new()
        .tree("broken.ron", "Flow(id: \"broken\"")
        .args(["mcp"])
        .status(1)
        .stderr_contains("error[E0001]: Expected comma\n")
        .stderr_contains(
            "\nwatchfix: error: the trees are invalid (1 error, 0 warnings); \
             run `watchfix validate` for details\n",
        )
        .run();
}

#[tokio::test]
async fn current_node_reads_a_walk_without_changing_it() {
    let (client, _sandbox) = connect().await;
    let first = start(&client, "pairing").await;
    let session = json!({ "session": first["session"] });
    let read = ok(call(&client, "current_node", session.clone()).await);
    assert_eq!(read, first);
    let second = answer(&client, &first, &choice_ids(&first)[0]).await;
    for _ in 0..3 {
        assert_eq!(
            ok(call(&client, "current_node", session.clone()).await),
            second
        );
    }
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn a_handoff_carries_a_walk_to_another_start_walk() {
    let (client, _sandbox) = connect().await;
    let first = ok(call(
        &client,
        "start_walk",
        json!({ "flow": "pairing", "facts": { "phone_os": "ios" } }),
    )
    .await);
    let second = ok(call(
        &client,
        "answer",
        json!({
            "session": first["session"],
            "choice": choice_ids(&first)[0],
            "note": "the app says device not found",
        }),
    )
    .await);
    let document = ok(call(&client, "handoff", json!({ "session": first["session"] })).await);
    assert_eq!(document["format"], "watchfix-handoff");
    assert_eq!(document["flow"], "pairing");
    assert_eq!(document["facts"], json!({ "phone_os": "ios" }));
    assert_eq!(document["answers"][0]["by"], "agent");
    assert_eq!(
        document["answers"][0]["note"],
        "the app says device not found"
    );
    assert!(
        document["answers"][0]["at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    assert_eq!(document["at"]["node"], second["node"]);

    let continued = ok(call(
        &client,
        "start_walk",
        json!({ "flow": "pairing", "handoff": document }),
    )
    .await);
    assert_ne!(continued["session"], first["session"]);
    assert_eq!(continued["node"], second["node"]);
    assert_eq!(continued["trail"], second["trail"]);
    assert_eq!(continued["facts"], second["facts"]);

    let message = refused(
        call(
            &client,
            "start_walk",
            json!({ "flow": "battery", "handoff": document }),
        )
        .await,
        "bad_handoff",
    );
    assert!(message.contains("pairing"), "{message}");
    refused(
        call(
            &client,
            "start_walk",
            json!({ "flow": "pairing", "handoff": document, "facts": { "phone_os": "ios" } }),
        )
        .await,
        "invalid_argument",
    );
    refused(
        call(
            &client,
            "start_walk",
            json!({ "flow": "pairing", "handoff": { "format": "something-else" } }),
        )
        .await,
        "bad_handoff",
    );
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn a_note_that_cannot_be_kept_leaves_the_answer_ungiven() {
    let (client, _sandbox) = connect().await;
    let first = start(&client, "pairing").await;
    refused(
        call(
            &client,
            "answer",
            json!({ "session": first["session"], "choice": "1", "note": "x".repeat(501) }),
        )
        .await,
        "invalid_note",
    );
    let still = ok(call(
        &client,
        "current_node",
        json!({ "session": first["session"] }),
    )
    .await);
    assert_eq!(still, first);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn find_flow_says_what_matched_and_how_far_to_trust_it() {
    let (client, _sandbox) = connect().await;
    let found = ok(call(
        &client,
        "find_flow",
        json!({ "symptom": "my watch keeps disconnecting" }),
    )
    .await);
    let best = &found["matches"][0];
    assert_eq!(best["id"], "pairing", "{found}");
    assert_eq!(best["confidence"], "high", "{found}");
    assert!(
        best["matched"].as_str().unwrap().contains("disconnect"),
        "{found}"
    );
    assert!(found["advice"].as_str().unwrap().contains("start_walk"));
    let nothing = ok(call(&client, "find_flow", json!({ "symptom": "zzzz qqqq" })).await);
    assert!(nothing["advice"].as_str().unwrap().contains("list_flows"));

    let huge = "my watch won't pair ".repeat(1000);
    let message = refused(
        call(&client, "find_flow", json!({ "symptom": huge })).await,
        "invalid_argument",
    );
    assert!(message.contains("at most 500"), "{message}");
    assert!(message.len() < 300, "the symptom is not echoed: {message}");
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn flow_outline_returns_what_the_resource_does() {
    let (client, _sandbox) = connect().await;
    let result = ok(call(&client, "flow_outline", json!({ "flow": "pairing" })).await);
    let read = client
        .read_resource(ReadResourceRequestParams::new("watchfix://flows/pairing"))
        .await
        .unwrap();
    let rmcp::model::ResourceContents::TextResourceContents { text, .. } = &read.contents[0] else {
        panic!("text expected")
    };
    assert_eq!(result["outline"], text.as_str());
    assert_eq!(result["uri"], "watchfix://flows/pairing");
    let first = call(&client, "start_walk", json!({ "flow": "pairing" })).await;
    let link = first
        .content
        .iter()
        .find_map(|c| c.as_resource_link())
        .expect("start_walk links the outline");
    assert_eq!(link.uri, "watchfix://flows/pairing");
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn the_prompts_guide_a_walk_and_write_a_ticket() {
    let (client, _sandbox) = connect().await;
    let prompts = client.list_all_prompts().await.unwrap();
    let names: BTreeSet<&str> = prompts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, BTreeSet::from(["troubleshoot", "write_ticket"]));

    let arguments = json!({ "symptom": "it keeps disconnecting", "facts": "phone_os=ios" });
    let prompt = client
        .get_prompt(
            GetPromptRequestParams::new("troubleshoot")
                .with_arguments(arguments.as_object().unwrap().clone()),
        )
        .await
        .unwrap();
    let text = serde_json::to_string(&prompt.messages).unwrap();
    for part in [
        "it keeps disconnecting",
        "find_flow",
        "never invent",
        "phone_os",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let bad = client
        .get_prompt(
            GetPromptRequestParams::new("troubleshoot").with_arguments(
                json!({ "symptom": "x", "facts": "phone_os=nokia" })
                    .as_object()
                    .unwrap()
                    .clone(),
            ),
        )
        .await;
    assert!(bad.is_err(), "{bad:?}");

    let first = start(&client, "pairing").await;
    let ticket = client
        .get_prompt(
            GetPromptRequestParams::new("write_ticket").with_arguments(
                json!({ "session": first["session"] })
                    .as_object()
                    .unwrap()
                    .clone(),
            ),
        )
        .await
        .unwrap();
    let text = serde_json::to_string(&ticket.messages).unwrap();
    assert!(text.contains("helpdesk ticket"), "{text}");
    assert!(text.contains(first["title"].as_str().unwrap()), "{text}");
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn flow_ids_and_facts_complete() {
    let (client, _sandbox) = connect().await;
    let flows = client
        .complete(CompleteRequestParams::new(
            Reference::for_resource("watchfix://flows/{flow}"),
            ArgumentInfo::new("flow", "pai"),
        ))
        .await
        .unwrap();
    assert_eq!(flows.completion.values, ["pairing"]);
    let facts = client
        .complete(CompleteRequestParams::new(
            Reference::for_prompt("troubleshoot"),
            ArgumentInfo::new("facts", "model=tank-m3, phone_os="),
        ))
        .await
        .unwrap();
    assert_eq!(
        facts.completion.values,
        [
            "model=tank-m3, phone_os=android",
            "model=tank-m3, phone_os=ios"
        ]
    );
    client.cancel().await.unwrap();
}

#[test]
fn a_client_that_hangs_up_before_initialize_is_not_an_error() {
    Test::new()
        .args(["mcp"])
        .stdin("")
        .stderr_contains("watchfix mcp: serving ")
        .run();
    // A discovery probe: `server/discover`, then the connection closes.
    let probe = r#"{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"probe","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}"#;
    let run = Test::new()
        .args(["mcp"])
        .stdin(&format!("{probe}\n"))
        .stdout_json_lines()
        .stderr_contains("watchfix mcp: serving ")
        .run();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert_eq!(run.json_lines()[0]["id"], 1, "{}", run.stdout);
}

#[test]
fn http_beyond_loopback_needs_a_token_file() {
    Test::new()
        .args(["mcp", "--http", "0.0.0.0:0"])
        .status(2)
        .stderr_contains("--token-file")
        .run();
    Test::new()
        .args(["mcp", "--token-file", "token"])
        .status(2)
        .stderr_contains("--http")
        .run();
}

/// One HTTP/1.1 request to a loopback server, with a timeout; the whole response.
fn http(address: &str, path: &str, headers: &str, body: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).expect("the server listens");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Accept: application/json, text/event-stream\r\n{headers}Content-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("a response");
    response
}

#[test]
fn http_serves_the_endpoint_on_loopback_behind_its_token() {
    use std::io::BufRead;
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path().join("token"), "a-token-of-some-length\n").unwrap();
    let mut server = sandbox
        .command()
        .args(["mcp", "--http", "127.0.0.1:0", "--token-file", "token"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    std::io::BufReader::new(server.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let Some(address) = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .map(String::from)
    else {
        server.kill().unwrap();
        panic!("no address in {line}");
    };
    let initialize = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#;
    let refused = http(&address, "/mcp", "", initialize);
    let served = http(
        &address,
        "/mcp",
        "Authorization: Bearer a-token-of-some-length\r\n",
        initialize,
    );
    let elsewhere = http(
        &address,
        "/other",
        "Authorization: Bearer a-token-of-some-length\r\n",
        "{}",
    );
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    assert!(served.starts_with("HTTP/1.1 200"), "{served}");
    assert!(served.contains(r#""name":"watchfix""#), "{served}");
    assert!(elsewhere.starts_with("HTTP/1.1 404"), "{elsewhere}");
}

/// A node result's trail holds the latest answers only, so a reply does not grow with the
/// walk; `earlier` counts the ones before, and the summary still has them all.
#[tokio::test]
async fn a_long_walk_replies_with_its_latest_answers() {
    let sandbox = Sandbox::new();
    let trees = sandbox.path().join("loop");
    std::fs::create_dir_all(&trees).unwrap();
    std::fs::write(
        trees.join("loop.ron"),
        r#"Flow(id: "loop", title: "Loop", category: "Bench", symptoms: ["loop"], start: "again",
  nodes: {
    "again": Ask(text: "Again?", choices: [
      (id: "again", label: "Again", next: "again"),
      (id: "stop", label: "Stop", next: "done"),
    ]),
    "done": End(outcome: Info, text: "Stopped."),
  },
  scenarios: [(name: "stops", answers: ["again", "stop"], expect: "done")])"#,
    )
    .unwrap();
    let trees = trees.to_string_lossy().into_owned();
    let (client, _sandbox) = connect_with(sandbox, &["--trees", &trees]).await;
    let mut node = start(&client, "loop").await;
    assert_eq!(node.get("earlier"), None);
    for _ in 0..25 {
        node = answer(&client, &node, "again").await;
    }
    assert_eq!(node["trail"].as_array().map(Vec::len), Some(20));
    assert_eq!(node["earlier"], 5);
    let summary = ok(call(
        &client,
        "walk_summary",
        json!({ "session": node["session"] }),
    )
    .await);
    assert_eq!(summary["trail"].as_array().map(Vec::len), Some(25));
    client.cancel().await.unwrap();
}
