import { describe, expect, it } from "vitest";
import type { Execution, TraceEvent } from "../../../../labnet/index.js";
import { MessageIndex } from "../../../../src/labs/kv/forensics/attempts.js";
import { diagnose } from "../../../../src/labs/kv/forensics/diagnose.js";
import type { JournalEntry } from "../../../../src/labs/kv/forensics/journal.js";

/**
 * A hand-made record of clerk-1's calls: each message is sent at its number × 10 ms, and either
 * executed (with `reply`) and answered 5 ms later, or has its reply dropped.
 */
function record(calls: Omit<JournalEntry, "id" | "client" | "callMs" | "returnMs">[], messages: { seq: number; reply: unknown; answered: boolean }[]) {
  const trace: TraceEvent[] = [];
  const executions: Execution[] = [];
  for (const { seq, reply, answered } of messages) {
    const subject = `clerk-1#${seq} clerk-1→kvserver`;
    const at = seq * 10_000;
    trace.push({ time: at, kind: "send", subject, detail: "" }, { time: at + 1000, kind: "execute", subject, detail: "" });
    trace.push({ time: at + 2000, kind: answered ? "deliver" : "drop-reply", subject, detail: "" });
    const call = calls.find((c) => c.firstSeq <= seq && seq <= (c.lastSeq ?? c.firstSeq))!;
    executions.push({ id: `clerk-1#${seq}`, copy: 0, server: "kvserver", incarnation: 1, method: call.op, args: { key: call.key, value: call.value, version: call.version }, reply, startMs: at / 1000 + 1, endMs: at / 1000 + 1, abandoned: false });
  }
  const journal: JournalEntry[] = calls.map((call, id) => ({ ...call, id, client: "clerk-1", callMs: call.firstSeq * 10, returnMs: (call.lastSeq ?? call.firstSeq) * 10 + 5 }));
  return diagnose(journal, executions, new MessageIndex(trace, executions, journal));
}

describe("each rule fires only when its premise holds", () => {
  it("a put resent, its first attempt applied: ErrVersion is the clerk's fault", () => {
    const findings = record([{ op: "put", key: "k", value: "a", version: 0, result: "ErrVersion", firstSeq: 1, lastSeq: 2 }], [
      { seq: 1, reply: { err: "OK" }, answered: false },
      { seq: 2, reply: { err: "ErrVersion" }, answered: true },
    ]);
    expect(findings.map((f) => f.text)).toEqual([expect.stringMatching(/attempt 1 was applied .* after a resend it must return ErrMaybe$/)]);
  });

  it("ErrVersion that answered the first send is right, even after a resend", () => {
    const findings = record([{ op: "put", key: "k", value: "a", version: 3, result: "ErrVersion", firstSeq: 1, lastSeq: 2 }], [
      { seq: 1, reply: { err: "ErrVersion" }, answered: true },
      { seq: 2, reply: { err: "ErrVersion" }, answered: false },
    ]);
    expect(findings.filter((f) => f.severity === "clerk")).toEqual([]);
  });

  it("a call that returned after an earlier attempt was answered did not return without an answer", () => {
    const findings = record([{ op: "get", key: "k", result: { value: "", version: 0, err: "ErrNoKey" }, firstSeq: 1, lastSeq: 2 }], [
      { seq: 1, reply: { value: "", version: 0, err: "ErrNoKey" }, answered: true },
      { seq: 2, reply: { value: "", version: 0, err: "ErrNoKey" }, answered: false },
    ]);
    expect(findings).toEqual([]);
  });

  it("a call none of whose attempts was answered did return without one", () => {
    const findings = record([{ op: "get", key: "k", result: { value: "", version: 0, err: "ErrNoKey" }, firstSeq: 1, lastSeq: 1 }], [{ seq: 1, reply: { value: "", version: 0, err: "ErrNoKey" }, answered: false }]);
    expect(findings.map((f) => f.text)).toEqual([expect.stringMatching(/returned ErrNoKey without an answer/)]);
  });

  it("an ErrMaybe never applied is a note only when the caller did not read the key next", () => {
    const maybe = { op: "put" as const, key: "lock", value: "me", version: 0, result: "ErrMaybe" as const, firstSeq: 1, lastSeq: 2 };
    const messages = [
      { seq: 1, reply: { err: "ErrVersion" }, answered: false },
      { seq: 2, reply: { err: "ErrVersion" }, answered: true },
      { seq: 3, reply: { value: "x", version: 1, err: "OK" }, answered: true },
    ];
    const readNext = record([maybe, { op: "get", key: "lock", result: { value: "x", version: 1, err: "OK" }, firstSeq: 3, lastSeq: 3 }], messages);
    expect(readNext.filter((f) => f.severity === "note")).toEqual([]);
    const readOther = record([maybe, { op: "get", key: "other", result: { value: "x", version: 1, err: "OK" }, firstSeq: 3, lastSeq: 3 }], messages);
    expect(readOther.map((f) => f.text)).toContainEqual(expect.stringMatching(/returned ErrMaybe but was never applied .*clerk-1 did not read the key next to see; a caller that takes this ErrMaybe as success is wrong$/));
  });

  it("a get's reply that is not an object is no get reply to judge, and does not crash the diagnosis", () => {
    expect(record([{ op: "get", key: "k", firstSeq: 1, lastSeq: 1 }], [{ seq: 1, reply: undefined, answered: true }])).toEqual([]);
  });
});
