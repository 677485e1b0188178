//! `watchfix mcp`: the flows as Model Context Protocol tools, resources and prompts, on
//! stdio or (with `--http`) over streamable HTTP.
//!
//! Built on rmcp, the official Rust SDK. Every tool is a thin wrapper around [`Walk`]:
//! `start_walk` opens a walk, `answer`, `back` and `restart` change it, `current_node`,
//! `walk_summary` and `handoff` read it, and each node comes back in the JSON shape of
//! `watchfix step` with the `session` it belongs to added in front. Bad input — an unknown
//! session, flow, fact or choice — is a tool result with `isError: true` whose message
//! says what would have been accepted, so an agent can correct itself; nothing an agent
//! sends can panic the server.
//!
//! What a host shows and validates is built when the server starts, from the loaded trees
//! ([`schema`]): argument schemas that carry the flow ids and every fact's values, and a
//! result schema on every tool. Each flow is also a resource, `watchfix://flows/<id>`: its
//! outline as Markdown. The prompts ([`prompts`]) tell an agent how to drive a walk well.
//!
//! stdout carries nothing but JSON-RPC; the one line of logging goes to stderr. A client
//! that hangs up before the handshake (a discovery probe) is not an error.

mod args;
mod handle;
mod handler;
mod http;
mod prompts;
mod results;
mod schema;
mod tools;
mod walks;

use std::sync::Arc;

use anyhow::Context;
use rmcp::ServiceExt;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::service::ServerInitializeError;

use crate::cli::{Global, McpArgs};
use crate::error::Fail;
use crate::exit_code::ExitCode;
use crate::trees;
use watchfix::graph::Graph;

use schema::Schemas;
use walks::Walks;

/// The longest symptom `find_flow` takes, in characters: a description, not a document.
pub const MAX_SYMPTOM: usize = 500;

/// What the server tells an agent when it connects.
const INSTRUCTIONS: &str = "\
watchfix walks a smartwatch owner through troubleshooting flows taken from the KOSPET FAQ, \
one node at a time. The prompt `troubleshoot` gives the whole method.
1. Find the flow: find_flow with the caller's own words. If the best match's confidence is \
\"low\", confirm with the caller before starting it. list_flows lists every flow; \
flow_outline (or the resource watchfix://flows/<id>) shows a whole flow.
2. start_walk with the flow id and only the facts you already know (such as phone_os or \
model). Each result carries a session: pass the session of the latest result to the next call.
3. Relay each node's text to the caller, one node at a time. kind \"question\": ask it, then \
call answer with the id of the choice whose label matches the reply. kind \"step\": have the \
caller do it, then answer \"fixed\" or \"not-fixed\". Only ever answer with a choice the node \
offers; never invent steps. current_node shows where a walk stands without changing it.
4. kind \"end\": tell the caller the text. outcome \"resolved\" means fixed, \"info\" answered, \
\"escalate\" means the caller should contact KOSPET Customer Service: call walk_summary (or the \
prompt write_ticket) and give them the message. Use back when the caller corrects an answer, \
restart to start over, handoff to pass the walk on to a person or another agent.";

/// Serves the flows on stdio until the client closes the connection, or over HTTP until
/// the process is stopped.
pub fn serve(global: &Global, args: &McpArgs) -> crate::error::Result<ExitCode> {
    // The graph lives as long as the process: leaking it lets every walk borrow it
    // without a lifetime, so a walk stays alive between calls instead of being replayed.
    let graph: &'static Graph = Box::leak(Box::new(trees::graph(global)?));
    if let Some(address) = &args.http {
        return http::serve(graph, address, args.token_file.as_deref());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the MCP server")?;
    eprintln!(
        "watchfix mcp: serving {} flows to an MCP client on stdin/stdout; end with Ctrl-D",
        graph.flows().len()
    );
    let result = runtime.block_on(async {
        let service = match Server::new(graph, Walks::memory())
            .serve((Oversized::watch(tokio::io::stdin()), tokio::io::stdout()))
            .await
        {
            Ok(service) => service,
            // A client that hung up before or during the handshake — a discovery probe,
            // or a host checking that the command starts — asked for nothing more.
            Err(
                ServerInitializeError::ConnectionClosed(_)
                | ServerInitializeError::TransportError { .. }
                | ServerInitializeError::Cancelled,
            ) => return Ok(ExitCode::Success),
            Err(e) => {
                return Err(Fail::failure(format!(
                    "the MCP client did not connect: {e}"
                )));
            }
        };
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

/// The MCP server: the checked graph, the walks on it, and the tools built for it. Cheap
/// to clone: the HTTP transport makes one per request.
#[derive(Debug, Clone)]
pub struct Server {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    graph: &'static Graph,
    walks: Walks,
    tools: ToolRouter<Server>,
}

impl Server {
    pub fn new(graph: &'static Graph, walks: Walks) -> Server {
        let schemas = Schemas::of(graph);
        let mut tools = Server::tool_router();
        let signed = matches!(walks, Walks::Signed(_));
        for route in tools.map.values_mut() {
            let name = route.attr.name.to_string();
            if let Some(serde_json::Value::Object(input)) = schemas.input(&name) {
                route.attr.input_schema = Arc::new(input);
            }
            if let Some(serde_json::Value::Object(output)) = schemas.output(&name) {
                route.attr.output_schema = Some(Arc::new(output));
            }
            if name == "start_walk" {
                let lifetime = if signed {
                    tools::LIFETIME_HTTP
                } else {
                    tools::LIFETIME_STDIO
                };
                let description = route.attr.description.as_deref().unwrap_or_default();
                route.attr.description = Some(format!("{description} {lifetime}").into());
            }
        }
        Server {
            shared: Arc::new(Shared {
                graph,
                walks,
                tools,
            }),
        }
    }
}

/// rmcp drops a request line past its limit and says so only through `tracing`, which
/// watchfix does not install: this reader passes stdin through unchanged and writes one
/// stderr line for each request it sees grow past the limit.
struct Oversized<R> {
    inner: R,
    /// Bytes since the last line break.
    line: usize,
}

impl<R> Oversized<R> {
    /// rmcp's `DEFAULT_MAX_LINE_LENGTH`.
    const LIMIT: usize = 16 * 1024 * 1024;

    fn watch(inner: R) -> Self {
        Oversized { inner, line: 0 }
    }
}

impl<R: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for Oversized<R> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let poll = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        for &byte in &buf.filled()[before..] {
            if byte == b'\n' {
                self.line = 0;
            } else {
                self.line += 1;
                if self.line == Self::LIMIT + 1 {
                    eprintln!(
                        "watchfix mcp: dropped a request longer than 16 MiB; it gets no reply, \
                         since its id cannot be read"
                    );
                }
            }
        }
        poll
    }
}
