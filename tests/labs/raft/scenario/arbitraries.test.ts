import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRaftScenario, raftScenarioArbitrary, type RaftScenario } from "../../../../src/labs/raft/scenario/index.js";

describe("the fuzzer's Raft scenarios", () => {
  it("are valid scenario files, within the shape asked for, with their faults in time order", () => {
    for (const scenario of fc.sample(raftScenarioArbitrary({ maxPeers: 5, maxClients: 2, maxFaults: 6, horizonMs: 3000 }), { numRuns: 200, seed: 1 })) {
      expect(parseRaftScenario(JSON.parse(JSON.stringify(scenario)), "generated")).toEqual(scenario);
      expect(scenario.peers).toBeGreaterThanOrEqual(3);
      expect(scenario.peers).toBeLessThanOrEqual(5);
      expect(scenario.workload.clients).toBeLessThanOrEqual(2);
      expect(scenario.faults.length).toBeLessThanOrEqual(6);
      expect(scenario.faults.map((fault) => fault.atMs)).toEqual(scenario.faults.map((fault) => fault.atMs).sort((a, b) => a - b));
      for (const fault of scenario.faults) {
        expect(fault.atMs).toBeLessThanOrEqual(3000);
        // A partition leaves a majority on one side: the cluster can go on.
        if (fault.action === "partition") expect(fault.groups[0]!.length).toBeLessThan(scenario.peers / 2);
      }
    }
  });

  it("generate every kind of fault", () => {
    const actions = new Set(fc.sample(raftScenarioArbitrary(), { numRuns: 100, seed: 1 }).flatMap((scenario) => scenario.faults.map((fault) => fault.action)));
    expect([...actions].sort()).toEqual(["connect", "crash", "disconnect", "heal", "longReordering", "partition", "restart", "unreliable"]);
  });

  it("shrink to fewer faults, earlier, on fewer peers and clients: a plan that fails whenever a peer crashes shrinks to one crash, at 0 ms, of 3 peers and 1 client", () => {
    const crashes = (scenario: RaftScenario) => scenario.faults.some((fault) => fault.action === "crash");
    const details = fc.check(fc.property(raftScenarioArbitrary(), (scenario) => !crashes(scenario)), { seed: 1, numRuns: 200 });
    const [minimal] = details.counterexample as [RaftScenario];
    expect([minimal.peers, minimal.workload.clients, minimal.faults]).toEqual([3, 1, [{ atMs: 0, action: "crash", peer: 0 }]]);
    expect([minimal.seed, minimal.snapshot, minimal.network, minimal.workload.forMs]).toEqual([0, false, ["reliable"], 1000]);
  });
});
