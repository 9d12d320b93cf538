// runTwice (`--check-determinism`): two runs of a seed in one thread, compared event by event.
import { describe, expect, it } from "vitest";
import { planJobs, runSweep, runTest } from "../../../src/harness/index.js";
import { runTwice } from "../../../src/harness/sweep/determinism.js";
import remembering from "../counter-lab/impls/remembering.js";
import { counterRun, counterTest, lab } from "../counter-lab/runs.js";
import { counterLab } from "../counter-lab/lab.js";

describe("runTwice", () => {
  it("passes a deterministic implementation, with the first run's report and no events", async () => {
    const twice = await runTwice(counterRun("TestUnreliableIncrements", { seed: 4 }));
    const once = await runTest(counterRun("TestUnreliableIncrements", { seed: 4 }));
    expect(twice.verdict).toBe("pass");
    expect(twice.divergence).toBeUndefined();
    expect(twice.trace).toBeUndefined();
    expect(twice.traceHash).toBe(once.traceHash);
  });

  it("fails an implementation that keeps state from run to run, naming both traces and the first event where they part", async () => {
    const report = await runTwice(counterRun("TestReliableIncrements", { impl: remembering, seed: 2 }));
    expect(report.verdict).toBe("fail");
    expect(report.message).toMatch(/^two runs of seed 2 differ: trace ([0-9a-f]{16}), then (?!\1)[0-9a-f]{16}$/);
    expect(report.divergence).toMatch(/^traces diverge at event \d+:\n {2}expected: [\d.]+ms timer client-\d+ (\d+)ms\n {2}actual: {3}[\d.]+ms timer client-\d+ (?!\1ms)\d+ms$/);
    expect(report.trace).toBeUndefined();
  });
});

describe("a sweep checking determinism", () => {
  it("fails only the runs that differ from their rerun", async () => {
    const quiet = { begin: () => {}, end: () => {} };
    const sweep = (impl: typeof remembering) => runSweep(planJobs({ lab, impl, options: { checkDeterminism: true } }, [counterTest("TestInitialGet")], 1, 2), { workers: 1, watchdogMs: 60_000 }, quiet);
    expect((await sweep(counterLab.reference)).map((report) => [report.verdict, report.divergence])).toEqual([
      ["pass", undefined],
      ["pass", undefined],
    ]);
    expect((await sweep(remembering)).map((report) => report.verdict)).toEqual(["fail", "fail"]);
  });
});

