// What a replay came to, for any lab: a run against the scenario's `expect` (verdict, message,
// trace), and a regression scenario's run, which succeeds once its recorded failure is gone.
import { describe, expect, it } from "vitest";
import { expectationProblems, replayOutcome, replaySucceeded, type ScenarioEnvelope, type TestReport } from "../../../src/harness/index.js";

/** A report of a run, as runTest gives it, with `fields` changed. */
function report(fields: Partial<TestReport> = {}): TestReport {
  return { suite: "scenario", test: "s", title: "s", reliable: true, seed: 1, verdict: "pass", info: [], peers: 1, virtualMs: 10, wallMs: 1, rpcs: 2, ops: 2, traceHash: "00000000000000aa", ...fields };
}

/** A scenario of no lab in particular: only the envelope the harness reads. */
function scenario(expectation?: ScenarioEnvelope["expect"]): ScenarioEnvelope {
  return { kvlab: "any/1", implementation: "reference", seed: 1, ...(expectation ? { expect: expectation } : {}) };
}

const failed = report({ verdict: "fail", message: "boom", traceHash: "00000000000000bb" });

describe("expectationProblems", () => {
  it("without an expectation, a run may only not fail", () => {
    expect(expectationProblems(scenario(), report())).toEqual([]);
    expect(expectationProblems(scenario(), report({ verdict: "skip", message: "no lock" }))).toEqual([]);
    expect(expectationProblems(scenario(), failed)).toEqual(["the run failed: boom"]);
  });

  it("names a verdict other than the expected one, with the run's message", () => {
    expect(expectationProblems(scenario({ verdict: "fail" }), report())).toEqual(["expected verdict fail, got pass"]);
    expect(expectationProblems(scenario({ verdict: "pass" }), failed)).toEqual(["expected verdict pass, got fail: boom"]);
  });

  it("names another message only when the verdict is as expected", () => {
    expect(expectationProblems(scenario({ verdict: "fail", message: "boom" }), failed)).toEqual([]);
    expect(expectationProblems(scenario({ verdict: "fail", message: "bang" }), failed)).toEqual(['expected message "bang", got "boom"']);
    expect(expectationProblems(scenario({ verdict: "fail", message: "bang" }), report())).toEqual(["expected verdict fail, got pass"]);
  });

  it("names another trace, whatever the verdict", () => {
    expect(expectationProblems(scenario({ verdict: "fail", traceHash: "00000000000000bb" }), failed)).toEqual([]);
    expect(expectationProblems(scenario({ verdict: "pass", traceHash: "00000000000000bb" }), report())).toEqual(["expected trace 00000000000000bb, got 00000000000000aa"]);
    expect(expectationProblems(scenario({ verdict: "fail", traceHash: "00000000000000aa" }), report())).toEqual(["expected verdict fail, got pass"]);
  });
});

describe("replayOutcome", () => {
  it("a scenario's run is reproduced when it does all the scenario expects, and not otherwise", () => {
    expect(replayOutcome(scenario({ verdict: "fail", message: "boom" }), failed)).toEqual({ kind: "reproduced" });
    expect(replayOutcome(scenario({ verdict: "pass" }), failed)).toEqual({ kind: "not reproduced", problems: ["expected verdict pass, got fail: boom"] });
  });

  it("a regression scenario is fixed when its run passes, and still failing when it fails, as recorded or not", () => {
    const recorded = scenario({ verdict: "fail", message: "boom", traceHash: "00000000000000bb", regression: true });
    expect(replayOutcome(recorded, report())).toEqual({ kind: "fixed" });
    expect(replayOutcome(recorded, failed)).toEqual({ kind: "still failing", problems: [] });
    expect(replayOutcome(recorded, report({ verdict: "fail", message: "bang", traceHash: "00000000000000bb" }))).toEqual({ kind: "still failing", problems: ['expected message "boom", got "bang"'] });
  });

  it("a skipped regression run is not a fix", () => {
    expect(replayOutcome(scenario({ verdict: "fail", regression: true }), report({ verdict: "skip", message: "no lock" }))).toEqual({ kind: "not reproduced", problems: ["expected verdict fail, got skip: no lock"] });
  });
});

describe("replaySucceeded", () => {
  it("only reproduced and fixed succeed", () => {
    expect(replaySucceeded({ kind: "reproduced" })).toBe(true);
    expect(replaySucceeded({ kind: "fixed" })).toBe(true);
    expect(replaySucceeded({ kind: "not reproduced", problems: ["x"] })).toBe(false);
    expect(replaySucceeded({ kind: "still failing", problems: [] })).toBe(false);
  });
});
