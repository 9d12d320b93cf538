// kvlab fuzz on the replicated KV lab: from a fixed fuzz seed it finds classic bugs of the KV layer
// (examples/kvraft/buggy, loaded as --impl loads them) within a modest number of scenarios, shrinks
// each plan to what the bug needs, and finds nothing against the reference.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fuzz, loadImplementation, type Lab } from "../../../../src/harness/index.js";
import { kvraftLab, type KvRaftImpl } from "../../../../src/labs/kvraft/index.js";
import type { KvRaftScenario } from "../../../../src/labs/kvraft/scenario/index.js";
import { repo } from "../../../support/run-cli.js";

const lab = kvraftLab as unknown as Lab<KvRaftImpl>;
const buggy = (name: string) => loadImplementation<KvRaftImpl>(lab, join(repo, "examples", "kvraft", "buggy", `${name}.ts`));

describe("fuzzing the replicated KV lab", () => {
  it("finds a server that reads its own table and shrinks the plan to one disconnected server of 3, 1 client on 1 key, the shortest run: the history is not linearizable", async () => {
    const result = await fuzz(lab, await buggy("reads-locally"), { runs: 200, seed: 1 });
    const found = result.counterexample!;
    expect([found.run, found.report.message]).toEqual([92, "history is not linearizable"]);
    expect(found.shrinks).toBeGreaterThan(0);
    const scenario = found.scenario as KvRaftScenario;
    expect([scenario.servers, scenario.workload.clients, scenario.workload.keys, scenario.workload.durationMs]).toEqual([3, 1, 1, 2000]);
    expect(scenario.faults).toEqual([{ atMs: 910, action: "disconnect", peer: 0 }]);
    expect(found.report.trace?.length).toBeGreaterThan(0);
  });

  it("finds an rsm that waits for its own index whatever happens to its leadership, shrunk to one server cut off from the start: a clerk's get never returns", async () => {
    const found = (await fuzz(lab, await buggy("waits-for-its-index"), { runs: 200, seed: 1 })).counterexample!;
    expect(found.run).toBe(19);
    expect(found.report.message).toBe('clerk-2\'s get("k0") did not return within 10 s after everything was healed');
    const scenario = found.scenario as KvRaftScenario;
    expect([scenario.servers, scenario.workload.clients, scenario.faults]).toEqual([3, 1, [{ atMs: 0, action: "partition", groups: [[0], [1, 2]] }]]);
  });

  it("the same fuzz seed finds the same plan and the same run", async () => {
    const impl = await buggy("reads-locally");
    const [a, b] = [await fuzz(lab, impl, { runs: 200, seed: 1 }), await fuzz(lab, impl, { runs: 200, seed: 1 })];
    expect(b.counterexample!.scenario).toEqual(a.counterexample!.scenario);
    expect(b.counterexample!.report.traceHash).toBe(a.counterexample!.report.traceHash);
  });

  it("finds nothing against the reference in 300 scenarios at each of two fuzz seeds", async () => {
    for (const seed of [1, 2]) {
      const result = await fuzz(lab, kvraftLab.reference, { runs: 300, seed });
      expect([seed, result.runs, result.counterexample?.report.message]).toEqual([seed, 300, undefined]);
    }
  });
});
