import { describe, expect, it } from "vitest";
import type { TestReport } from "../../../../src/harness/index.js";
import { MessageIndex } from "../../../../src/labs/kv/forensics/attempts.js";
import { buildRunView } from "../../../../src/labs/kv/forensics/build-run-view.js";
import type { Finding } from "../../../../src/labs/kv/forensics/diagnose.js";
import type { Investigation } from "../../../../src/labs/kv/forensics/investigate.js";
import { reference } from "../../../../src/labs/kv/reference.js";
import { SERVER, SimulatedKvWorld, labProfile } from "../../../../src/labs/kv/sim-world.js";
import { recordedGet, recordedPut } from "../../../../src/labs/kv/suites/kvtest.js";

/**
 * A traced forensics run of two clients: clerk-1's put loses its first request and its second's
 * reply (it returns ErrMaybe), clerk-2's get is duplicated; then the server is partitioned and
 * healed, crashed and restarted, and the network changed. The report says it failed.
 */
async function investigation(findings: Finding[] = []): Promise<Investigation> {
  const world = new SimulatedKvWorld(reference, { seed: 1, reliable: true, forensics: true, trace: true });
  world.net.decide("clerk-1#1", { dropRequest: true });
  world.net.decide("clerk-1#2", { dropReply: true });
  world.net.decide("clerk-2#1", { duplicate: true });
  world.sim.spawn("tester", async (env) => {
    const one = world.makeClerk();
    const two = world.makeClerk();
    await recordedPut(world, one, "k", "v", 0, 0);
    await recordedGet(world, two, "k", 1);
    world.net.partition(["clerk-1"], [SERVER]);
    await env.sleep(10);
    world.net.heal();
    world.net.crash(SERVER);
    await env.sleep(10);
    world.net.restart(SERVER);
    world.net.setProfile(labProfile(false));
  });
  await world.sim.run();
  const trace = world.sim.trace.events ?? [];
  const report = { test: "TestSomething", seed: 4, verdict: "fail", message: "it broke", virtualMs: world.sim.now(), trace } as TestReport;
  return { report, world, index: new MessageIndex(trace, world.executions, world.journal), findings };
}

describe("buildRunView", async () => {
  const base = await investigation();
  const view = buildRunView(base, ["\u001b[1mbold\u001b[22m explanation"], undefined);

  it("titles the page by test and seed, with the failure as its summary", () => {
    expect(view.title).toBe("TestSomething, seed 4");
    expect(view.verdict).toBe("fail");
    expect(view.summary).toBe("it broke");
  });

  it("keeps the explanation's lines without terminal colours", () => {
    expect(view.explanation).toEqual(["bold explanation"]);
  });

  it("draws every clerk call with its result and attempts, on its client's lane", () => {
    expect(view.operations.map(({ id, lane, label, key, role }) => ({ id, lane, label, key, role }))).toEqual([
      { id: 0, lane: "clerk-1", label: 'Put("k", "v", 0) → ErrMaybe', key: "k", role: "other" },
      { id: 1, lane: "clerk-2", label: 'Get("k") → ("v", 1, OK)', key: "k", role: "other" },
    ]);
    const put = view.operations[0]!;
    expect(put.callMs).toBe(0);
    expect(put.details).toMatchObject({ call: 'Put("k", "v", 0)', returned: "ErrMaybe", "attempt 1": "attempt 1 (clerk-1#1): request lost" });
    expect(put.details["attempt 2"]).toMatch(/^attempt 2 \(clerk-1#2\): executed at [\d.]+ms \(server replied OK\), reply lost$/);
    expect(put.details["attempt 3"]).toMatch(/server replied ErrVersion\), answered at/);
    expect(put.details.time).toMatch(/^0\.000ms – [\d.]+ms$/);
  });

  it("lists the clients' lanes, then the server's", () => {
    expect(view.lanes).toEqual(["clerk-1", "clerk-2", "kvserver"]);
  });

  it("draws each message copy with its fate, times, operation and content", () => {
    const byId = new Map(view.messages.map((message) => [message.id, message]));
    expect([...byId.keys()].sort()).toEqual(["clerk-1#1", "clerk-1#2", "clerk-1#3", "clerk-2#1", "clerk-2#1 (copy 1)"]);
    expect(byId.get("clerk-1#1")).toMatchObject({ from: "clerk-1", to: "kvserver", fate: "request-dropped", operation: 0 });
    expect(byId.get("clerk-1#1")!.details).not.toHaveProperty("arguments");
    expect(byId.get("clerk-1#2")).toMatchObject({ fate: "reply-dropped", operation: 0 });
    expect(byId.get("clerk-1#2")!.details.arguments).toBe('{"key":"k","value":"v","version":0}');
    expect(byId.get("clerk-1#3")).toMatchObject({ fate: "delivered" });
    expect(byId.get("clerk-1#3")!.details.reply).toBe('{"err":"ErrVersion"}');
    expect(byId.get("clerk-2#1")!.operation).toBe(1);
    const fates = [byId.get("clerk-2#1")!.fate, byId.get("clerk-2#1 (copy 1)")!.fate].sort();
    // The first reply to arrive answers the call; the other copy's reply is discarded.
    expect(fates).toEqual(["delivered", "discarded"]);
    for (const message of view.messages) expect(message.sendMs).toBeLessThanOrEqual(message.arriveMs ?? message.sendMs);
  });

  it("marks partitions until their heal, crashes, restarts and network changes", () => {
    expect(view.markers.map(({ kind, label }) => ({ kind, label }))).toEqual([
      { kind: "partition", label: expect.stringMatching(/^partition .*clerk-1.*kvserver/) },
      { kind: "crash", label: "crash kvserver" },
      { kind: "restart", label: "restart kvserver" },
      { kind: "network", label: expect.stringMatching(/^network: /) },
    ]);
    const [partition, crash] = view.markers;
    expect(partition!.untilMs).toBe(partition!.atMs + 10);
    expect(crash!.atMs).toBe(partition!.untilMs);
  });

  it("has no summary of the rest when the whole run is drawn", () => {
    expect(view.rest).toBeUndefined();
  });

  it("a passing report's page says it passed", () => {
    const passed = { ...base, report: { ...base.report, verdict: "pass", message: undefined } as TestReport };
    expect(buildRunView(passed, [], undefined)).toMatchObject({ verdict: "pass", summary: "passed" });
  });
});

describe("buildRunView's roles and findings", () => {
  it("marks the minimal history's kept operations as the violation and its weakened ones as minimal", async () => {
    const inv = await investigation();
    const view = buildRunView(inv, [], { key: "k", kept: [1], weakened: [0], total: 2 });
    expect(view.operations.map((op) => op.role)).toEqual(["minimal", "unplaced"]);
  });

  it("marks the operations a finding names, and lists findings the explanation does not show", async () => {
    const findings: Finding[] = [
      { severity: "server", text: "the server forgot", operations: [1] },
      { severity: "note", text: "already said", operations: [] },
    ];
    const view = buildRunView(await investigation(findings), ["we know: already said"], undefined);
    expect(view.operations.map((op) => op.role)).toEqual(["other", "unplaced"]);
    expect(view.explanation).toEqual(["we know: already said", "[server] the server forgot"]);
  });

  it("lists at most 40 unshown findings, and says how many more there are", async () => {
    const findings: Finding[] = Array.from({ length: 43 }, (_, i) => ({ severity: "clerk", text: `finding ${i}`, operations: [] }));
    const view = buildRunView(await investigation(findings), [], undefined);
    expect(view.explanation).toHaveLength(41);
    expect(view.explanation[39]).toBe("[clerk] finding 39");
    expect(view.explanation[40]).toBe("(and 3 more findings of the same kinds)");
  });
});

describe("buildRunView of a run too big to draw whole", () => {
  it("draws the 300 operations nearest the failure and sums up the whole run", async () => {
    const world = new SimulatedKvWorld(reference, { seed: 1, reliable: true, forensics: true, trace: true });
    world.sim.spawn("tester", async () => {
      const ck = world.makeClerk();
      for (let i = 0; i < 320; i++) await recordedGet(world, ck, "k", 0);
    });
    await world.sim.run();
    const trace = world.sim.trace.events ?? [];
    const report = { test: "TestBig", seed: 1, verdict: "fail", message: "late", virtualMs: world.sim.now(), trace } as TestReport;
    const view = buildRunView({ report, world, index: new MessageIndex(trace, world.executions, world.journal), findings: [] }, [], undefined);
    expect(view.operations).toHaveLength(300);
    // Nearest the failure, at the run's end: the last 300 calls.
    expect(view.operations[0]!.id).toBe(20);
    expect(view.operations.at(-1)!.id).toBe(319);
    expect(view.rest!.total.operations).toBe(320);
    expect(view.rest!.shown.operations).toBe(300);
    expect(view.rest!.byKind).toEqual([["get → ErrNoKey", 320]]);
    expect(view.messages).toHaveLength(300);
  });
});
