import { describe, expect, it } from "vitest";
import { allRaftTests, runRaftTest } from "./test-lab.js";

/** Seeds every test runs at on the reference. */
const SEEDS = [1, 2, 3];

describe("the reference Raft", () => {
  for (const definition of allRaftTests) {
    it(`passes ${definition.name} at seeds ${SEEDS.join(", ")}`, async () => {
      for (const seed of SEEDS) {
        const report = await runRaftTest(definition, seed);
        expect({ seed, verdict: report.verdict, message: report.message }).toEqual({ seed, verdict: "pass", message: undefined });
      }
    });
  }
});
