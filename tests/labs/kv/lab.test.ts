import { describe, expect, it } from "vitest";
import { Simulation } from "../../../labnet/index.js";
import { checkImplementation, loadImplementation, reference, runLabTest, allTests, selectTests } from "../../../src/index.js";
import { KvRecorder } from "../../../src/labs/kv/history.js";
import { retainedBytes } from "../../../src/harness/memory.js";

describe("history recording", () => {
  it("orders calls and returns by when they happened, even at the same virtual instant", async () => {
    const sim = new Simulation({ seed: 1 });
    const recorder = new KvRecorder(() => sim.now());
    sim.spawn("a", () => recorder.record(0, { op: "get", key: "k" }, async () => ({ value: "", err: "ErrNoKey" })));
    sim.spawn("b", async (env) => {
      await env.sleep(0);
      await recorder.record(1, { op: "put", key: "k", value: "x", version: 0 }, async () => ({ err: "OK" }));
    });
    await sim.run();
    const [first, second] = recorder.operations;
    expect(first!.callMs).toBe(second!.callMs);
    expect(first!.return!).toBeLessThan(second!.call);
  });
});

describe("memory measurement", () => {
  it("counts what an object graph holds, deterministically, and grows with what it keeps", () => {
    const small = new Map([["k", { value: "v", version: 1 }]]);
    const big = new Map([["k", { value: "v".repeat(1000), version: 1 }]]);
    expect(retainedBytes(small)).toBe(retainedBytes(new Map([["k", { value: "v", version: 1 }]])));
    expect(retainedBytes(big) - retainedBytes(small)).toBe(999);
    const shared = { x: "abc" };
    // An object held twice is counted once: a second, distinct copy costs its 12 bytes.
    expect(retainedBytes([shared, { x: "abc" }]) - retainedBytes([shared, shared])).toBe(12);
  });
});

describe("implementations that do not fit, or hang", () => {
  it("names what a module lacks", () => {
    expect(() => checkImplementation(undefined, "m.ts")).toThrow("m.ts: the default export must be an object { createServer, createClerk, createLock? }; got undefined");
    expect(() => checkImplementation({ createClerk: () => ({}) }, "m.ts")).toThrow("m.ts: the default export lacks createServer");
  });

  it("a lock that never acquires fails at the virtual time limit, naming the stuck clients", async () => {
    const impl = { ...reference, createLock: () => ({ acquire: async () => new Promise<void>(() => {}), release: async () => {} }) };
    const basic = await runLabTest(impl, allTests.find((t) => t.name === "TestReliableBasic")!, 1);
    expect(basic.verdict).toBe("fail");
    expect(basic.message).toMatch(/^deadlock at [\d.]+ms: no event is pending, but tester never finished\./);
  });

  it("a clerk that spins forever on virtual time fails at the time limit instead of hanging", async () => {
    const impl = await loadImplementation("tests/labs/kv/fixtures/spinning-clerk.ts");
    const report = await runLabTest(impl, allTests.find((t) => t.name === "TestReliablePut")!, 1);
    expect(report.message).toBe("virtual time limit of 120000ms reached with tasks still running: tester (a livelock, or a loop that never ends)");
  });

  it("lock tests are skipped, not failed, for an implementation without createLock", async () => {
    const { createLock: _, ...withoutLock } = reference;
    const report = await runLabTest(withoutLock, selectTests("lock")[0]!, 1);
    expect(report).toMatchObject({ verdict: "skip", message: "the implementation has no createLock" });
  });
});
