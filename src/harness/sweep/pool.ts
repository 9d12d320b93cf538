import { Worker } from "node:worker_threads";
import { lostJobReport, type JobOptions } from "./job.js";
import type { SweepReport } from "./sweep-report.js";
import type { Lab } from "../lab.js";
import type { SweepJob } from "./plan.js";
import type { JobMessage, WorkerMessage, WorkerSetup } from "./worker.js";

export interface PoolOptions {
  /** The lab whose tests the jobs are: each worker imports its module. */
  lab: Lab;
  workers: number;
  /** The --impl module (absolute), or undefined for the reference implementation. */
  implPath: string | undefined;
  options: JobOptions;
  /** Wall time a worker may stay silent during a job before it is stopped and its job failed. */
  watchdogMs: number;
}

/**
 * The worker's entry. Built (dist/), it is worker.js beside this file. From source (tsx, vitest) it
 * is worker.ts, which a worker thread cannot load by itself, since tsx registers its loader in the
 * main thread only; so the worker starts from a one-line module that loads worker.ts through tsx's
 * tsImport, as loadImplementation loads an ES module (worker.ts is one). The worker then imports
 * the lab's module and loads --impl with loadImplementation itself, exactly as the main thread did.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./worker.js", import.meta.url);
  const worker = JSON.stringify(new URL("./worker.ts", import.meta.url).href);
  const bootstrap = `const { tsImport } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}); await tsImport(${worker}, ${worker});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

/**
 * Runs `jobs` on worker threads, each handed out when a worker comes free (so a long test never
 * leaves a core idle), and calls `onReport` as each report arrives, in no particular order. A
 * worker that dies or stays silent for `watchdogMs` during a job is stopped, the job fails with a
 * message saying why, and a fresh worker takes over the rest.
 */
export function runOnWorkers(jobs: readonly SweepJob[], pool: PoolOptions, onReport: (index: number, report: SweepReport) => void): Promise<void> {
  if (jobs.length === 0) return Promise.resolve();
  const entry = workerEntry();
  const setup: WorkerSetup = { labModule: pool.lab.module, implPath: pool.implPath, options: pool.options, heartbeatMs: Math.min(1000, pool.watchdogMs / 5) };
  return new Promise((resolve) => {
    let next = 0;
    let reported = 0;
    const report = (index: number, result: SweepReport) => {
      onReport(index, result);
      if (++reported === jobs.length) resolve();
    };
    const startWorker = () => {
      const worker = new Worker(entry, { workerData: setup });
      let current: number | undefined;
      let watchdog: NodeJS.Timeout | undefined;
      let gone = false;
      const handOut = () => {
        if (next >= jobs.length) return retire();
        current = next++;
        const job = jobs[current]!;
        worker.postMessage({ index: current, test: job.definition.name, seed: job.seed } satisfies JobMessage);
      };
      const retire = () => {
        gone = true;
        clearTimeout(watchdog);
        void worker.terminate();
      };
      const lose = (why: string, cause: "silent" | "died") => {
        if (gone) return;
        retire();
        if (current === undefined) return;
        const job = jobs[current]!;
        report(current, lostJobReport(job.definition, job.seed, why, cause));
        if (next < jobs.length) startWorker();
      };
      const silence = `no sign of life for ${pool.watchdogMs / 1000}s of wall time: the run never yielded (a synchronous loop in user code?), so its worker was stopped`;
      worker.on("message", (message: WorkerMessage) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => lose(silence, "silent"), pool.watchdogMs);
        if (message.type !== "report") return;
        current = undefined;
        report(message.index, message.report);
        handOut();
      });
      worker.on("error", (error) => lose(`its worker died: ${error.message}`, "died"));
      worker.on("exit", (code) => lose(`its worker exited with status ${code}`, "died"));
      handOut();
    };
    for (let i = 0; i < Math.min(pool.workers, jobs.length); i++) startWorker();
  });
}
