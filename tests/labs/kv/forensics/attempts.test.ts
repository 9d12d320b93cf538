import { describe, expect, it } from "vitest";
import type { Execution, TraceEvent } from "../../../../labnet/index.js";
import { MessageIndex, describeAttempt, replyErr, type Attempt } from "../../../../src/labs/kv/forensics/attempts.js";
import type { JournalEntry } from "../../../../src/labs/kv/forensics/journal.js";
import { lossyRun } from "../fixtures/lossy-run.js";

describe("MessageIndex on a run that loses a request and a reply and duplicates a get", async () => {
  const t = await lossyRun();
  const index = new MessageIndex(t.sim.trace.events ?? [], t.executions, t.journal);
  const [putCall, getCall] = t.journal as [JournalEntry, JournalEntry];

  it("finds the call that sent each message", () => {
    expect(index.callOf("clerk-1#1")).toBe(putCall);
    expect(index.callOf("clerk-1#3")).toBe(putCall);
    expect(index.callOf("clerk-1#4")).toBe(getCall);
    expect(index.callOf("clerk-1#5")).toBeUndefined();
  });

  it("gives each attempt of a call its fate, send time, answer time and executions", () => {
    const attempts = index.attemptsOf(putCall);
    expect(attempts.map(({ id, number, fate }) => ({ id, number, fate }))).toEqual([
      { id: "clerk-1#1", number: 1, fate: "request-lost" },
      { id: "clerk-1#2", number: 2, fate: "reply-lost" },
      { id: "clerk-1#3", number: 3, fate: "answered" },
    ]);
    expect(attempts[0]!.sentMs).toBe(0);
    expect(attempts[0]!.executions).toEqual([]);
    expect("answeredMs" in attempts[1]!).toBe(false);
    expect(attempts[2]!.answeredMs).toBeCloseTo(204.786, 6);
    expect(attempts[2]!.executions.map((run) => run.reply)).toEqual([{ err: "ErrVersion" }]);
    // Worked out once: the same array again.
    expect(index.attemptsOf(putCall)).toBe(attempts);
  });

  it("keeps both executions of a duplicated request, in the order they finished", () => {
    expect(index.executionsOf("clerk-1#4").map((run) => run.copy)).toEqual([0, 1]);
    expect(index.attemptsOf(getCall)).toHaveLength(1);
    expect(index.executionsOf("clerk-9#1")).toEqual([]);
  });

  it("a call still under way (no last sequence number yet) has no attempts", () => {
    expect(index.attemptsOf({ ...putCall, id: 99, lastSeq: undefined })).toEqual([]);
  });
});

describe("MessageIndex fates from the trace alone", () => {
  const event = (time: number, kind: TraceEvent["kind"], subject: string): TraceEvent => ({ time, kind, subject, detail: "" });
  const call: JournalEntry = { id: 0, client: "c", op: "get", key: "k", callMs: 0, firstSeq: 1, lastSeq: 2 };

  it("unreachable when the server could not be reached, no answer when nothing came back", () => {
    const trace = [event(1000, "send", "c#1 get→s"), event(1000, "unreachable", "c#1 get→s"), event(2000, "send", "c#2 get→s")];
    const attempts = new MessageIndex(trace, [], [call]).attemptsOf(call);
    expect(attempts.map((a) => [a.id, a.fate, a.sentMs])).toEqual([
      ["c#1", "unreachable", 1],
      ["c#2", "unanswered", 2],
    ]);
  });

  it("ignores events that are not about a message", () => {
    const index = new MessageIndex([event(0, "spawn", "tester"), event(0, "timer", "c 100ms")], [], []);
    expect(index.executionsOf("tester")).toEqual([]);
  });
});

describe("replyErr", () => {
  it("is a KV reply's error, and undefined for anything else", () => {
    expect(replyErr({ err: "ErrVersion" })).toBe("ErrVersion");
    expect(replyErr({ value: "v", version: 1, err: "OK" })).toBe("OK");
    expect(replyErr({ err: 3 })).toBeUndefined();
    expect(replyErr(null)).toBeUndefined();
    expect(replyErr("OK")).toBeUndefined();
    expect(replyErr(undefined)).toBeUndefined();
  });
});

describe("describeAttempt", () => {
  const run = (startMs: number, endMs: number, reply: unknown): Execution =>
    ({ id: "c#1", copy: 0, server: "s", incarnation: 1, method: "put", args: {}, reply, startMs, endMs, abandoned: false }) as Execution;
  const attempt = (fate: Attempt["fate"], executions: Execution[], answeredMs?: number): Attempt => ({ id: "c#1", number: 2, sentMs: 0, fate, executions, ...(answeredMs === undefined ? {} : { answeredMs }) });

  it("says when it ran, what the server replied, and what became of the reply", () => {
    expect(describeAttempt(attempt("answered", [run(1.5, 1.5, { err: "OK" })], 2.25))).toBe("attempt 2 (c#1): executed at 1.500ms (server replied OK), answered at 2.250ms");
    expect(describeAttempt(attempt("reply-lost", [run(1, 3, { err: "ErrVersion" })]))).toBe("attempt 2 (c#1): executed at 1.000ms–3.000ms (server replied ErrVersion), reply lost");
    expect(describeAttempt(attempt("unanswered", []))).toBe("attempt 2 (c#1): never executed, no answer");
  });

  it("lists every execution of a duplicated request, and quotes a reply that is not a KV reply", () => {
    expect(describeAttempt(attempt("answered", [run(1, 1, { err: "OK" }), run(2, 2, 42)], 3))).toBe(
      "attempt 2 (c#1): executed at 1.000ms (server replied OK), then executed at 2.000ms (server replied 42), answered at 3.000ms",
    );
  });

  it("quotes a reply that has no JSON (a bigint, a cycle) as Node shows it, rather than throwing", () => {
    const cycle: Record<string, unknown> = { err: 1 };
    cycle["self"] = cycle;
    expect(describeAttempt(attempt("reply-lost", [run(1, 1, 10n)]))).toBe("attempt 2 (c#1): executed at 1.000ms (server replied 10n), reply lost");
    expect(describeAttempt(attempt("reply-lost", [run(1, 1, cycle)]))).toContain("(server replied <ref *1> { err: 1, self: [Circular *1] })");
  });

  it("says only that a lost or undeliverable request was lost or unreachable", () => {
    expect(describeAttempt(attempt("request-lost", []))).toBe("attempt 2 (c#1): request lost");
    expect(describeAttempt(attempt("unreachable", []))).toBe("attempt 2 (c#1): server unreachable");
  });
});
