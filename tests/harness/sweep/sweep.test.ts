// runSweep on the counter lab, in this thread and on worker threads: workers import the lab by its
// module URL (a lab defined beside tests runs there too), load --impl themselves, and report the
// same runs; a run that never yields is lost to the watchdog, and a fresh worker goes on; an aborted
// sweep starts no run more and returns the runs that finished.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allTestsOf, loadImplementation, loadRunImplementation, planJobs, rerunCommand, runSweep, type Run, type SweepReport, type TestDefinition } from "../../../src/harness/index.js";
import { counterLab } from "../counter-lab/lab.js";
import forgetful from "../counter-lab/impls/forgetful.js";
import { counterTest, lab } from "../counter-lab/runs.js";

const impls = join(import.meta.dirname, "../counter-lab/impls");

/** The runs of `tests` at seeds 1 to `seeds` on the counter lab, on the reference or the module `implPath`. */
async function plan(tests: readonly TestDefinition[], seeds: number, implPath?: string): Promise<Run[]> {
  const impl = implPath === undefined ? counterLab.reference : await loadImplementation(counterLab, implPath);
  return planJobs({ lab, impl, options: implPath === undefined ? {} : { implPath } }, tests, 1, seeds);
}

/** A sweep's reports without wall time (the one figure that differs from run to run), and the listener's calls. */
async function sweep(runs: readonly Run[], options: { workers: number; watchdogMs?: number }) {
  const events: string[] = [];
  const reports = await runSweep(
    runs,
    { workers: options.workers, watchdogMs: options.watchdogMs ?? 60_000 },
    {
      begin: (run, i) => events.push(`begin ${i} ${run.definition.name}/${run.seed}`),
      end: (report, run, i) => events.push(`end ${i} ${report.test}/${report.seed} of ${run === runs[i] ? "its run" : "another run"}: ${rerunCommand(run)}`),
    },
  );
  return { events, reports: reports.map(({ wallMs: _, ...report }: SweepReport) => report) };
}

describe("runSweep", () => {
  const jobs = planJobs({ lab, impl: counterLab.reference, options: {} }, allTestsOf(lab), 1, 3);

  it("on worker threads reports the same runs, run by run and in run order, each with its run, as in this thread", async () => {
    const here = await sweep(jobs, { workers: 1 });
    const there = await sweep(jobs, { workers: 2 });
    expect(there).toEqual(here);
    expect(here.reports.map((report) => `${report.test}/${report.seed} ${report.verdict}`)).toEqual(jobs.map((run) => `${run.definition.name}/${run.seed} pass`));
    expect(here.events.slice(0, 4)).toEqual([
      "begin 0 TestReliableIncrements/1",
      "end 0 TestReliableIncrements/1 of its run: npx kvlab test --lab counter --test TestReliableIncrements --seed 1",
      "begin 1 TestReliableIncrements/2",
      "end 1 TestReliableIncrements/2 of its run: npx kvlab test --lab counter --test TestReliableIncrements --seed 2",
    ]);
    expect(new Set(here.reports.map((report) => report.traceHash)).size).toBe(jobs.length);
  });

  it("workers load --impl themselves: a failing implementation fails the same runs with the same words", async () => {
    const failing = await plan([counterTest("TestUnreliableIncrements"), counterTest("TestInitialGet")], 2, join(impls, "forgetful.ts"));
    const here = await sweep(failing, { workers: 1 });
    const there = await sweep(failing, { workers: 2 });
    expect(there.reports).toEqual(here.reports);
    expect(here.reports.map((report) => [report.test, report.verdict, report.message])).toEqual([
      ["TestUnreliableIncrements", "fail", "the history of 16 operations is not linearizable"],
      ["TestUnreliableIncrements", "fail", "the history of 16 operations is not linearizable"],
      ["TestInitialGet", "pass", undefined],
      ["TestInitialGet", "pass", undefined],
    ]);
  });

  it("workers load the lab's part modules themselves: a server from a module of its own under the reference's client fails as here", async () => {
    const server = join(impls, "forgetful-server.ts");
    const options = { parts: { server } };
    const runs = planJobs({ lab, impl: await loadRunImplementation(counterLab, options), options }, [counterTest("TestUnreliableIncrements")], 1, 2);
    const here = await sweep(runs, { workers: 1 });
    const there = await sweep(runs, { workers: 2 });
    expect(there).toEqual(here);
    expect(here.reports.map((report) => [report.verdict, report.message])).toEqual([
      ["fail", "the history of 16 operations is not linearizable"],
      ["fail", "the history of 16 operations is not linearizable"],
    ]);
    expect(here.events[1]).toBe(`end 0 TestUnreliableIncrements/1 of its run: npx kvlab test --lab counter --server ${server} --test TestUnreliableIncrements --seed 1`);
  });

  it("loses a run that never yields to the watchdog, as a typed reason, and a fresh worker runs the rest", async () => {
    // The spinning server spins on an increment only: a read of a new counter never reaches it.
    const [increments1, increments2, reads1, reads2] = await plan([counterTest("TestReliableIncrements"), counterTest("TestInitialGet")], 2, join(impls, "spinning.ts"));
    const mixed = [increments1!, reads1!, increments2!, reads2!];
    // Short, so the test is quick; a healthy run here sends a heartbeat many times within it.
    const { reports } = await sweep(mixed, { workers: 2, watchdogMs: 2000 });
    const silence = "no sign of life for 2s of wall time: the run never yielded (a synchronous loop in user code?), so its worker was stopped";
    expect(reports.map((report) => [report.test, report.seed, report.verdict, report.reason, report.message])).toEqual([
      ["TestReliableIncrements", 1, "fail", { kind: "lost", cause: "silent" }, silence],
      ["TestInitialGet", 1, "pass", undefined, undefined],
      ["TestReliableIncrements", 2, "fail", { kind: "lost", cause: "silent" }, silence],
      ["TestInitialGet", 2, "pass", undefined, undefined],
    ]);
  });

  it("loses a run whose worker dies (a test its lab does not have), and goes on with the rest", async () => {
    const stranger: TestDefinition = { ...counterTest("TestInitialGet"), name: "TestNotInTheLab" };
    const { reports } = await sweep(await plan([stranger, counterTest("TestInitialGet")], 1), { workers: 2 });
    expect(reports[0]).toMatchObject({ test: "TestNotInTheLab", verdict: "fail", reason: { kind: "lost", cause: "died" }, message: "its worker died: the lab counter has no test named TestNotInTheLab" });
    expect(reports[1]).toMatchObject({ test: "TestInitialGet", verdict: "pass" });
  });

  it.each([1, 2])("refuses runs that do not share one implementation before running any (%i worker(s))", async (workers) => {
    const [first, second] = jobs;
    const events: string[] = [];
    const listener = { begin: (run: Run) => events.push(`begin ${run.definition.name}`), end: (report: SweepReport) => events.push(`end ${report.test}`) };
    await expect(runSweep([first!, { ...second!, impl: forgetful }], { workers, watchdogMs: 60_000 }, listener)).rejects.toThrow(
      "the runs of a sweep share one lab, one implementation and one set of options (implPath, parts, checkSteps, checkDeterminism): run 1 (TestReliableIncrements, seed 2) does not",
    );
    expect(events).toEqual([]);
  });

  it("aborted, runs nothing more in this thread: the run it was about to run is stopped and dropped, and the finished ones come back", async () => {
    const stop = new AbortController();
    const events: string[] = [];
    const reports = await runSweep(
      jobs,
      { workers: 1, watchdogMs: 60_000, signal: stop.signal },
      {
        begin: (_, i) => {
          events.push(`begin ${i}`);
          // Aborted as run 2 starts: it never finishes, nor does any run after it.
          if (i === 2) stop.abort();
        },
        end: (_, run, i) => events.push(`end ${i} ${run.definition.name}/${run.seed}`),
        progress: (done, report) => events.push(`progress ${done} ${report.test}/${report.seed} ${report.verdict}`),
      },
    );
    expect(events).toEqual([
      "begin 0",
      "progress 1 TestReliableIncrements/1 pass",
      "end 0 TestReliableIncrements/1",
      "begin 1",
      "progress 2 TestReliableIncrements/2 pass",
      "end 1 TestReliableIncrements/2",
      "begin 2",
    ]);
    expect(reports.map((report) => `${report.test}/${report.seed}`)).toEqual(["TestReliableIncrements/1", "TestReliableIncrements/2"]);
  });

  it("aborted, hands no run out to workers, terminates them, even one stuck in a run, and returns the finished ones", async () => {
    // Worker A takes run 0 (a read), worker B run 1 (an increment, on which the spinning server
    // never yields): run 0's end aborts the sweep, which must stop B rather than wait for it.
    const [increments1, increments2, reads1, reads2] = await plan([counterTest("TestReliableIncrements"), counterTest("TestInitialGet")], 2, join(impls, "spinning.ts"));
    const runs = [reads1!, increments1!, reads2!, increments2!];
    const stop = new AbortController();
    const events: string[] = [];
    const reports = await runSweep(
      runs,
      { workers: 2, watchdogMs: 600_000, signal: stop.signal },
      {
        begin: (_, i) => events.push(`begin ${i}`),
        end: (_, run, i) => {
          events.push(`end ${i} ${run.definition.name}/${run.seed}`);
          stop.abort();
        },
      },
    );
    expect(events).toEqual(["begin 0", "end 0 TestInitialGet/1"]);
    expect(reports.map((report) => `${report.test}/${report.seed} ${report.verdict}`)).toEqual(["TestInitialGet/1 pass"]);
  });

  it.each([1, 2])("aborted before it starts, runs nothing (%i worker(s))", async (workers) => {
    const events: string[] = [];
    const listener = { begin: (run: Run) => events.push(`begin ${run.definition.name}`), end: (report: SweepReport) => events.push(`end ${report.test}`) };
    expect(await runSweep(jobs, { workers, watchdogMs: 60_000, signal: AbortSignal.abort() }, listener)).toEqual([]);
    expect(events).toEqual([]);
  });

  it("with no jobs, reports nothing and starts no worker", async () => {
    expect(await sweep([], { workers: 2 })).toEqual({ events: [], reports: [] });
  });
});
