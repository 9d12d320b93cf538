import { resolve } from "node:path";
import type { Lab } from "../lab.js";
import { runJob, type JobOptions } from "./job.js";
import type { SweepReport } from "./sweep-report.js";
import type { SweepJob } from "./plan.js";
import { runOnWorkers } from "./pool.js";

export interface SweepOptions<Impl = unknown> extends JobOptions {
  lab: Lab<Impl>;
  /** The implementation, loaded here (in-process runs use it; workers load implPath themselves). */
  impl: Impl;
  /** 1 runs every job in this thread; more runs them on that many worker threads. */
  workers: number;
  /** See PoolOptions.watchdogMs (workers only: a thread cannot watch itself). */
  watchdogMs: number;
}

/** What a sweep tells its caller, always in job order whatever the scheduling. */
export interface SweepListener {
  /** Job `index` is about to be reported (in-process: about to run). */
  begin(job: SweepJob, index: number): void;
  end(report: SweepReport, index: number): void;
  /** `done` jobs of the sweep have finished, in whatever order they did. */
  progress?(done: number): void;
}

/**
 * Runs every job and returns the reports in job order. In-process, jobs run one after another;
 * on workers, reports that arrive early wait for those before them, so the listener sees the same
 * sequence either way and output never depends on which worker was faster.
 */
export async function runSweep<Impl>(jobs: readonly SweepJob[], options: SweepOptions<Impl>, listener: SweepListener): Promise<SweepReport[]> {
  const { lab, impl, workers, watchdogMs, ...jobOptions } = options;
  const reports: SweepReport[] = [];
  if (workers <= 1) {
    for (const [index, job] of jobs.entries()) {
      listener.begin(job, index);
      reports.push(await runJob(lab, impl, job.definition, job.seed, jobOptions));
      listener.progress?.(index + 1);
      listener.end(reports[index]!, index);
    }
    return reports;
  }
  const waiting = new Map<number, SweepReport>();
  let done = 0;
  const implPath = jobOptions.implPath === undefined ? undefined : resolve(jobOptions.implPath);
  await runOnWorkers(jobs, { lab: lab as Lab, workers, implPath, options: jobOptions, watchdogMs }, (index, report) => {
    waiting.set(index, report);
    listener.progress?.(++done);
    for (let ready = waiting.get(reports.length); ready !== undefined; ready = waiting.get(reports.length)) {
      waiting.delete(reports.length);
      listener.begin(jobs[reports.length]!, reports.length);
      listener.end(ready, reports.length);
      reports.push(ready);
    }
  });
  return reports;
}
