import { describe, expect, it } from "vitest";
import { nameKey } from "../../../../labnet/index.js";
import { runScenario } from "../../../../src/harness/index.js";
import { kvraftLab, kvraftReference, ReferenceKVServer, type GetReply, type KVRaftImplementation } from "../../../../src/labs/kvraft/index.js";
import { kvraftScenarioSize, kvraftScenarioToRun, parseKvRaftScenario } from "../../../../src/labs/kvraft/scenario/index.js";
import { raftReference } from "../../../../src/labs/raft/index.js";
import { fakeImpl } from "../world/fakes.js";

/** A scenario of 3 servers and one client on one key for 2 s, with `fields` changed. */
function scenario(fields: Record<string, unknown> = {}) {
  return parseKvRaftScenario({ kvlab: "kvlab-scenario/1", lab: "kvraft", seed: 1, servers: 3, workload: { clients: 1, keys: 1, putPercent: 50, durationMs: 2000 }, ...fields }, "s.json");
}

/** A KV server whose get never answers. */
class NeverAnswersGet extends ReferenceKVServer {
  override get(): Promise<GetReply> {
    return new Promise(() => {});
  }
}

describe("a replicated KV scenario run", () => {
  it("passes on the reference through a crash of every server, once all are restarted: each operation under way returns and the history is linearizable", async () => {
    const faults = [0, 1, 2].map((peer) => ({ atMs: 1000, action: "crash", peer }));
    const report = await runScenario(kvraftLab as never, kvraftLab.reference, scenario({ faults }), "all-crash");
    expect([report.verdict, report.message]).toEqual(["pass", undefined]);
    expect(report.ops).toBeGreaterThan(20);
  });

  it("fails when a clerk's operation under way does not return once everything is healed, naming it", async () => {
    const impl: KVRaftImplementation = { ...kvraftReference, startKVServer: (...args) => new NeverAnswersGet(...args) };
    const report = await runScenario(kvraftLab as never, { kvraft: impl, raft: raftReference }, scenario({ workload: { clients: 1, keys: 1, putPercent: 0, durationMs: 2000 } }), "silent");
    expect(report.message).toBe('clerk-1\'s get("k0") did not return within 10 s after everything was healed');
  });

  it("fails at once when a clerk hands ErrWrongLeader to its caller", async () => {
    const fake = fakeImpl();
    fake.script.clerkAnswers = ["ErrWrongLeader"];
    const report = await runScenario(kvraftLab as never, fake.impl, scenario({ workload: { clients: 1, keys: 1, putPercent: 100, durationMs: 2000 } }), "leaks");
    expect(report.message).toBe('clerk-1\'s put("k0") returned ErrWrongLeader: a clerk keeps trying until a leader answers');
    expect(report.virtualMs).toBe(0);
  });

  it("checks only what the scenario names: without checks, a history no one checks passes", async () => {
    const fake = fakeImpl();
    fake.script.clerkAnswers = [{ value: "never put", version: 7, err: "OK" }];
    const only = (checks: string[]) => runScenario(kvraftLab as never, fake.impl, scenario({ workload: { clients: 1, keys: 1, putPercent: 0, durationMs: 100 }, checks }), "unchecked");
    expect((await only([])).verdict).toBe("pass");
    expect((await only(["linearizability"])).message).toBe("history is not linearizable");
  });

  it("runs on the scenario's network and seed (a word becomes a stable number), with time for its timeline", () => {
    const run = kvraftScenarioToRun(scenario({ seed: "churn", network: ["unreliable", "longReordering"], faults: [{ atMs: 90_000, action: "heal" }] }), "s");
    expect([run.seed, run.network.dropRequest, run.network.reorder, run.definition.reliable, run.definition.timeLimitMs]).toEqual([nameKey("churn"), 0.1, 600 / 900, false, 150_000]);
    expect(kvraftScenarioToRun(scenario({ seed: "12" }), "s").seed).toBe(12);
  });

  it("says its size in the fuzzer's words", () => {
    expect(kvraftScenarioSize(scenario())).toBe("3 server(s), 1 client(s), 0 fault(s)");
    expect(kvraftScenarioSize(scenario({ faults: [{ atMs: 5, action: "heal" }, { atMs: 1200, action: "crash", peer: 1 }] }))).toBe("3 server(s), 1 client(s), 2 fault(s), the last at 1200 ms");
  });
});
