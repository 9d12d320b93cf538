// FailureReason: the harness's own kind (a lost run) and any kind a lab names, carried as they are
// from a LabFailure to the report and its JSON.
import { describe, expect, it } from "vitest";
import { LabFailure, runTest, type LabReason, type TestDefinition } from "../../src/harness/index.js";
import { counterRun, counterTest } from "./counter-lab/runs.js";

/** A run of the counter lab whose test fails at once with `reason`. */
function failingWith(reason: LabReason | undefined) {
  const definition: TestDefinition = {
    ...counterTest("TestInitialGet"),
    body: async () => {
      throw new LabFailure("the counter overflowed", reason);
    },
  };
  return { ...counterRun("TestInitialGet"), definition };
}

describe("a failure's reason", () => {
  it("is a lab's own kind, unknown to the harness, as the lab gave it, in the report and its JSON", async () => {
    const report = await runTest(failingWith({ kind: "overflow" }));
    expect([report.verdict, report.message, report.reason]).toEqual(["fail", "the counter overflowed", { kind: "overflow" }]);
    expect(JSON.parse(JSON.stringify(report)).reason).toEqual({ kind: "overflow" });
  });

  it("keeps what a lab's kind carries", async () => {
    const bounded: LabReason & { limit: number } = { kind: "overflow", limit: 3 };
    expect((await runTest(failingWith(bounded))).reason).toEqual({ kind: "overflow", limit: 3 });
  });

  it("is absent, field and all, when the test gave none", async () => {
    const report = await runTest(failingWith(undefined));
    expect(report.verdict).toBe("fail");
    expect(report).not.toHaveProperty("reason");
  });
});
