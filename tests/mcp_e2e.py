#!/usr/bin/env python3
"""End-to-end test of `watchfix mcp` with the official Python MCP SDK (PyPI `mcp`).

A client the project did not write starts the real binary on stdio, lists the tools and the
resources, finds the flow for "watch keeps disconnecting", walks it to an end and checks
the summary, then walks every shipped flow to an end twice, once always taking the first
choice and once always the last, and checks that bad input comes back as tool errors that
list what is valid. It connects twice: with the `initialize` handshake, and, when the SDK
and the server both speak it, with the newer `server/discover` lifecycle.

    python3 -m venv target/mcp-venv && target/mcp-venv/bin/pip install 'mcp==2.3.0'
    cargo build && target/mcp-venv/bin/python tests/mcp_e2e.py

WATCHFIX_BIN names the binary (default: target/debug/watchfix). `.ci/run` runs this file.
The last line is "N passed, N failed"; the exit status is 1 when anything failed.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

ROOT = Path(__file__).resolve().parent.parent
BINARY = os.environ.get("WATCHFIX_BIN", str(ROOT / "target" / "debug" / "watchfix"))
TOOLS = {"list_flows", "find_flow", "start_walk", "answer", "back", "restart", "walk_summary"}
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
    return await client.call_tool(tool, arguments)


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
    tools = (await session.list_tools()).tools
    names = {tool.name for tool in tools}
    tally.check("the server lists the seven tools", names == TOOLS, sorted(names))
    tally.check(
        "every tool has a description and an object input schema",
        all(tool.description and tool.input_schema.get("type") == "object" for tool in tools),
        [(t.name, t.description, t.input_schema) for t in tools],
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
        "an unknown session is a tool error that lists the open sessions",
        result.is_error and first["session"] in text_of(result) and second["session"] in text_of(result),
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
                await scenario_every_flow(tally, session, ids)
            else:
                await session.discover()
                tools = {tool.name for tool in (await session.list_tools()).tools}
                tally.check("discover: the server lists the seven tools", tools == TOOLS, sorted(tools))
                await scenario_pairing(tally, session)


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
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(anyio.run(main))
