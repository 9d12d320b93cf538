import { describe, expect, it } from "vitest";
import type { Execution, TraceEvent } from "../../../../labnet/index.js";
import { traceWithExecutions } from "../../../../src/labs/raft/forensics/trace-lines.js";

const VOTE = "raft-1.0->raft-0#1 requestVote→raft-0";

function event(kind: TraceEvent["kind"], ms: number, subject: string, detail = ""): TraceEvent {
  return { time: ms * 1000, kind, subject, detail };
}

function execution(copy: number, args: unknown, reply: unknown): Execution {
  return { id: "raft-1.0->raft-0#1", copy, server: "raft-0", incarnation: 0, method: "requestVote", args, reply, startMs: 0, endMs: 0, abandoned: false };
}

describe("traceWithExecutions", () => {
  it("adds a call's arguments to its send and its reply to its reply, leaving every other line as replay compares it", () => {
    const events = [event("send", 1, VOTE, "120B"), event("execute", 2, VOTE), event("reply", 3, VOTE), event("deliver", 4, VOTE), event("timer", 5, "raft-0")];
    expect(traceWithExecutions(events, [execution(0, { term: 1 }, { voteGranted: false })])).toEqual([
      `1.000ms send ${VOTE} 120B  args {"term":1}`,
      `2.000ms execute ${VOTE}`,
      `3.000ms reply ${VOTE}  reply {"voteGranted":false}`,
      `4.000ms deliver ${VOTE}`,
      "5.000ms timer raft-0",
    ]);
  });

  it("matches a duplicate to its own execution, shows a dropped reply, and leaves calls never executed bare", () => {
    const copy = `${VOTE} (copy 1)`;
    const events = [event("duplicate", 1, copy), event("drop-reply", 2, copy), event("send", 3, "raft-2.0->raft-0#9 requestVote→raft-0")];
    expect(traceWithExecutions(events, [execution(0, "first", "one"), execution(1, "second", null)])).toEqual([
      `1.000ms duplicate ${copy}  args second`,
      `2.000ms drop-reply ${copy}  reply <nil>`,
      "3.000ms send raft-2.0->raft-0#9 requestVote→raft-0",
    ]);
  });

  it("cuts what it adds to 200 characters", () => {
    const [line] = traceWithExecutions([event("send", 1, VOTE)], [execution(0, "y".repeat(201), "")]);
    expect(line).toBe(`1.000ms send ${VOTE}  args ${"y".repeat(199)}…`);
  });
});
