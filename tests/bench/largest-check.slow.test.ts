import { describe, expect, it } from "vitest";
import { benchLargestCheck, COURSE_LARGEST_CHECK } from "../../bench/largest-check.js";
import { runInWorld, type Lab, type TestDefinition } from "../../src/harness/index.js";
import { kvraftLab, type KvRaftWorld } from "../../src/labs/kvraft/index.js";

describe("benchLargestCheck", () => {
  it("finds, among every check of every kvraft test at seed 1, the one over the most operations, with its checker time", async () => {
    const largest = await benchLargestCheck(1);
    expect(largest.seed).toBe(1);
    expect(largest.checkerMs).toBeGreaterThan(0);
    expect(["ok", "unknown"]).toContain(largest.verdict);
    // The run it names checked a history of exactly that size, and none larger.
    const lab = kvraftLab as unknown as Lab;
    const definition = Object.values(kvraftLab.suites).flat().find((test) => test.name === largest.test) as TestDefinition;
    const { world } = await runInWorld<KvRaftWorld>({ lab, impl: lab.reference, definition, seed: 1, options: {} });
    const sizes = world!.checks.map((check) => check.operations);
    expect(Math.max(...sizes)).toBe(largest.operations);
    expect(largest.operations).toBeGreaterThan(0);
  }, 300_000);

  it("sets it beside the course's largest: TestSnapshotRecoverManyClients4C's 1670 operations, out of Porcupine's 1 s", () => {
    expect(COURSE_LARGEST_CHECK).toEqual({ test: "TestSnapshotRecoverManyClients4C", operations: 1670, checkerMs: 1000, verdict: "unknown" });
  });
});
