// kvlab fuzz on the Raft lab: it finds a classic bug from a fixed fuzz seed within a modest number
// of scenarios, shrinks the plan to what the bug needs, and finds nothing against the reference.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fuzz, loadImplementation, type Lab } from "../../../../src/harness/index.js";
import { raftLab, type RaftImplementation } from "../../../../src/labs/raft/index.js";
import type { RaftScenario } from "../../../../src/labs/raft/scenario/index.js";
import { repo } from "../../../support/run-cli.js";

/** examples/raft/buggy/votes-without-log-check.ts, as --impl loads it. */
const votesWithoutLogCheck = await loadImplementation<RaftImplementation>(raftLab as Lab<RaftImplementation>, join(repo, "examples", "raft", "buggy", "votes-without-log-check.ts"));

describe("fuzzing the Raft lab", () => {
  it("finds a Raft that votes without the log check and shrinks the plan to one fault at 0 ms on 3 peers and 1 client, failing on an invariant as it breaks", async () => {
    const result = await fuzz(raftLab as never, votesWithoutLogCheck, { runs: 100, seed: 1 });
    const found = result.counterexample!;
    expect(found.run).toBeLessThanOrEqual(50);
    expect(found.shrinks).toBeGreaterThan(0);
    const scenario = found.scenario as RaftScenario;
    expect([scenario.peers, scenario.workload.clients]).toEqual([3, 1]);
    // One peer cut off from the start: it wins an election once healed, its log empty.
    expect(scenario.faults).toEqual([{ atMs: 0, action: "partition", groups: [[1], [0, 2]] }]);
    expect(found.report.message).toMatch(/^leader completeness violated: raft-\d leads term \d+ but has /);
    expect(found.report.trace?.length).toBeGreaterThan(0);
  });

  it("the same fuzz seed finds the same plan", async () => {
    const [a, b] = [await fuzz(raftLab as never, votesWithoutLogCheck, { runs: 100, seed: 1 }), await fuzz(raftLab as never, votesWithoutLogCheck, { runs: 100, seed: 1 })];
    expect(b.counterexample!.scenario).toEqual(a.counterexample!.scenario);
    expect(b.counterexample!.report.traceHash).toBe(a.counterexample!.report.traceHash);
  });

  it("finds nothing against the reference in 100 scenarios at each of two fuzz seeds", async () => {
    for (const seed of [1, 2]) {
      const result = await fuzz(raftLab as never, raftLab.reference, { runs: 100, seed });
      expect([seed, result.runs, result.counterexample?.report.message]).toEqual([seed, 100, undefined]);
    }
  });
});
