// runTest and runInWorld on the counter lab: a run's verdict, its Fatal text, a skip, the place
// of user code that threw, the figures of the report, and a run stopped from outside.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LabEnv } from "../../labnet/index.js";
import { loadImplementation, runInWorld, runTest } from "../../src/harness/index.js";
import { counterLab } from "./counter-lab/lab.js";
import forgetful from "./counter-lab/impls/forgetful.js";
import { counterRun } from "./counter-lab/runs.js";
import type { CounterWorld } from "./counter-lab/world.js";

describe("runTest", () => {
  it("ends the world once the run is reported (the course's cleanup), and leaves a world runInWorld gives back as it was", async () => {
    const ended: number[] = [];
    const endingLab = { ...counterLab, world: (impl: never, options: never) => Object.assign(counterLab.world(impl, options), { end: () => ended.push(1) }) };
    const run = { ...counterRun("TestInitialGet"), lab: endingLab as never };
    expect((await runTest(run)).verdict).toBe("pass");
    expect(ended).toEqual([1]);
    const { world } = await runInWorld(run);
    expect(world).toBeDefined();
    expect(ended).toEqual([1]);
  });

  it("passes the reference, with the world's figures: one peer, every call an RPC, every client call an operation", async () => {
    const report = await runTest(counterRun("TestReliableIncrements", { seed: 3 }));
    expect(report).toMatchObject({ suite: "increments", test: "TestReliableIncrements", title: "Test: concurrent increments", reliable: true, seed: 3, verdict: "pass", info: [], peers: 1 });
    // 3 clients × 5 increments and one get, on a network that loses nothing.
    expect([report.ops, report.rpcs]).toEqual([16, 16]);
    expect(report.virtualMs).toBe(1.332); // as seed 3 draws the reliable network's latencies
    expect(report.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(report).not.toHaveProperty("message");
    expect(report).not.toHaveProperty("trace");
    expect(report).not.toHaveProperty("uncheckedHistories");
  });

  it("on the unreliable network, the reference resends: more RPCs than operations, and still one count per increment", async () => {
    const report = await runTest(counterRun("TestUnreliableIncrements", { seed: 1 }));
    expect(report.verdict).toBe("pass");
    expect(report.ops).toBe(16);
    expect(report.rpcs).toBe(21); // seed 1 loses five calls, each sent again
  });

  it("fails with the lab's own Fatal text, and no reason, when the test's assertion fails", async () => {
    const impl = { ...counterLab.reference, createServer: () => ({ get: () => ({ value: 1 }), increment: () => ({ value: 2 }) }) };
    const report = await runTest(counterRun("TestInitialGet", { impl }));
    expect(report).toMatchObject({ verdict: "fail", message: "a new counter reads 1, not 0" });
    expect(report).not.toHaveProperty("reason");
  });

  it("fails with the lab's Fatal text and its typed reason when the history is not linearizable", async () => {
    const reports = [];
    // Runs never overlap in a thread: one after another.
    for (const seed of [1, 2, 3]) reports.push(await runTest(counterRun("TestUnreliableIncrements", { impl: forgetful, seed })));
    for (const report of reports) {
      expect(report.verdict).toBe("fail");
      expect(report.message).toBe("the history of 16 operations is not linearizable");
      expect(report.reason).toEqual({ kind: "linearizability" });
    }
    // The same implementation passes where nothing is lost or resent.
    expect((await runTest(counterRun("TestReliableIncrements", { impl: forgetful }))).verdict).toBe("pass");
  });

  it("skips a test the implementation says it cannot run, with the lab's words, and runs nothing", async () => {
    const report = await runTest(counterRun("TestUnreliableIncrements", { impl: { ...forgetful, atMostOnce: false } }));
    expect(report).toMatchObject({ verdict: "skip", message: "the implementation does not claim at-most-once increments", peers: 0, rpcs: 0, ops: 0, traceHash: "" });
  });

  it("names the place in the user's file where a handler threw", async () => {
    const file = join(import.meta.dirname, "counter-lab/impls/throwing.ts");
    const report = await runTest(counterRun("TestReliableIncrements", { impl: await loadImplementation(counterLab, file) }));
    expect(report.verdict).toBe("fail");
    expect(report.message).toBe(`server "counter" handler "increment" threw: the counter is broken (at tests/harness/counter-lab/impls/throwing.ts:6:11)`);
  });

  it("says which task threw, when, and how, when a test's own client throws something that is not an Error", async () => {
    const impl = { ...counterLab.reference, createClient: () => ({ increment: () => Promise.reject("no increments today"), get: () => Promise.resolve(0) }) };
    const report = await runTest(counterRun("TestReliableIncrements", { impl }));
    expect(report.verdict).toBe("fail");
    // All three clients' tasks throw at time 0; seed 1 runs task-2 first.
    expect(report.message).toBe("task-2 threw at 0.000ms: 'no increments today'");
  });

  it("fails, naming the user's line, when user code throws as the world is built", async () => {
    const impl = {
      ...counterLab.reference,
      createServer: () => {
        throw new RangeError("no server today");
      },
    };
    const report = await runTest(counterRun("TestInitialGet", { impl }));
    expect(report).toMatchObject({ verdict: "fail", peers: 0, rpcs: 0, traceHash: "" });
    expect(report.message).toMatch(/^the test's world could not be built: RangeError: no server today \(at tests\/harness\/run-test\.test\.ts:\d+:\d+\)$/);
  });

  it("counts a linearizability check out of budget as a typed note: the run passes and says so", async () => {
    const report = await runTest(counterRun("TestReliableIncrements", { options: { checkSteps: 1 } }));
    expect(report.verdict).toBe("pass");
    expect(report.uncheckedHistories).toBe(1);
    expect(report.info).toEqual(["info: linearizability check timed out, assuming history is ok"]);
  });

  it("keeps the trace's events when asked, without changing the run", async () => {
    const traced = await runTest(counterRun("TestInitialGet", { options: { trace: true } }));
    const plain = await runTest(counterRun("TestInitialGet"));
    // The tester and its client start, the client's end is wired, its one get goes and comes back, and both finish.
    expect(traced.trace?.map((event) => event.kind)).toEqual(["spawn", "spawn", "connect", "enable", "send", "execute", "reply", "deliver", "finish", "finish"]);
    expect(traced.traceHash).toBe(plain.traceHash);
  });

  it("gives the same trace hash for the same seed, and another for another seed", async () => {
    const hashes = [];
    for (const seed of [1, 1, 2]) hashes.push((await runTest(counterRun("TestUnreliableIncrements", { seed }))).traceHash);
    expect(hashes[0]).toBe(hashes[1]);
    expect(hashes[2]).not.toBe(hashes[0]);
  });

  it("lists where user code reached for ambient time, even in a run that failed, and nothing where it did not", async () => {
    const impl = {
      ...counterLab.reference,
      createServer: (env: LabEnv) => {
        const server = counterLab.reference.createServer(env) as { get(): unknown };
        return { increment: () => ({ value: Date.now() }), get: () => server.get() };
      },
    };
    const report = await runTest(counterRun("TestInitialGet", { impl }));
    expect(report.verdict).toBe("pass");
    expect(report.ambient).toEqual([]);
    const failed = await runTest(counterRun("TestReliableIncrements", { impl }));
    expect(failed.verdict).toBe("fail");
    expect(failed.ambient?.map((use) => use.api)).toEqual(["Date.now"]);
    expect(failed.ambient?.[0]?.site).toMatch(/tests\/harness\/run-test\.test\.ts:\d+:\d+$/);
  });

  it("stops at once, failing, when its signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort("enough");
    const report = await runTest(counterRun("TestReliableIncrements", { options: { signal: controller.signal } }));
    expect(report.verdict).toBe("fail");
    expect(report.message).toBe("the run was stopped from outside: enough");
  });
});

describe("runInWorld", () => {
  it("gives back the test's world, with the history its clients recorded", async () => {
    const { report, world } = await runInWorld<CounterWorld>(counterRun("TestReliableIncrements"));
    expect(report.verdict).toBe("pass");
    expect(world?.history).toHaveLength(16);
    expect(world?.history.filter((op) => op.input.op === "increment").map((op) => op.output?.value).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it("gives back no world for a skipped test", async () => {
    const { report, world } = await runInWorld(counterRun("TestUnreliableIncrements", { impl: { ...counterLab.reference, atMostOnce: false } }));
    expect(report.verdict).toBe("skip");
    expect(world).toBeUndefined();
  });
});
