import { describe, expect, it } from "vitest";
import type { Execution, TraceEvent } from "../../../../labnet/index.js";
import { Executions, traceMessages } from "../../../../src/labs/raft/forensics/messages.js";

const VOTE = "raft-1.0->raft-0#1 requestVote→raft-0";
const APPEND = "raft-2.3->raft-0#7 appendEntries→raft-0";

function event(kind: TraceEvent["kind"], ms: number, subject: string): TraceEvent {
  return { time: ms * 1000, kind, subject, detail: "" };
}

function execution(id: string, copy: number, args: unknown, reply: unknown): Execution {
  return { id, copy, server: "raft-0", incarnation: 0, method: "m", args, reply, startMs: 0, endMs: 0, abandoned: false };
}

describe("traceMessages", () => {
  it("makes one arrow of a delivered call, with its times in ms, the sender's peer (not its incarnation) and its arguments and reply", () => {
    const trace = [event("send", 1, VOTE), event("execute", 2, VOTE), event("reply", 3, VOTE), event("deliver", 4, VOTE), event("timer", 5, "raft-0")];
    const executions = new Executions([execution("raft-1.0->raft-0#1", 0, { term: 2 }, { term: 2, voteGranted: true })]);
    expect(traceMessages(trace, executions)).toEqual([
      {
        id: "raft-1.0->raft-0#1",
        from: "raft-1",
        to: "raft-0",
        sendMs: 1,
        arriveMs: 2,
        replySendMs: 3,
        replyArriveMs: 4,
        fate: "delivered",
        details: { method: "requestVote", arguments: '{"term":2}', reply: '{"term":2,"voteGranted":true}' },
      },
    ]);
  });

  it("keeps a duplicate apart as copy 1, dated from its duplication, with only the times it has and no details without its execution", () => {
    const copy = `${APPEND} (copy 1)`;
    const trace = [event("send", 1, APPEND), event("duplicate", 1.5, copy), event("drop-request", 6, copy), event("lost", 9, APPEND)];
    const executions = new Executions([execution("raft-2.3->raft-0#7", 0, "a", "b")]);
    const [original, duplicate] = traceMessages(trace, executions);
    expect(original).toEqual({ id: "raft-2.3->raft-0#7", from: "raft-2", to: "raft-0", sendMs: 1, arriveMs: 9, fate: "lost", details: { method: "appendEntries", arguments: "a", reply: "b" } });
    expect(duplicate).toEqual({ id: `raft-2.3->raft-0#7 (copy 1)`, from: "raft-2", to: "raft-0", sendMs: 1.5, arriveMs: 6, fate: "request-dropped", details: { method: "appendEntries" } });
  });

  it("names a message's fate by the viewer's order, a delivered reply first, and dates a discarded reply's arrival", () => {
    const discarded = [event("send", 1, VOTE), event("execute", 2, VOTE), event("reply", 3, VOTE), event("discard", 4, VOTE)];
    expect(traceMessages(discarded, new Executions([]))[0]).toMatchObject({ fate: "discarded", replyArriveMs: 4 });
    const both = [event("send", 1, VOTE), event("drop-reply", 3, VOTE), event("deliver", 4, VOTE)];
    expect(traceMessages(both, new Executions([]))[0]!.fate).toBe("delivered");
    const unreachable = [event("send", 1, VOTE), event("unreachable", 7000, VOTE)];
    expect(traceMessages(unreachable, new Executions([]))[0]).toMatchObject({ fate: "unreachable", arriveMs: 7000 });
  });

  it("reads a client's end as the sender in a lab over Raft", () => {
    const subject = "clerk-1->server-0#3 get→server-0";
    expect(traceMessages([event("send", 1, subject)], new Executions([]))[0]).toMatchObject({ id: "clerk-1->server-0#3", from: "clerk-1", to: "server-0", fate: "lost" });
  });

  it("cuts long arguments and replies to 240 characters, saying how long they were", () => {
    const long = "x".repeat(300);
    const [message] = traceMessages([event("send", 1, VOTE)], new Executions([execution("raft-1.0->raft-0#1", 0, long, "x".repeat(240))]));
    expect(message!.details).toEqual({ method: "requestVote", arguments: `${"x".repeat(239)}… (300 characters)`, reply: "x".repeat(240) });
  });
});
