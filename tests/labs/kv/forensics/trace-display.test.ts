import { describe, expect, it } from "vitest";
import { formatEvent, type Execution, type TraceEvent } from "../../../../labnet/index.js";
import type { KvWorld } from "../../../../src/labs/kv/world.js";
import { traceWithMessages, worldTraceLines } from "../../../../src/labs/kv/forensics/trace-display.js";
import { lossyRun } from "../fixtures/lossy-run.js";

describe("traceWithMessages on a run that loses a request and a reply and duplicates a get", async () => {
  const t = await lossyRun();
  const events = t.sim.trace.events ?? [];
  const lines = traceWithMessages(events, t.executions, t.journal);
  const line = (start: string) => lines.filter((l) => l.startsWith(start) || l.includes(` ${start}`));

  it("has one line per event, each starting with the event's own line", () => {
    expect(lines).toHaveLength(events.length);
    lines.forEach((l, i) => expect(l.startsWith(formatEvent(events[i]!))).toBe(true));
  });

  it("adds the arguments to the send of an executed request", () => {
    expect(line("send clerk-1#2")).toEqual([`101.372ms send clerk-1#2 put→kvserver  args {"key":"k","value":"v","version":0}`]);
  });

  it("adds the clerk call to the send of a request that never arrived", () => {
    expect(line("send clerk-1#1")).toEqual([`0.000ms send clerk-1#1 put→kvserver  for Put("k", "v", 0)`]);
  });

  it("adds the reply to a reply, and to the drop of a reply", () => {
    expect(line("reply clerk-1#3")).toEqual([`203.892ms reply clerk-1#3 put→kvserver  reply {"err":"ErrVersion"}`]);
    expect(line("drop-reply clerk-1#2")).toEqual([`102.477ms drop-reply clerk-1#2 put→kvserver  reply {"err":"OK"}`]);
  });

  it("gives a duplicate's events its copy's arguments and reply", () => {
    expect(line("duplicate clerk-1#4")).toEqual([`204.786ms duplicate clerk-1#4 get→kvserver (copy 1)  args {"key":"k"}`]);
    expect(line("reply clerk-1#4")).toEqual([
      `205.981ms reply clerk-1#4 get→kvserver  reply {"value":"v","version":1,"err":"OK"}`,
      `206.187ms reply clerk-1#4 get→kvserver (copy 1)  reply {"value":"v","version":1,"err":"OK"}`,
    ]);
  });

  it("leaves other events as they are", () => {
    for (const kind of ["spawn", "execute", "deliver", "lost", "drop-request", "timer"]) {
      for (const l of lines.filter((l) => l.split(" ")[1] === kind)) expect(l).not.toMatch(/ {2}(args|reply|for) /);
    }
  });

  it("worldTraceLines is the same for the world's own run", () => {
    expect(worldTraceLines(t)).toEqual(lines);
    expect(() => worldTraceLines({} as KvWorld)).toThrow("this test runs only on the simulated network");
  });
});

describe("traceWithMessages without a record of the message", () => {
  const event = (kind: TraceEvent["kind"], subject: string): TraceEvent => ({ time: 0, kind, subject, detail: "" });

  it("leaves a send no call or execution explains, and a reply with no execution, as they are", () => {
    expect(traceWithMessages([event("send", "c#1 get→s"), event("reply", "c#1 get→s")], [], [])).toEqual(["0.000ms send c#1 get→s", "0.000ms reply c#1 get→s"]);
  });

  it("cuts long arguments and replies to 200 characters", () => {
    const value = "x".repeat(1_000);
    const run = { id: "c#1", copy: 0, server: "s", incarnation: 1, method: "put", args: { value }, reply: { value }, startMs: 0, endMs: 0, abandoned: false } as Execution;
    const [send, reply] = traceWithMessages([event("send", "c#1 put→s"), event("reply", "c#1 put→s")], [run], []);
    for (const l of [send!, reply!]) {
      const shown = l.replace(/^.*? {2}(args|reply) /, "");
      expect(shown.length).toBeLessThanOrEqual(230);
      expect(shown).toContain("(1,012 characters)");
    }
  });
});
