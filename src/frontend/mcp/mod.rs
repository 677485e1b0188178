//! `watchfix mcp`: the flows as Model Context Protocol tools and resources, on stdio.
//!
//! Built on rmcp, the official Rust SDK. Every tool is a thin wrapper around [`Walk`]:
//! `start_walk` opens a session, `answer`, `back` and `restart` change its answers, and
//! each node comes back in the JSON shape of `watchfix step` with the `session` it belongs
//! to added in front. Bad input — an unknown session, flow, fact or choice — is a tool
//! result with `isError: true` whose message lists what would have been accepted, so an
//! agent can correct itself; nothing an agent sends can panic the server. stdout carries
//! nothing but JSON-RPC; the one line of logging goes to stderr.
//!
//! Each flow is also a resource, `watchfix://flows/<id>`: its outline as Markdown, so an
//! agent can read a whole flow before it starts one.

use watchfix::export::outline;
mod sessions;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use anyhow::Context;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, Implementation, ListResourceTemplatesResult, ListResourcesResult,
    PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult,
    Resource, ResourceContents, ResourceTemplate, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::json;

use crate::cli::Global;
use crate::error::Fail;
use crate::exit_code::ExitCode;
use crate::trees;
use watchfix::graph::Graph;
use watchfix::search;
use watchfix::summary::Summary;
use watchfix::walk::{Facts, Walk, WalkError};
use watchfix::wire::{
    self, ErrorKind, ErrorObject, FindResult, FlowList, Node, SessionNode, WalkSummary,
};

use sessions::{OpenWalk, Sessions};

/// What the server tells an agent when it connects.
const INSTRUCTIONS: &str = "\
watchfix walks a smartwatch owner through troubleshooting flows taken from the KOSPET FAQ, \
one node at a time.
1. Find the flow: find_flow with the caller's own words, or list_flows. To read a whole flow \
first, read the resource watchfix://flows/<flow id>.
2. start_walk with the flow id and the facts you already know (such as phone_os or model; \
list_flows gives each flow's facts and their allowed values). Keep the session id it returns.
3. Relay each node's text to the caller. kind \"question\": ask it, then call answer with the \
id of the choice that matches the reply. kind \"step\": have the caller do it, then answer \
\"fixed\" or \"not-fixed\". Only ever answer with an id from the node's choices.
4. kind \"end\": tell the caller the text. outcome \"resolved\" means fixed, \"info\" answered, \
\"escalate\" means the caller should contact KOSPET Customer Service: call walk_summary and give \
them the message it returns. Use back when the caller corrects an answer, restart to start over.";

/// Serves the flows over stdio until the client closes the connection.
pub fn serve(global: &Global) -> crate::error::Result<ExitCode> {
    let graph = trees::graph(global)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the MCP server")?;
    eprintln!(
        "watchfix mcp: serving {} flows to an MCP client on stdin/stdout; end with Ctrl-D",
        graph.flows().len()
    );
    let result = runtime.block_on(async {
        let service = Server::new(graph)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Fail::failure(format!("the MCP client did not connect: {e}")))?;
        service
            .waiting()
            .await
            .map_err(|e| Fail::failure(format!("the MCP server stopped: {e}")))?;
        Ok(ExitCode::Success)
    });
    // A read of stdin still pending must not hold the process open.
    runtime.shutdown_background();
    result
}

/// The MCP server: the checked graph and the walks open on it.
#[derive(Debug, Clone)]
pub struct Server {
    graph: Arc<Graph>,
    sessions: Arc<Mutex<Sessions>>,
    tool_router: ToolRouter<Server>,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct FindFlowArgs {
    /// The problem in the caller's own words, such as "my watch keeps disconnecting".
    #[serde(alias = "query", alias = "text")]
    pub symptom: String,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct StartWalkArgs {
    /// The flow id, from find_flow or list_flows, such as "pairing".
    #[serde(alias = "flow_id", alias = "id")]
    pub flow: String,
    /// Facts already known, fact id → value id, such as {"phone_os": "ios"}. Their questions are skipped, in subflows too. list_flows gives each flow's facts and values.
    #[serde(default)]
    pub facts: Option<Facts>,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct AnswerArgs {
    /// The session id start_walk returned.
    #[serde(alias = "session_id")]
    pub session: String,
    /// The id of one of the current node's choices, such as "yes" or "not-fixed" (its 1-based position in the choices is accepted too).
    #[serde(
        alias = "choice_id",
        alias = "answer",
        deserialize_with = "text_or_number"
    )]
    #[schemars(with = "String")]
    pub choice: String,
    /// A short note on this answer in the caller's words, such as "the app says device not found"; kept in the summary, never interpreted.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, rmcp::schemars::JsonSchema)]
#[schemars(crate = "rmcp::schemars")]
pub struct SessionArgs {
    /// The session id start_walk returned.
    #[serde(alias = "session_id")]
    pub session: String,
}

/// A choice given as a number (a position) is as good as its digits.
fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Answer {
        Text(String),
        Number(u64),
    }
    Ok(match Answer::deserialize(deserializer)? {
        Answer::Text(text) => text,
        Answer::Number(number) => number.to_string(),
    })
}

#[tool_router]
impl Server {
    pub fn new(graph: Graph) -> Server {
        Server {
            graph: Arc::new(graph),
            sessions: Arc::new(Mutex::new(Sessions::default())),
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "List every troubleshooting flow: its id, title, category and symptoms, \
        the facts a walk of it may ask (with their allowed values, which start_walk accepts), \
        the flows it runs, and its first node. Use it when find_flow finds nothing fitting.",
        annotations(read_only_hint = true)
    )]
    async fn list_flows(&self) -> Result<CallToolResult, ErrorData> {
        let mut entries = wire::flow_entries(&self.graph);
        entries.sort_by(|a, b| (&a.category, &a.id).cmp(&(&b.category, &b.id)));
        success(&FlowList { flows: entries })
    }

    #[tool(
        description = "Find the flows for a problem described in the caller's own words, such \
        as \"my watch keeps disconnecting\". Returns matches best first, each with id, title, \
        category and a score from 0 to 1; start the first with start_walk unless another fits \
        the caller better. An empty list means no flow matches: use list_flows.",
        annotations(read_only_hint = true)
    )]
    async fn find_flow(
        &self,
        Parameters(args): Parameters<FindFlowArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let matches = search::best(&self.graph, &args.symptom);
        success(&FindResult {
            symptom: &args.symptom,
            matches: wire::flow_matches(&matches),
        })
    }

    #[tool(
        description = "Start walking a flow. Give the facts you already know, such as \
        {\"phone_os\": \"ios\"}, and their questions are skipped. Returns the session id and \
        the first node: {session, flow, title, node, kind, text, choices, outcome, facts, trail, \
        sources}. kind \"question\": ask the caller the text, then call answer with the id of \
        the matching choice. kind \"step\": have the caller do it, then answer \"fixed\" or \
        \"not-fixed\". kind \"end\": the walk is over; outcome is resolved, info or escalate \
        (contact support), and walk_summary writes it up. Several walks may be open at once."
    )]
    async fn start_walk(
        &self,
        Parameters(args): Parameters<StartWalkArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let flow = match trees::find_flow(&self.graph, args.flow.trim()) {
            Ok(flow) => flow,
            Err((message, ids)) => return Ok(refuse(ErrorKind::UnknownFlow, message, &ids)),
        };
        let facts = args.facts.unwrap_or_default();
        let walk = match Walk::new(&self.graph, flow, facts.clone()) {
            Ok(walk) => walk,
            Err(error) => {
                return Ok(refuse((&error).into(), error.to_string(), error.expected()));
            }
        };
        let session = self.lock().open(flow, facts);
        node(&session, &walk)
    }

    #[tool(
        description = "Answer the node a walk stands at with the id of one of its choices, as \
        the caller replied (a step's choices are \"fixed\" and \"not-fixed\"). Returns the next \
        node, in the same shape as start_walk. An unknown session or choice is an error that \
        lists the valid ones."
    )]
    async fn answer(
        &self,
        Parameters(args): Parameters<AnswerArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.with_session(&args.session, |id, session| {
            let mut walk = session.walk(&self.graph).map_err(replay_failed)?;
            if let Err(error) = walk.answer(&args.choice) {
                return Ok(refuse_answer(id, &walk, error));
            }
            let note = args
                .note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty());
            if let Some(note) = note
                && let Err(error) = walk.note(note)
            {
                return Ok(refuse((&error).into(), error.to_string(), &[]));
            }
            let answer = walk.answers().last().cloned().unwrap_or_default();
            session.answers.push((answer, note.map(String::from)));
            node(id, &walk)
        })
    }

    #[tool(
        description = "Undo the last answer of a walk, when the caller corrects themselves. \
        Returns the node the walk stands at again (at the first node, that node, unchanged)."
    )]
    async fn back(
        &self,
        Parameters(args): Parameters<SessionArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.change_answers(&args.session, |answers| {
            answers.pop();
        })
    }

    #[tool(
        description = "Start a walk over from its first node, keeping the facts given to \
        start_walk. Returns the first node."
    )]
    async fn restart(
        &self,
        Parameters(args): Parameters<SessionArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.change_answers(&args.session, Vec::clear)
    }

    #[tool(
        description = "Write up a walk as Markdown ready to paste into a support ticket: the \
        flow, the known facts (phone, watch model), every step tried with the caller's answer, \
        and the outcome. After an escalate end it is a message ready to send to KOSPET \
        Customer Service. Works at any point of a walk.",
        annotations(read_only_hint = true)
    )]
    async fn walk_summary(
        &self,
        Parameters(args): Parameters<SessionArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.with_session(&args.session, |id, session| {
            let walk = session.walk(&self.graph).map_err(replay_failed)?;
            summary(id, &walk)
        })
    }
}

/// The walk written up for a ticket, as text and as structured content.
fn summary(id: &str, walk: &Walk) -> Result<CallToolResult, ErrorData> {
    let summary = Summary::of(walk);
    let text = summary.markdown();
    let mut result = CallToolResult::success(vec![ContentBlock::text(text.clone())]);
    let content = WalkSummary {
        session: id,
        flow: summary.flow,
        title: summary.title,
        finished: walk.is_finished(),
        outcome: walk.outcome(),
        facts: walk.facts().clone(),
        trail: wire::trail(walk),
        summary: text,
    };
    result.structured_content = Some(serde_json::to_value(&content).map_err(internal)?);
    Ok(result)
}

impl Server {
    /// Runs a tool on one walk; an unknown session id is a tool error listing the open ones.
    fn with_session(
        &self,
        session: &str,
        act: impl FnOnce(&str, &mut OpenWalk) -> Result<CallToolResult, ErrorData>,
    ) -> Result<CallToolResult, ErrorData> {
        let id = session.trim();
        let mut sessions = self.lock();
        match sessions.get(id) {
            Ok(session) => act(id, session),
            Err((message, ids)) => Ok(refuse(ErrorKind::UnknownSession, message, &ids)),
        }
    }

    /// Changes a walk's answers (undo one, or all) and returns the node it then stands at.
    fn change_answers(
        &self,
        session: &str,
        change: impl FnOnce(&mut Vec<(String, Option<String>)>),
    ) -> Result<CallToolResult, ErrorData> {
        self.with_session(session, |id, session| {
            change(&mut session.answers);
            let walk = session.walk(&self.graph).map_err(replay_failed)?;
            node(id, &walk)
        })
    }

    /// The sessions; a tool that panicked while holding them left them consistent, since
    /// each tool writes a session's answers only after its walk accepted them.
    fn lock(&self) -> MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn resources(&self) -> Vec<Resource> {
        self.graph
            .flows()
            .map(|(_, flow)| {
                Resource::new(outline::uri(flow), flow.id.clone())
                    .with_title(flow.title.clone())
                    .with_description(format!(
                        "Outline of the flow `{}` ({}): every node, its choices and where they \
                         lead. Symptoms: {}.",
                        flow.id,
                        flow.category,
                        flow.symptoms.join("; ")
                    ))
                    .with_mime_type("text/markdown")
            })
            .collect()
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(
            Implementation::new("watchfix", env!("CARGO_PKG_VERSION"))
                .with_title("watchfix: smartwatch troubleshooting flows"),
        )
        .with_instructions(INSTRUCTIONS)
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(self.resources()))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        let template = ResourceTemplate::new(format!("{}{{flow}}", outline::PREFIX), "flow")
            .with_title("A flow's outline")
            .with_description("The outline of a flow, by its id (see list_flows)")
            .with_mime_type("text/markdown");
        Ok(ListResourceTemplatesResult::with_all_items(vec![template]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let flow = request
            .uri
            .strip_prefix(outline::PREFIX)
            .and_then(|id| self.graph.flow_by_id(id));
        match flow {
            Some(flow) => {
                let text = outline::markdown(&self.graph, flow);
                let contents = ResourceContents::text(text, request.uri.clone())
                    .with_mime_type("text/markdown");
                Ok(ReadResourceResult::new(vec![contents]).into())
            }
            None => {
                let uris: Vec<String> = self.resources().into_iter().map(|r| r.uri).collect();
                Err(ErrorData::resource_not_found(
                    format!(
                        "no resource `{}`; the flow outlines are {}",
                        request.uri,
                        uris.join(", ")
                    ),
                    Some(json!({ "expected": uris })),
                ))
            }
        }
    }
}

/// A successful result: the value as JSON text, and as structured content.
fn success<T: Serialize>(value: &T) -> Result<CallToolResult, ErrorData> {
    let text = serde_json::to_string(value).map_err(internal)?;
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(serde_json::to_value(value).map_err(internal)?);
    Ok(result)
}

fn node(session: &str, walk: &Walk) -> Result<CallToolResult, ErrorData> {
    success(&SessionNode {
        session,
        node: Node::of(walk),
    })
}

/// A tool error the agent can act on: the message lists what would have been accepted,
/// and the structured content is the error object of `watchfix step`.
fn refuse(kind: ErrorKind, message: String, expected: &[String]) -> CallToolResult {
    let mut result = CallToolResult::error(vec![ContentBlock::text(message.clone())]);
    result.structured_content =
        serde_json::to_value(ErrorObject::new(kind, message, expected)).ok();
    result
}

/// An answer the walk refused, with where the walk stands.
fn refuse_answer(session: &str, walk: &Walk, error: WalkError) -> CallToolResult {
    let view = walk.current();
    let message = match &error {
        WalkError::Finished { .. } => format!(
            "the walk in session {session} has already ended at `{}` ({}); call walk_summary \
             for its summary, or back or restart to change an answer",
            view.node,
            view.outcome.map_or("", |o| o.as_str())
        ),
        _ => format!(
            "session {session} stands at node `{}` of flow `{}`: {error}",
            view.node, view.flow
        ),
    };
    refuse((&error).into(), message, error.expected())
}

fn replay_failed(error: WalkError) -> ErrorData {
    ErrorData::internal_error(
        format!("a session's answers no longer replay: {error}"),
        None,
    )
}

fn internal(error: serde_json::Error) -> ErrorData {
    ErrorData::internal_error(format!("cannot encode the result: {error}"), None)
}
