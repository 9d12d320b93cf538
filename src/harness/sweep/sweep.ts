import type { Run } from "../lab.js";
import { runJob } from "./job.js";
import { sweepBase } from "./plan.js";
import { runOnWorkers } from "./pool.js";
import type { SweepReport } from "./sweep-report.js";

export interface SweepOptions {
  /** 1 runs every run in this thread; more runs them on that many worker threads. */
  workers: number;
  /** See PoolOptions.watchdogMs (workers only: a thread cannot watch itself). */
  watchdogMs: number;
  /**
   * Stops the sweep when aborted (a user's Ctrl-C): no run is started after, the run in this thread
   * is stopped (its report dropped: it did not finish), and workers are terminated. The sweep then
   * returns the reports of the runs that finished before the first that did not, in run order.
   */
  signal?: AbortSignal;
}

/** What a sweep tells its caller, always in run order whatever the scheduling. */
export interface SweepListener<Impl = unknown> {
  /** Run `index` is about to be reported (in-process: about to run). */
  begin(run: Run<Impl>, index: number): void;
  /** The report of `run`, the `index`-th of the sweep. */
  end(report: SweepReport, run: Run<Impl>, index: number): void;
  /** `done` runs of the sweep have finished, in whatever order they did; `report` is the last one's. */
  progress?(done: number, report: SweepReport): void;
}

/**
 * Runs every run and returns their reports in run order: report i is of runs[i]. The runs share
 * one lab, implementation and options (planJobs makes them so; see sweepBase, which throws
 * otherwise). In-process, runs run one after another; on workers, reports that arrive early wait
 * for those before them, so the listener sees the same sequence either way and output never
 * depends on which worker was faster. Aborted (options.signal), it returns the finished runs that
 * come before the first unfinished one: on workers, a run that finished ahead of an earlier one
 * still running is dropped with it, so what was reported is always the first runs of the sweep.
 */
export async function runSweep<Impl>(runs: readonly Run<Impl>[], options: SweepOptions, listener: SweepListener<Impl>): Promise<SweepReport[]> {
  const base = sweepBase(runs);
  const reports: SweepReport[] = [];
  if (base === undefined) return reports;
  if (options.workers <= 1) {
    const { signal } = options;
    for (const [index, run] of runs.entries()) {
      if (signal?.aborted) break;
      listener.begin(run, index);
      const report = await runJob(signal === undefined ? run : { ...run, options: { ...run.options, signal } });
      // Aborted while it ran, the run was cut short: it did not finish.
      if (signal?.aborted) break;
      reports.push(report);
      listener.progress?.(index + 1, report);
      listener.end(reports[index]!, run, index);
    }
    return reports;
  }
  const waiting = new Map<number, SweepReport>();
  let done = 0;
  await runOnWorkers(runs, base, options, (index, report) => {
    waiting.set(index, report);
    listener.progress?.(++done, report);
    for (let ready = waiting.get(reports.length); ready !== undefined; ready = waiting.get(reports.length)) {
      const run = runs[reports.length]!;
      waiting.delete(reports.length);
      listener.begin(run, reports.length);
      listener.end(ready, run, reports.length);
      reports.push(ready);
    }
  });
  return reports;
}
