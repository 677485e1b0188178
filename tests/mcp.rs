//! `watchfix mcp` through a real MCP client: rmcp's own client starts the binary and speaks
//! JSON-RPC to it over its stdin and stdout, as an agent's host would. One raw test writes
//! the JSON-RPC lines by hand, to check that stdout carries nothing else and that malformed
//! input does not bring the server down.
#![cfg(feature = "mcp")]

mod common;

use std::collections::BTreeSet;
use std::process::Stdio;

use rmcp::model::{CallToolRequestParams, CallToolResult, ReadResourceRequestParams};
use rmcp::service::RunningService;
use rmcp::transport::TokioChildProcess;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};

use common::{Sandbox, Test};

const TOOLS: [&str; 7] = [
    "answer",
    "back",
    "find_flow",
    "list_flows",
    "restart",
    "start_walk",
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
    let sandbox = Sandbox::new();
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_watchfix"));
    for key in common::CLEARED {
        command.env_remove(key);
    }
    command
        .arg("mcp")
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
    if value.get("summary").is_none() {
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
async fn lists_seven_tools_each_with_a_description_and_a_schema() {
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
    assert_eq!(schema("start_walk")["required"], json!(["flow"]));
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
    assert!(!session.is_empty() && session.len() <= 16, "{session}");
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
async fn unknown_sessions_are_refused_by_every_tool_listing_the_open_ones() {
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
    ] {
        let message = refused(call(&client, tool, arguments).await, "unknown_session");
        for open in [&a["session"], &b["session"]] {
            assert!(
                message.contains(open.as_str().unwrap()),
                "{tool}: {message}"
            );
        }
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
