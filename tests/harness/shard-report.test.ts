// shardReport: what kvlab test --json adds to a run's report so that kvlab merge can rebuild its
// rerun line and its place in the sweep without the run.
import { describe, expect, it } from "vitest";
import { rerunCommand, shardReport, shardReportRerun, unrunReport, type RunOptions } from "../../src/harness/index.js";
import { counterRun } from "./counter-lab/runs.js";

describe("shardReport", () => {
  it.each<[string, RunOptions]>([
    ["the reference implementation", {}],
    ["an implementation", { implPath: "./my counter.ts" }],
    ["a part's module", { implPath: "c.ts", parts: { server: "./my server.ts" } }],
    ["a budget and the determinism check", { implPath: "c.ts", checkSteps: 1000, checkDeterminism: true }],
    ["the determinism check turned off", { checkDeterminism: false }],
  ])("rebuilds the run's own rerun line, for %s", (_, options) => {
    const run = counterRun("TestInitialGet", { seed: 7, options });
    const report = shardReport(unrunReport(run.definition, 7, "fail", "boom"), run, 12);
    expect(shardReportRerun(JSON.parse(JSON.stringify(report)))).toBe(rerunCommand(run));
  });

  it("adds the sweep's lab, options and the run's place, and only the options given", () => {
    const run = counterRun("TestInitialGet", { seed: 3, options: { implPath: "c.ts", checkDeterminism: false } });
    const base = unrunReport(run.definition, 3, "skip", "not here");
    expect(shardReport(base, run, 4)).toEqual({ ...base, lab: "counter", impl: "c.ts", sweepIndex: 4 });
    const parted = counterRun("TestInitialGet", { seed: 3, options: { parts: { server: "s.ts" } } });
    expect(shardReport(base, parted, 4)).toEqual({ ...base, lab: "counter", parts: { server: "s.ts" }, sweepIndex: 4 });
    expect(shardReport(base, counterRun("TestInitialGet", { seed: 3, options: { parts: {} } }), 4)).not.toHaveProperty("parts");
  });
});
