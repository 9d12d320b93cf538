import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kvraftScenarioArbitrary, parseKvRaftScenario, type KvRaftScenario } from "../../../../src/labs/kvraft/scenario/index.js";

describe("the fuzzer's replicated KV scenarios", () => {
  it("are valid scenario files, within the shape asked for, with their faults in time order", () => {
    for (const scenario of fc.sample(kvraftScenarioArbitrary({ maxServers: 5, maxClients: 2, maxFaults: 6, horizonMs: 3000 }), { numRuns: 200, seed: 1 })) {
      expect(parseKvRaftScenario(JSON.parse(JSON.stringify(scenario)), "generated")).toEqual(scenario);
      expect(scenario.servers).toBeGreaterThanOrEqual(3);
      expect(scenario.servers).toBeLessThanOrEqual(5);
      expect(scenario.workload.clients).toBeLessThanOrEqual(2);
      expect(scenario.workload.durationMs).toBeLessThanOrEqual(3000);
      expect(scenario.faults.length).toBeLessThanOrEqual(6);
      expect(scenario.faults.map((fault) => fault.atMs)).toEqual(scenario.faults.map((fault) => fault.atMs).sort((a, b) => a - b));
      for (const fault of scenario.faults) {
        expect(fault.atMs).toBeLessThanOrEqual(3000);
        if (fault.action === "partition") expect(fault.groups[0]!.length).toBeLessThan(scenario.servers / 2);
      }
    }
  });

  it("generate every kind of fault, snapshots on and off, and every network", () => {
    const sample = fc.sample(kvraftScenarioArbitrary(), { numRuns: 100, seed: 1 });
    expect([...new Set(sample.flatMap((scenario) => scenario.faults.map((fault) => fault.action)))].sort()).toEqual(["connect", "crash", "disconnect", "heal", "longReordering", "partition", "restart", "unreliable"]);
    expect(new Set(sample.map((scenario) => scenario.maxRaftState === -1))).toEqual(new Set([true, false]));
    expect(new Set(sample.map((scenario) => scenario.network.join("+"))).size).toBe(4);
  });

  it("shrink to fewer faults, earlier, on fewer servers, clients and keys: a plan that fails whenever a server crashes shrinks to one crash at 0 ms, 3 servers, 1 client, 1 key, the shortest run", () => {
    const crashes = (scenario: KvRaftScenario) => scenario.faults.some((fault) => fault.action === "crash");
    const details = fc.check(fc.property(kvraftScenarioArbitrary(), (scenario) => !crashes(scenario)), { seed: 1, numRuns: 200 });
    const [minimal] = details.counterexample as [KvRaftScenario];
    expect([minimal.servers, minimal.faults]).toEqual([3, [{ atMs: 0, action: "crash", peer: 0 }]]);
    expect([minimal.seed, minimal.maxRaftState, minimal.network, minimal.workload]).toEqual([0, -1, ["reliable"], { clients: 1, keys: 1, putPercent: 0, durationMs: 2000, pauseMs: 1 }]);
  });
});
