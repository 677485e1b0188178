//! The tools: what each takes, what it says about itself, and how it maps onto a [`Walk`].
//!
//! Titles, descriptions and annotations are written here, beside the code they describe;
//! argument and result schemas are built from the graph in [`super::schema`] and replace
//! the derived ones when the server starts. Every hint is set explicitly on every tool:
//! nothing here reaches outside the loaded trees (`openWorldHint: false`), reading tools
//! say so, and only `back` and `restart` throw answers away.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock};
use rmcp::{ErrorData, tool, tool_router};

use watchfix::export::outline;
use watchfix::graph::Graph;
use watchfix::search;
use watchfix::session::handoff::Handoff;
use watchfix::walk::{Origin, Stamp, Walk};
use watchfix::wire::{
    self, Confidence, ErrorKind, FindFlowResult, FlowCandidate, FlowList, FlowOutline, Node, RECENT,
};

use super::{MAX_SYMPTOM, Server};

/// What `start_walk`'s description says of a walk's lifetime, on stdio and over HTTP.
pub const LIFETIME_STDIO: &str = "A walk lives as long as this server process; past 1,000 \
    open walks, the one used longest ago is dropped.";
pub const LIFETIME_HTTP: &str = "The session is a signed handle that carries the walk itself, \
    so it never expires on the server: every call that changes the walk returns a new one.";

use super::args::*;
use super::results::*;

#[tool_router(vis = "pub(super)")]
impl Server {
    #[tool(
        title = "List troubleshooting flows",
        description = "List every troubleshooting flow: its id, title, category and symptoms, \
        the facts a walk of it may ask (with their allowed values, which start_walk accepts), \
        the flows it runs, and its first node. Use it when find_flow finds nothing that fits, \
        or to offer the caller a choice of problems. Takes no arguments; returns {flows: [...]}.",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn list_flows(&self) -> Result<CallToolResult, ErrorData> {
        let mut entries = wire::flow_entries(self.graph());
        entries.sort_by(|a, b| (&a.category, &a.id).cmp(&(&b.category, &b.id)));
        success(&FlowList { flows: entries })
    }

    #[tool(
        title = "Find the flow for a symptom",
        description = "Find the flows for a problem described in the caller's own words, such \
        as \"my watch keeps disconnecting\" (at most 500 characters). Returns {symptom, \
        matches, advice}: matches best first, each with id, title, category, score (0 to 1), \
        confidence and the flow's phrase that matched. The rule: confidence \"high\" or \
        \"medium\" (score 0.5 or more): start the first match with start_walk unless another \
        fits the caller better. \"low\" (below 0.5): the flow is only the nearest; confirm \
        with the caller (\"Is this about <title>?\") before starting it. No matches: ask the \
        caller to describe the problem differently, or use list_flows.",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn find_flow(
        &self,
        Parameters(args): Parameters<FindFlowArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let symptom = args.symptom.trim();
        let length = symptom.chars().count();
        if length > MAX_SYMPTOM {
            return Ok(refuse(
                ErrorKind::InvalidArgument,
                format!(
                    "the symptom is {length} characters long; give at most {MAX_SYMPTOM}: the \
                     caller's problem in a sentence, such as \"my watch keeps disconnecting\""
                ),
                &[],
            ));
        }
        let matches: Vec<FlowCandidate> = search::best(self.graph(), symptom)
            .iter()
            .map(|m| FlowCandidate {
                id: m.id.clone(),
                title: m.title.clone(),
                category: m.category.clone(),
                score: m.score,
                confidence: Confidence::of(m.score),
                matched: matched_phrase(self.graph().flow(m.flow), symptom),
            })
            .collect();
        let advice = match matches.first() {
            None => "No flow matches these words: ask the caller to describe the problem \
                     differently, or offer the flows from list_flows."
                .to_string(),
            Some(best) if best.confidence == Confidence::Low => format!(
                "The best match is weak: confirm with the caller (\"Is this about: {}?\") \
                 before starting it with start_walk, or ask them to say more.",
                best.title
            ),
            Some(best) => format!(
                "Start `{}` with start_walk unless another match fits the caller better.",
                best.id
            ),
        };
        success(&FindFlowResult {
            symptom,
            matches,
            advice,
        })
    }

    #[tool(
        title = "Start a troubleshooting walk",
        description = "Start walking a flow with the caller. Pass the flow id (from find_flow \
        or list_flows) and the facts you already know, such as {\"phone_os\": \"ios\"}: their \
        questions are skipped, in subflows too. To continue a walk someone else began, pass \
        the handoff document they gave you as handoff (with its flow) instead of facts. \
        Returns the first node: {session, flow, title, node, kind, text, choices, outcome, \
        facts, trail, sources}, and a link to the flow's outline. kind \"question\": ask the \
        caller the text, then call answer with the matching choice. kind \"step\": have the \
        caller do it, then answer \"fixed\" or \"not-fixed\". kind \"end\": the walk is over; \
        outcome is resolved, info or escalate (contact support), and walk_summary writes it \
        up. Several walks may be open at once; pass the session of the latest result to the \
        next call.",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = false
        )
    )]
    async fn start_walk(
        &self,
        Parameters(args): Parameters<StartWalkArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let graph = self.graph();
        let flow = match find(graph, args.flow.trim()) {
            Ok(flow) => flow,
            Err(refusal) => return Ok(refusal),
        };
        let facts = args.facts.unwrap_or_default();
        let walk = match args.handoff {
            Some(document) => {
                if !facts.is_empty() {
                    return Ok(refuse(
                        ErrorKind::InvalidArgument,
                        "give facts or a handoff, not both: a handoff brings its own facts"
                            .to_string(),
                        &[],
                    ));
                }
                match continue_handoff(graph, &graph.flow(flow).id, &document) {
                    Ok(walk) => walk,
                    Err(refusal) => return Ok(refusal),
                }
            }
            None => match Walk::new(graph, flow, facts) {
                Ok(walk) => walk,
                Err(error) => {
                    return Ok(refuse((&error).into(), error.to_string(), error.expected()));
                }
            },
        };
        let node = Node::recent(&walk, RECENT);
        let session = match self.shared.walks.open(walk) {
            Ok(session) => session,
            Err(unknown) => return Ok(refuse(ErrorKind::UnknownSession, unknown.0, &[])),
        };
        let mut result = node_result(&session, node)?;
        result
            .content
            .push(ContentBlock::resource_link(outline_link(graph.flow(flow))));
        Ok(result)
    }

    #[tool(
        title = "Answer the current node",
        description = "Answer the node a walk stands at, as the caller replied: pass the \
        session and a choice, the id of one of the node's choices (or its 1-based position), \
        picked by matching the caller's reply to the choices' labels. A step's choices are \
        \"fixed\" and \"not-fixed\". Add a note with what the caller said when it adds \
        detail. Returns the next node, in the same shape as start_walk. An unknown session or \
        choice is an error that says what is valid; the walk is then unchanged.",
        annotations(
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = false,
            open_world_hint = false
        )
    )]
    async fn answer(
        &self,
        Parameters(args): Parameters<AnswerArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        if args.choice.chars().count() > MAX_ID {
            return Ok(refuse(
                ErrorKind::UnknownAnswer,
                "no choice has an id that long; pass a choice id from the node's choices, or \
                 its 1-based position"
                    .to_string(),
                &[],
            ));
        }
        let note = args
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        if let Some(note) = note
            && let Some(reason) = bad_note(note)
        {
            return Ok(refuse(
                ErrorKind::InvalidNote,
                format!("the note cannot be kept: {reason}; the answer was not given"),
                &[],
            ));
        }
        self.change(&args.session, |walk| {
            walk.answer(&args.choice)
                .map_err(|error| refuse_answer(walk, error))?;
            if let Some(note) = note
                && let Err(error) = walk.note(note)
            {
                walk.back();
                return Err(refuse((&error).into(), error.to_string(), &[]));
            }
            walk.stamp(Stamp {
                by: Origin::Agent,
                at: watchfix::session::now(),
            });
            Ok(())
        })
    }

    #[tool(
        title = "Undo the last answer",
        description = "Undo the last answer of a walk, when the caller corrects themselves. \
        Pass the session. Returns the node the walk stands at again, in the same shape as \
        start_walk (at the first node, that node, unchanged). The undone answer and its note \
        are dropped.",
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = false,
            open_world_hint = false
        )
    )]
    async fn back(
        &self,
        Parameters(args): Parameters<SessionArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.change(&args.session, |walk| {
            walk.back();
            Ok(())
        })
    }

    #[tool(
        title = "Start the walk over",
        description = "Start a walk over from its first node, dropping every answer and \
        keeping the facts given to start_walk. Pass the session. Returns the first node, in \
        the same shape as start_walk; calling it again changes nothing more.",
        annotations(
            read_only_hint = false,
            destructive_hint = true,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn restart(
        &self,
        Parameters(args): Parameters<SessionArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.change(&args.session, |walk| {
            walk.restart();
            Ok(())
        })
    }

    #[tool(
        title = "Show where a walk stands",
        description = "Show the node a walk stands at, without changing it: pass the session. \
        Returns the node in the same shape as start_walk and answer. Use it to pick a walk up \
        again after a pause, or to check what the caller was last asked.",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn current_node(
        &self,
        Parameters(args): Parameters<SessionArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let id = args.session.trim();
        let node = self.read(id, |walk| Node::recent(walk, RECENT))?;
        match node {
            Ok(node) => node_result(id, node),
            Err(refusal) => Ok(refusal),
        }
    }

    #[tool(
        title = "Write up a walk for a ticket",
        description = "Write up a walk as Markdown ready to paste into a support ticket: the \
        flow, the known facts (phone, watch model), every step tried with the caller's answer \
        and note, and the outcome. After an escalate end it is a message ready to send to \
        KOSPET Customer Service. Pass the session; works at any point of a walk and changes \
        nothing. The text is the Markdown; the structured content adds session, flow, title, \
        finished, outcome, facts and trail.",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn walk_summary(
        &self,
        Parameters(args): Parameters<SessionArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let id = args.session.trim();
        match self.read(id, |walk| summary(id, walk))? {
            Ok(result) => result,
            Err(refusal) => Ok(refusal),
        }
    }

    #[tool(
        title = "Hand the walk on",
        description = "Write the walk down as a watchfix handoff document (flow, facts, every \
        answer with its note, who gave it and when, where the walk stands), so that a person \
        can continue it with `watchfix resume --from FILE`, or an agent with start_walk's \
        handoff argument. Pass the session; changes nothing. Returns the document as JSON.",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn handoff(
        &self,
        Parameters(args): Parameters<SessionArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let document = self.read(args.session.trim(), |walk| {
            Handoff::of(walk, Origin::Agent, watchfix::session::now())
        })?;
        match document {
            Ok(document) => success(&document),
            Err(refusal) => Ok(refusal),
        }
    }

    #[tool(
        title = "Outline a flow",
        description = "Read a whole flow before walking it: every node with its kind and \
        text, the fact a question records, where each choice leads, the subflows it runs and \
        how each end turns out. Pass the flow id. Returns the outline as Markdown (the same as \
        the resource watchfix://flows/<id>), with flow, title and uri in the structured content.",
        annotations(
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn flow_outline(
        &self,
        Parameters(args): Parameters<FlowArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let graph = self.graph();
        let id = args.flow.trim();
        let flow = match find(graph, id) {
            Ok(flow) => flow,
            Err(refusal) => return Ok(refusal),
        };
        let data = graph.flow(flow);
        let outline = FlowOutline {
            flow: data.id.clone(),
            title: data.title.clone(),
            uri: outline::uri(data),
            outline: outline::markdown(graph, flow),
        };
        let mut result = CallToolResult::success(vec![ContentBlock::text(outline.outline.clone())]);
        result.structured_content = Some(serde_json::to_value(&outline).map_err(internal)?);
        Ok(result)
    }
}

impl Server {
    pub(super) fn graph(&self) -> &'static Graph {
        self.shared.graph
    }

    /// Reads a walk; the outer error is the server's, the inner one a refusal for the agent.
    pub(super) fn read<R>(
        &self,
        session: &str,
        look: impl FnOnce(&Walk<'static>) -> R,
    ) -> Result<Result<R, CallToolResult>, ErrorData> {
        Ok(self
            .shared
            .walks
            .with(self.graph(), session, |walk| look(walk))
            .map(|(_, r)| r)
            .map_err(|unknown| refuse(ErrorKind::UnknownSession, unknown.0, &[])))
    }

    /// Changes a walk and returns the node it then stands at, under the walk's new session.
    fn change(
        &self,
        session: &str,
        act: impl FnOnce(&mut Walk<'static>) -> Result<(), CallToolResult>,
    ) -> Result<CallToolResult, ErrorData> {
        let outcome = self.shared.walks.with(self.graph(), session, |walk| {
            act(walk).map(|()| Node::recent(walk, RECENT))
        });
        match outcome {
            Ok((session, Ok(node))) => node_result(&session, node),
            Ok((_, Err(refusal))) => Ok(refusal),
            Err(unknown) => Ok(refuse(ErrorKind::UnknownSession, unknown.0, &[])),
        }
    }
}
