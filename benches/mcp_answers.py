#!/usr/bin/env python3
"""Answers per second and answer latency of `watchfix mcp` over stdio, on one looping
question: N answers to one walk, each sent when the reply to the one before has come.

    python3 benches/mcp_answers.py target/release/watchfix [N]

Prints the rate over all answers and the median latency of the first and the last 100,
so a latency that grows with the walk shows as a ratio above 1.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

LOOP = """Flow(id: "loop", title: "A question that comes back", category: "Bench", symptoms: ["loop"],
  start: "again",
  nodes: {
    "again": Ask(text: "Ask again?", choices: [
      (id: "again", label: "Again", next: "again"),
      (id: "stop", label: "Stop", next: "done"),
    ]),
    "done": End(outcome: Info, text: "Stopped."),
  },
  scenarios: [(name: "stops", answers: ["again", "stop"], expect: "done")])
"""


def main():
    binary = sys.argv[1]
    answers = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    trees = tempfile.mkdtemp()
    with open(os.path.join(trees, "loop.ron"), "w") as f:
        f.write(LOOP)
    server = subprocess.Popen(
        [binary, "mcp", "--trees", trees],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "XDG_STATE_HOME": trees, "XDG_CACHE_HOME": trees},
    )
    ids = iter(range(1, 10**9))

    def call(method, params=None):
        message = {"jsonrpc": "2.0", "id": next(ids), "method": method}
        if params is not None:
            message["params"] = params
        server.stdin.write(json.dumps(message) + "\n")
        server.stdin.flush()
        reply = json.loads(server.stdout.readline())
        if "error" in reply:
            sys.exit(f"{method}: {reply['error']}")
        return reply["result"]

    call("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                        "clientInfo": {"name": "bench", "version": "1"}})
    server.stdin.write(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}) + "\n")
    started = call("tools/call", {"name": "start_walk", "arguments": {"flow": "loop"}})
    session = started["structuredContent"]["session"]
    latencies = []
    whole = time.perf_counter()
    for _ in range(answers):
        before = time.perf_counter()
        result = call("tools/call", {"name": "answer",
                                     "arguments": {"session": session, "choice": "again"}})
        latencies.append(time.perf_counter() - before)
        session = result["structuredContent"].get("session", session)
    whole = time.perf_counter() - whole
    server.stdin.close()
    server.wait()
    first = statistics.median(latencies[:100]) * 1e6
    last = statistics.median(latencies[-100:]) * 1e6
    print(f"answers: {answers}, {answers / whole:,.0f} per second (client included)")
    print(f"median latency: first 100 {first:.0f} µs, last 100 {last:.0f} µs, ratio {last / first:.2f}")


if __name__ == "__main__":
    main()
