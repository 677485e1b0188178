//! The protocol side of the server: what it says about itself, its lists, the flow
//! outlines as resources, and where prompts and completions are routed.
//!
//! Lists of tools, prompts, resources and templates never change while a process runs (the
//! trees are loaded once), so peers on a protocol version that carries caching hints
//! (2026-07-28 on) are told they may keep them for [`TTL_MS`].

use rmcp::model::{
    CompleteRequestParams, CompleteResult, GetPromptRequestParams, GetPromptResponse,
    Implementation, ListPromptsResult, ListResourceTemplatesResult, ListResourcesResult,
    ListToolsResult, PaginatedRequestParams, ProtocolVersion, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, Resource, ResourceContents, ResourceTemplate,
    ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, tool_handler};
use serde_json::json;

use watchfix::export::outline;

use super::{INSTRUCTIONS, Server, prompts};

/// How long a peer may keep a list, in milliseconds.
pub const TTL_MS: u64 = 60 * 60 * 1000;

/// Whether the peer's protocol version carries caching hints.
fn caches(context: &RequestContext<RoleServer>) -> bool {
    context
        .protocol_version()
        .is_some_and(|v| v.as_str() >= ProtocolVersion::V_2026_07_28.as_str())
}

impl Server {
    fn resources(&self) -> Vec<Resource> {
        self.graph()
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

#[tool_handler(router = self.shared.tools)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_completions()
                .enable_prompts()
                .enable_resources()
                .enable_tools()
                .build(),
        )
        .with_server_info(
            Implementation::new("watchfix", env!("CARGO_PKG_VERSION"))
                .with_title("watchfix: smartwatch troubleshooting flows"),
        )
        .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let mut tools = self.shared.tools.list_all();
        tools.sort_by(|a, b| a.name.cmp(&b.name));
        let list = ListToolsResult::with_all_items(tools);
        Ok(if caches(&context) {
            list.with_ttl_ms(TTL_MS)
        } else {
            list
        })
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let list = ListResourcesResult::with_all_items(self.resources());
        Ok(if caches(&context) {
            list.with_ttl_ms(TTL_MS)
        } else {
            list
        })
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        let template = ResourceTemplate::new(outline::template(), "flow")
            .with_title("A flow's outline")
            .with_description(
                "The outline of a flow, by its id (see list_flows; flow ids complete)",
            )
            .with_mime_type("text/markdown");
        let list = ListResourceTemplatesResult::with_all_items(vec![template]);
        Ok(if caches(&context) {
            list.with_ttl_ms(TTL_MS)
        } else {
            list
        })
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let graph = self.graph();
        let flow = request
            .uri
            .strip_prefix(outline::PREFIX)
            .and_then(|id| graph.flow_by_id(id));
        match flow {
            Some(flow) => {
                let text = outline::markdown(graph, flow);
                let contents = ResourceContents::text(text, request.uri.clone())
                    .with_mime_type("text/markdown");
                let mut result = ReadResourceResult::new(vec![contents]);
                if caches(&context) {
                    result.ttl_ms = Some(TTL_MS);
                }
                Ok(result.into())
            }
            None => {
                let uris: Vec<String> = self.resources().into_iter().map(|r| r.uri).collect();
                let asked = if request.uri.chars().count() > 200 {
                    "of that length".to_string()
                } else {
                    format!("`{}`", watchfix::text::shown(&request.uri))
                };
                Err(ErrorData::resource_not_found(
                    format!(
                        "no resource {asked}; the flow outlines are {}",
                        uris.join(", ")
                    ),
                    Some(json!({ "expected": uris })),
                ))
            }
        }
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        let list = ListPromptsResult::with_all_items(prompts::list());
        Ok(if caches(&context) {
            list.with_ttl_ms(TTL_MS)
        } else {
            list
        })
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        prompts::get(self, request).map(Into::into)
    }

    async fn complete(
        &self,
        request: CompleteRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CompleteResult, ErrorData> {
        Ok(prompts::complete(self.graph(), &request))
    }
}
