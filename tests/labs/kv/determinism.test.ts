import { describe, expect, it } from "vitest";
import { allTests, reference, runLabTest } from "../../../src/index.js";

// Every test of every suite is a pure function of (implementation, test, seed).
describe("suite runs are deterministic", () => {
  const quick = allTests.filter((test) => !test.name.startsWith("TestMem"));

  it.each(quick.map((test) => [test.name, test] as const))("%s: the same seed gives the same trace twice", async (_, test) => {
    const first = await runLabTest(reference, test, 3);
    const second = await runLabTest(reference, test, 3);
    expect(second.traceHash).toBe(first.traceHash);
    expect([second.rpcs, second.ops, second.virtualMs]).toEqual([first.rpcs, first.ops, first.virtualMs]);
  });

  it("different seeds give different runs", async () => {
    const test = allTests.find((t) => t.name === "TestUnreliableNet")!;
    const hashes = new Set<string>();
    for (let seed = 1; seed <= 5; seed++) hashes.add((await runLabTest(reference, test, seed)).traceHash);
    expect(hashes.size).toBe(5);
  });
});
