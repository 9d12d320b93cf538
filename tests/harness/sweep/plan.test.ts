// A sweep's runs: planJobs makes Run values that share one lab, implementation and options, and
// sweepBase checks that the runs handed to a sweep do, since its workers load those once.
import { describe, expect, it } from "vitest";
import type { Run } from "../../../src/harness/index.js";
import { planJobs, sweepBase } from "../../../src/harness/sweep/plan.js";
import { counterLab } from "../counter-lab/lab.js";
import forgetful from "../counter-lab/impls/forgetful.js";
import { counterTest, lab } from "../counter-lab/runs.js";

const base = { lab, impl: counterLab.reference, options: { implPath: "./c.ts", checkSteps: 10 } };
const tests = [counterTest("TestInitialGet"), counterTest("TestReliableIncrements")];

describe("planJobs", () => {
  it("gives a run of each test at each seed, test order first, each with the sweep's lab, implementation and options", () => {
    const runs = planJobs(base, tests, 7, 2);
    expect(runs.map((run) => `${run.definition.name}/${run.seed}`)).toEqual(["TestInitialGet/7", "TestInitialGet/8", "TestReliableIncrements/7", "TestReliableIncrements/8"]);
    for (const run of runs) {
      expect(run.lab).toBe(lab);
      expect(run.impl).toBe(counterLab.reference);
      expect(run.options).toBe(base.options);
    }
    expect(runs[2]!.definition).toBe(tests[1]);
  });

  it("gives no runs for no tests", () => {
    expect(planJobs(base, [], 1, 3)).toEqual([]);
  });
});

describe("sweepBase", () => {
  const runs = planJobs(base, tests, 1, 2);
  const refusal = (other: number, name: string, seed: number) =>
    `the runs of a sweep share one lab, one implementation and one set of options (implPath, parts, checkSteps, checkDeterminism): run ${other} (${name}, seed ${seed}) does not`;
  /** The runs, with the one at `at` changed by `change`. */
  const with_ = (at: number, change: Partial<Run>): Run[] => runs.map((run, i) => (i === at ? { ...run, ...change } : run));

  it("is what the runs share, with only the options a worker takes", () => {
    expect(sweepBase(runs)).toEqual({ lab, impl: counterLab.reference, options: { implPath: "./c.ts", checkSteps: 10, checkDeterminism: undefined } });
  });

  it("is undefined for no runs", () => {
    expect(sweepBase([])).toBeUndefined();
  });

  it("refuses runs of another implementation or lab, naming the first that differs", () => {
    expect(() => sweepBase(with_(3, { impl: forgetful }))).toThrow(refusal(3, "TestReliableIncrements", 2));
    expect(() => sweepBase(with_(1, { lab: { ...lab } }))).toThrow(refusal(1, "TestInitialGet", 2));
  });

  it("takes options of equal values as the same, and refuses others", () => {
    expect(sweepBase(with_(2, { options: { ...base.options } }))?.options.checkSteps).toBe(10);
    expect(() => sweepBase(with_(2, { options: { ...base.options, checkSteps: 11 } }))).toThrow(refusal(2, "TestReliableIncrements", 1));
    expect(() => sweepBase(with_(2, { options: { ...base.options, checkDeterminism: true } }))).toThrow(refusal(2, "TestReliableIncrements", 1));
  });

  it("takes the same part modules in other objects as the same, and refuses others", () => {
    const parted = planJobs({ ...base, options: { ...base.options, parts: { server: "s.ts", other: "o.ts" } } }, tests, 1, 2);
    const at = (i: number, parts: Record<string, string>) => parted.map((run, j) => (j === i ? { ...run, options: { ...run.options, parts } } : run));
    expect(sweepBase(at(1, { other: "o.ts", server: "s.ts" }))?.options.parts).toEqual({ server: "s.ts", other: "o.ts" });
    expect(() => sweepBase(at(1, { server: "t.ts", other: "o.ts" }))).toThrow(refusal(1, "TestInitialGet", 2));
    expect(() => sweepBase(at(3, { server: "s.ts" }))).toThrow(refusal(3, "TestReliableIncrements", 2));
  });

  it("refuses options a worker would not take (a trace, a signal), even when every run has them", () => {
    const traced = planJobs({ ...base, options: { ...base.options, trace: true } as typeof base.options }, tests, 1, 1);
    expect(() => sweepBase(traced)).toThrow(refusal(0, "TestInitialGet", 1));
    expect(() => sweepBase(with_(1, { options: { ...base.options, signal: new AbortController().signal } }))).toThrow(refusal(1, "TestInitialGet", 2));
  });
});
