import { describe, expect, it } from "vitest";
import { allTests, reference, runLabTest } from "../../../../src/index.js";

// Investigating a run (journal of clerk calls, server executions, trace kept) must not change
// it: a failure found in a plain run must be the one the forensics explain.
describe("forensics leave a run unchanged", () => {
  const quick = allTests.filter((test) => !test.name.startsWith("TestMem"));
  it.each(quick.map((test) => [test.name, test] as const))("%s has the same trace with forensics on", async (_, test) => {
    const plain = await runLabTest(reference, test, 2);
    const investigated = await runLabTest(reference, test, 2, { forensics: true, trace: true });
    expect(investigated.traceHash).toBe(plain.traceHash);
  });
});
