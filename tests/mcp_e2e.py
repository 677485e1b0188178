#!/usr/bin/env python3
"""End-to-end test of `watchfix mcp` with the official Python MCP SDK (PyPI `mcp`).

A client the project did not write starts the real binary on stdio, lists the tools (each
with a title, all four hints and an output schema), the resources and the prompts, finds
the flow for "watch keeps disconnecting", walks it to an end and checks the summary, then
walks every shipped flow to an end twice, once always taking the first choice and once
always the last, and checks that bad input comes back as tool errors that say what is
valid. Every structured result, refusals included, is validated against the tool's
declared `outputSchema` with `jsonschema`. It reads a walk with `current_node` without
changing it, gets both prompts and completes a flow id. It connects twice: with the
`initialize` handshake, and, when the SDK and the server both speak it, with the newer
`server/discover` lifecycle. It checks that a client hanging up before `initialize` leaves
the server exiting 0. Last, it starts two `watchfix mcp --http` processes on 127.0.0.1
sharing one token file and walks a flow over streamable HTTP, alternating calls between
them, then stops both.

    python3 -m venv target/mcp-venv && target/mcp-venv/bin/pip install 'mcp==2.3.0' jsonschema
    cargo build && target/mcp-venv/bin/python tests/mcp_e2e.py

WATCHFIX_BIN names the binary (default: target/debug/watchfix). `.ci/run` runs this file.
The last line is "N passed, N failed"; the exit status is 1 when anything failed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

import anyio
import httpx2
import jsonschema
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

ROOT = Path(__file__).resolve().parent.parent
BINARY = os.environ.get("WATCHFIX_BIN", str(ROOT / "target" / "debug" / "watchfix"))
TOOLS = {
    "list_flows", "find_flow", "start_walk", "answer", "back", "restart", "current_node",
    "walk_summary", "handoff", "flow_outline",
}
# The tools that only read; the others change a walk.
READS = {"list_flows", "find_flow", "current_node", "walk_summary", "handoff", "flow_outline"}
# Each tool's declared output schema, filled in when the tools are listed.
SCHEMAS: dict[str, dict[str, Any]] = {}
# Structured results validated against those schemas, and those that failed.
VALIDATED = {"results": 0, "errors": 0}
INVALID: list[str] = []
# No shipped flow is anywhere near this long; a walk that is has a loop.
MAX_STEPS = 100
# What the summary says for each outcome.
OUTCOME_WORDS = {"resolved": "Fixed", "info": "Answered", "escalate": "Customer Service"}


class Tally:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, condition: bool, detail: Any = "") -> bool:
        if condition:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")
        return condition


def payload(result: Any) -> dict[str, Any]:
    """A tool result's JSON: its structured content, else its first text block."""
    if result.structured_content is not None:
        return result.structured_content
    return json.loads(result.content[0].text)


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


async def call(client: ClientSession, tool: str, /, **arguments: Any) -> Any:
    """Calls a tool and validates its structured content, refusals too, against its schema."""
    result = await client.call_tool(tool, arguments)
    schema = SCHEMAS.get(tool)
    if schema is not None and result.structured_content is not None:
        try:
            jsonschema.validate(result.structured_content, schema)
            VALIDATED["errors" if result.is_error else "results"] += 1
        except jsonschema.ValidationError as error:
            INVALID.append(f"{tool}: {error.message} in {json.dumps(result.structured_content)[:300]}")
    elif schema is not None and not result.is_error:
        INVALID.append(f"{tool}: no structured content")
    if not result.is_error and tool not in {"walk_summary", "flow_outline"}:
        # JSON results: the text is the structured content.
        if json.loads(result.content[0].text) != result.structured_content:
            INVALID.append(f"{tool}: text and structured content differ")
    return result


async def list_tools(session: ClientSession) -> list[Any]:
    tools = (await session.list_tools()).tools
    for tool in tools:
        if tool.output_schema is not None:
            SCHEMAS[tool.name] = tool.output_schema
    return tools


async def walk_to_end(session: ClientSession, flow: str, pick: str) -> tuple[str, dict[str, Any], int]:
    """Starts `flow` and answers until an end, taking the first or the last choice."""
    result = await call(session, "start_walk", flow=flow)
    if result.is_error:
        raise AssertionError(f"start_walk {flow}: {text_of(result)}")
    node = payload(result)
    session_id = node["session"]
    steps = 0
    while node["kind"] != "end":
        if steps >= MAX_STEPS:
            raise AssertionError(f"{flow}: no end after {MAX_STEPS} answers, at {node['node']}")
        if not node["choices"]:
            raise AssertionError(f"{flow}: node {node['node']} ({node['kind']}) offers no choice")
        choice = node["choices"][0 if pick == "first" else -1]["id"]
        result = await call(session, "answer", session=session_id, choice=choice)
        if result.is_error:
            raise AssertionError(f"{flow}: answer {choice} at {node['node']}: {text_of(result)}")
        node = payload(result)
        steps += 1
    return session_id, node, steps


async def check_summary(tally: Tally, session: ClientSession, name: str, session_id: str, node: dict[str, Any]) -> None:
    result = await call(session, "walk_summary", session=session_id)
    summary = text_of(result)
    data = payload(result)
    outcome = node["outcome"]
    tally.check(
        f"{name}: summary names the outcome ({outcome})",
        not result.is_error
        and data["outcome"] == outcome
        and data["finished"] is True
        and OUTCOME_WORDS[outcome] in summary,
        summary,
    )


async def scenario_pairing(tally: Tally, session: ClientSession) -> None:
    result = await call(session, "find_flow", symptom="watch keeps disconnecting")
    matches = payload(result)["matches"]
    tally.check(
        "find_flow('watch keeps disconnecting') ranks pairing first",
        not result.is_error and matches and matches[0]["id"] == "pairing",
        matches,
    )
    flow = matches[0]["id"] if matches else "pairing"
    session_id, node, steps = await walk_to_end(session, flow, "first")
    tally.check(
        f"walked {flow} to an end by answering ({steps} answer(s), {node['outcome']})",
        node["kind"] == "end" and node["choices"] == [] and node["outcome"] in OUTCOME_WORDS,
        node,
    )
    result = await call(session, "walk_summary", session=session_id)
    summary = text_of(result)
    tally.check(
        "the pairing summary names the flow, each answer and the outcome",
        not result.is_error
        and (node["title"] in summary or f"`{flow}`" in summary)
        and OUTCOME_WORDS[node["outcome"]] in summary
        and len(node["trail"]) == steps,
        summary,
    )


async def scenario_tools_and_resources(tally: Tally, session: ClientSession) -> list[str]:
    tools = await list_tools(session)
    names = {tool.name for tool in tools}
    tally.check("the server lists the ten tools", names == TOOLS, sorted(names))
    tally.check(
        "every tool has a description and an object input schema",
        all(tool.description and tool.input_schema.get("type") == "object" for tool in tools),
        [(t.name, t.description, t.input_schema) for t in tools],
    )
    for tool in tools:
        hints = tool.annotations
        tally.check(
            f"{tool.name}: a title and all four hints, read-only as it is, never open-world",
            bool(tool.title)
            and hints is not None
            and hints.read_only_hint is (tool.name in READS)
            and hints.open_world_hint is False
            and hints.destructive_hint is not None
            and hints.idempotent_hint is not None,
            (tool.title, hints),
        )
        tally.check(
            f"{tool.name}: an output schema that admits the error object",
            tool.output_schema is not None
            and tool.output_schema.get("type") == "object"
            and len(tool.output_schema.get("anyOf", [])) == 2,
            tool.output_schema,
        )
    by_name = {tool.name: tool for tool in tools}
    tally.check(
        "start_walk and answer are not destructive; restart is idempotent",
        by_name["start_walk"].annotations.destructive_hint is False
        and by_name["answer"].annotations.destructive_hint is False
        and by_name["restart"].annotations.idempotent_hint is True,
        [by_name[n].annotations for n in ("start_walk", "answer", "restart")],
    )
    start_schema = by_name["start_walk"].input_schema
    tally.check(
        "start_walk's schema carries the flow ids and each fact's values",
        "pairing" in start_schema["properties"]["flow"].get("enum", [])
        and start_schema["properties"]["facts"].get("additionalProperties") is False
        and start_schema["properties"]["facts"]["properties"]["phone_os"]["enum"] == ["android", "ios"]
        and "1,000" in (by_name["start_walk"].description or ""),
        start_schema,
    )
    flows = payload(await call(session, "list_flows"))["flows"]
    ids = [flow["id"] for flow in flows]
    tally.check(
        "list_flows gives id, title, category, symptoms and facts",
        ids and all({"id", "title", "category", "symptoms", "facts"} <= flow.keys() for flow in flows),
        flows[:1],
    )
    resources = (await session.list_resources()).resources
    uris = {str(resource.uri) for resource in resources}
    tally.check(
        "every flow is a resource",
        uris == {f"watchfix://flows/{id}" for id in ids},
        sorted(uris),
    )
    outline = await session.read_resource("watchfix://flows/pairing")
    text = outline.contents[0].text
    tally.check(
        "the pairing outline lists its nodes and where each choice leads",
        "# " in text and "— question" in text and "— end:" in text and "→" in text,
        text[:400],
    )
    return ids


async def scenario_errors(tally: Tally, session: ClientSession) -> None:
    first = payload(await call(session, "start_walk", flow="pairing"))
    second = payload(await call(session, "start_walk", flow="battery"))
    result = await call(session, "answer", session="no-such-session", choice="yes")
    tally.check(
        "an unknown session is a tool error that counts the open walks and names none",
        result.is_error
        and first["session"] not in text_of(result)
        and second["session"] not in text_of(result)
        and "walks are open" in text_of(result)
        and "start_walk" in text_of(result),
        text_of(result),
    )
    result = await call(session, "answer", session=first["session"], choice="no-such-choice")
    tally.check(
        "an unknown choice is a tool error that lists the valid choices",
        result.is_error and all(c["id"] in text_of(result) for c in first["choices"]),
        text_of(result),
    )
    result = await call(session, "start_walk", flow="no-such-flow")
    tally.check(
        "an unknown flow is a tool error that lists the flows",
        result.is_error and "pairing" in text_of(result),
        text_of(result),
    )
    result = await call(session, "start_walk", flow="pairing", facts={"phone_os": "nokia"})
    tally.check(
        "an unknown fact value is a tool error that lists the values",
        result.is_error and "android" in text_of(result) and "ios" in text_of(result),
        text_of(result),
    )
    # The two walks stay apart: answering one does not move the other.
    moved = payload(await call(session, "answer", session=first["session"], choice=first["choices"][0]["id"]))
    still = payload(await call(session, "back", session=second["session"]))
    tally.check(
        "two walks at once keep their own place",
        moved["flow"] == "pairing"
        and len(moved["trail"]) == 1
        and still["node"] == second["node"]
        and still["flow"] == "battery",
        (moved, still),
    )
    back = payload(await call(session, "back", session=first["session"]))
    tally.check("back undoes the last answer", back["node"] == first["node"] and back["trail"] == [], back)
    payload(await call(session, "answer", session=first["session"], choice=first["choices"][-1]["id"]))
    restarted = payload(await call(session, "restart", session=first["session"]))
    tally.check("restart goes back to the first node", restarted["node"] == first["node"], restarted)
    result = await call(session, "find_flow", symptom="my watch " * 200)
    tally.check(
        "a symptom past 500 characters is refused without being echoed",
        result.is_error and "500" in text_of(result) and len(text_of(result)) < 300,
        text_of(result)[:400],
    )


async def scenario_reading(tally: Tally, session: ClientSession) -> None:
    first = payload(await call(session, "start_walk", flow="pairing", facts={"phone_os": "ios"}))
    moved = payload(await call(session, "answer", session=first["session"], choice=first["choices"][0]["id"], note="it was new"))
    reads = [payload(await call(session, "current_node", session=first["session"])) for _ in range(3)]
    tally.check(
        "current_node returns where the walk stands, and reading it changes nothing",
        all(read == moved for read in reads),
        (moved, reads),
    )
    document = payload(await call(session, "handoff", session=first["session"]))
    tally.check(
        "handoff writes the walk down, its answer stamped as the agent's",
        document["format"] == "watchfix-handoff"
        and document["answers"][0]["by"] == "agent"
        and document["answers"][0]["note"] == "it was new"
        and document["at"]["node"] == moved["node"],
        document,
    )
    continued = payload(await call(session, "start_walk", flow="pairing", handoff=document))
    tally.check(
        "start_walk continues a handoff where it stood",
        continued["node"] == moved["node"] and continued["trail"] == moved["trail"],
        continued,
    )
    outline = await call(session, "flow_outline", flow="pairing")
    resource = await session.read_resource("watchfix://flows/pairing")
    tally.check(
        "flow_outline returns what the resource does",
        not outline.is_error and payload(outline)["outline"] == resource.contents[0].text,
        text_of(outline)[:200],
    )
    started = await call(session, "start_walk", flow="battery")
    links = [block for block in started.content if getattr(block, "type", "") == "resource_link"]
    tally.check(
        "start_walk links the flow's outline",
        [str(link.uri) for link in links] == ["watchfix://flows/battery"],
        started.content,
    )


async def scenario_prompts(tally: Tally, session: ClientSession) -> None:
    prompts = (await session.list_prompts()).prompts
    tally.check(
        "the server lists the prompts troubleshoot and write_ticket",
        {prompt.name for prompt in prompts} == {"troubleshoot", "write_ticket"},
        prompts,
    )
    guide = await session.get_prompt("troubleshoot", {"symptom": "my watch won't sync", "facts": "phone_os=android"})
    text = "\n".join(message.content.text for message in guide.messages)
    tally.check(
        "troubleshoot tells the agent how to drive a walk",
        "my watch won't sync" in text and "phone_os" in text and "never invent" in text and "low" in text,
        text,
    )
    first = payload(await call(session, "start_walk", flow="battery"))
    ticket = await session.get_prompt("write_ticket", {"session": first["session"]})
    text = "\n".join(message.content.text for message in ticket.messages)
    tally.check(
        "write_ticket turns the walk's summary into a ticket",
        "helpdesk ticket" in text and first["title"] in text,
        text,
    )
    completed = await session.complete(types.ResourceTemplateReference(uri="watchfix://flows/{flow}"), {"name": "flow", "value": "pai"})
    tally.check("a flow id completes", completed.completion.values == ["pairing"], completed)


async def scenario_every_flow(tally: Tally, session: ClientSession, ids: list[str]) -> None:
    for flow in ids:
        for pick in ("first", "last"):
            name = f"{flow}, always the {pick} choice"
            try:
                session_id, node, steps = await walk_to_end(session, flow, pick)
            except AssertionError as error:
                tally.check(name, False, error)
                continue
            tally.check(f"{name}: reached `{node['node']}` after {steps} answer(s)", True)
            await check_summary(tally, session, name, session_id, node)


async def connect_and_run(tally: Tally, mode: str) -> None:
    server = StdioServerParameters(command=BINARY, args=["mcp"], env={"NO_COLOR": "1"})
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            if mode == "initialize":
                info = await session.initialize()
                tally.check(
                    "initialize: the server names itself and gives instructions",
                    info.server_info.name == "watchfix" and bool(info.instructions),
                    info,
                )
                ids = await scenario_tools_and_resources(tally, session)
                await scenario_pairing(tally, session)
                await scenario_errors(tally, session)
                await scenario_reading(tally, session)
                await scenario_prompts(tally, session)
                await scenario_every_flow(tally, session, ids)
            else:
                await session.discover()
                listed = await session.list_tools()
                tools = {tool.name for tool in listed.tools}
                tally.check("discover: the server lists the ten tools", tools == TOOLS, sorted(tools))
                tally.check("discover: the list carries a positive ttlMs", listed.ttl_ms > 0, listed.ttl_ms)
                await scenario_pairing(tally, session)


def hang_up_before_initialize(tally: Tally) -> None:
    """A discovery probe: start the server, send nothing, close stdin."""
    run = subprocess.run(
        [BINARY, "mcp"], input=b"", capture_output=True, timeout=30, env={"NO_COLOR": "1"}
    )
    stderr = run.stderr.decode()
    tally.check(
        "a client that hangs up before initialize: exit 0, no error",
        run.returncode == 0 and "error" not in stderr,
        (run.returncode, stderr),
    )


def start_http(token_file: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`watchfix mcp --http` on a free loopback port; returns the process and its URL."""
    server = subprocess.Popen(
        [BINARY, "mcp", "--http", "127.0.0.1:0", "--token-file", str(token_file)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={"NO_COLOR": "1"},
    )
    assert server.stderr is not None
    line = server.stderr.readline().decode()
    found = re.search(r"http://127\.0\.0\.1:\d+/mcp", line)
    if not found:
        server.kill()
        raise AssertionError(f"no address in {line!r}")
    return server, found.group(0)


async def scenario_http(tally: Tally) -> None:
    token = secrets.token_hex(24)
    with tempfile.TemporaryDirectory() as folder:
        token_file = Path(folder) / "token"
        token_file.write_text(token + "\n")
        servers = [start_http(token_file) for _ in range(2)]
        try:
            async with httpx2.AsyncClient(timeout=10) as anonymous:
                response = await anonymous.post(servers[0][1], json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
            tally.check("http: a request without the bearer token gets 401", response.status_code == 401, response.status_code)
            headers = {"Authorization": f"Bearer {token}"}
            async with (
                httpx2.AsyncClient(headers=headers, timeout=30) as http_a,
                httpx2.AsyncClient(headers=headers, timeout=30) as http_b,
                streamable_http_client(servers[0][1], http_client=http_a) as (read_a, write_a),
                streamable_http_client(servers[1][1], http_client=http_b) as (read_b, write_b),
                ClientSession(read_a, write_a) as a,
                ClientSession(read_b, write_b) as b,
            ):
                await a.initialize()
                await b.initialize()
                await list_tools(a)
                node = payload(await call(a, "start_walk", flow="pairing"))
                clients = [b, a]
                steps = 0
                while node["kind"] != "end" and steps < MAX_STEPS:
                    client = clients[steps % 2]
                    result = await call(client, "answer", session=node["session"], choice=node["choices"][0]["id"])
                    if result.is_error:
                        raise AssertionError(f"http answer at {node['node']}: {text_of(result)}")
                    node = payload(result)
                    steps += 1
                tally.check(
                    f"http: two processes sharing a key walk pairing to an end, alternating ({steps} answers)",
                    node["kind"] == "end" and len(node["trail"]) == steps,
                    node,
                )
                summary = await call(b, "walk_summary", session=node["session"])
                tally.check(
                    "http: either process writes up the walk",
                    not summary.is_error and payload(summary)["outcome"] == node["outcome"],
                    text_of(summary),
                )
                forged = node["session"][:-4] + ("AAAA" if not node["session"].endswith("AAAA") else "BBBB")
                result = await call(a, "current_node", session=forged)
                tally.check(
                    "http: a changed handle is refused as an unknown session",
                    result.is_error and payload(result)["error"]["kind"] == "unknown_session",
                    text_of(result),
                )
        finally:
            for server, _ in servers:
                server.terminate()
            codes = []
            for server, _ in servers:
                try:
                    codes.append(server.wait(timeout=10))
                except subprocess.TimeoutExpired:
                    server.kill()
                    codes.append(server.wait())
        tally.check("http: both servers stop with exit 0 when terminated", codes == [0, 0], codes)


async def main() -> int:
    tally = Tally()
    if not Path(BINARY).exists():
        print(f"FAIL no binary at {BINARY}: run `cargo build` first or set WATCHFIX_BIN")
        print("0 passed, 1 failed")
        return 1
    modes = ["initialize"]
    if hasattr(ClientSession, "discover"):
        modes.append("discover")
    for mode in modes:
        try:
            with anyio.fail_after(120):
                await connect_and_run(tally, mode)
        except Exception:  # noqa: BLE001 - any failure is a failed check, reported in full
            tally.check(f"{mode}: the session ran to the end", False, traceback.format_exc())
    try:
        hang_up_before_initialize(tally)
        with anyio.fail_after(120):
            await scenario_http(tally)
    except Exception:  # noqa: BLE001 - any failure is a failed check, reported in full
        tally.check("http: the session ran to the end", False, traceback.format_exc())
    tally.check(
        f"every structured result validates against its tool's output schema "
        f"({VALIDATED['results']} results, {VALIDATED['errors']} refusals)",
        not INVALID and VALIDATED["results"] > 100 and VALIDATED["errors"] > 3,
        INVALID[:5],
    )
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(anyio.run(main))
