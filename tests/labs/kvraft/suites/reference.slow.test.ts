// Every test of the replicated KV lab passes on the reference (its KV layer over the reference
// Raft) at two seeds, run through the harness's runTest as `kvlab test --lab kvraft` runs them.
import { describe, expect, it } from "vitest";
import { allKvRaftTests, runKvRaftTest } from "./test-lab.js";

describe("the reference", () => {
  for (const definition of allKvRaftTests) {
    for (const seed of [1, 2]) {
      it(`passes ${definition.name} at seed ${seed}`, async () => {
        const report = await runKvRaftTest(definition, seed);
        expect(report.message).toBeUndefined();
        expect(report.verdict).toBe("pass");
      });
    }
  }
});
