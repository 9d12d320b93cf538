import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { Run } from "../lab.js";
import { lostJobReport } from "./job.js";
import type { SweepBase } from "./plan.js";
import type { SweepReport } from "./sweep-report.js";
import type { JobMessage, WorkerMessage, WorkerSetup } from "./worker.js";

export interface PoolOptions {
  workers: number;
  /** Wall time a worker may stay silent during a run before it is stopped and its run failed. */
  watchdogMs: number;
  /** Once aborted, no run is handed out, every worker is terminated, and the pool is done. */
  signal?: AbortSignal;
}

/**
 * The worker's entry. Built (dist/), it is worker.js beside this file. From source (tsx, vitest) it
 * is worker.ts, which a worker thread cannot load by itself, since tsx registers its loader in the
 * main thread only; so the worker starts from a one-line module that loads worker.ts through tsx's
 * tsImport, as loadImplementation loads an ES module (worker.ts is one). The worker then imports
 * the lab's module and loads --impl and the lab's parts (--raft …) itself, exactly as the main thread did.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./worker.js", import.meta.url);
  const worker = JSON.stringify(new URL("./worker.ts", import.meta.url).href);
  const bootstrap = `const { tsImport } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}); await tsImport(${worker}, ${worker});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

/**
 * Runs `runs`, which share `base` (see sweepBase), on worker threads, each handed out when a worker
 * comes free (so a long test never leaves a core idle), and calls `onReport` as each report
 * arrives, in no particular order. Each worker loads the base's lab and implementation once; a run
 * crosses to it as its index, test name and seed only (a definition holds functions). A worker
 * that dies or stays silent for `watchdogMs` during a run is stopped, the run fails with a message
 * saying why, and a fresh worker takes over the rest. Aborted, it stops every worker, reports
 * nothing more and resolves.
 */
export function runOnWorkers(runs: readonly Run[], base: SweepBase, pool: PoolOptions, onReport: (index: number, report: SweepReport) => void): Promise<void> {
  if (runs.length === 0) return Promise.resolve();
  const entry = workerEntry();
  const { implPath, parts } = base.options;
  const setup: WorkerSetup = {
    labModule: base.lab.module,
    implPath: implPath === undefined ? undefined : resolve(implPath),
    parts: Object.fromEntries(Object.entries(parts ?? {}).map(([flag, path]) => [flag, resolve(path)])),
    options: base.options,
    heartbeatMs: Math.min(1000, pool.watchdogMs / 5),
  };
  return new Promise((done) => {
    let next = 0;
    let reported = 0;
    /** Each live worker's retire: an abort stops them all. */
    const live = new Set<() => void>();
    const stopped = () => pool.signal?.aborted === true;
    const report = (index: number, result: SweepReport) => {
      if (stopped()) return;
      onReport(index, result);
      if (++reported < runs.length) return;
      pool.signal?.removeEventListener("abort", abort);
      done();
    };
    const abort = () => {
      for (const retire of live) retire();
      done();
    };
    if (stopped()) return abort();
    pool.signal?.addEventListener("abort", abort, { once: true });
    const startWorker = () => {
      const worker = new Worker(entry, { workerData: setup });
      let current: number | undefined;
      let watchdog: NodeJS.Timeout | undefined;
      let gone = false;
      const handOut = () => {
        if (next >= runs.length || stopped()) return retire();
        current = next++;
        const run = runs[current]!;
        worker.postMessage({ index: current, test: run.definition.name, seed: run.seed } satisfies JobMessage);
      };
      const retire = () => {
        gone = true;
        live.delete(retire);
        clearTimeout(watchdog);
        void worker.terminate();
      };
      live.add(retire);
      const lose = (why: string, cause: "silent" | "died") => {
        if (gone) return;
        retire();
        if (current === undefined) return;
        report(current, lostJobReport(runs[current]!, why, cause));
        if (next < runs.length && !stopped()) startWorker();
      };
      const silence = `no sign of life for ${pool.watchdogMs / 1000}s of wall time: the run never yielded (a synchronous loop in user code?), so its worker was stopped`;
      worker.on("message", (message: WorkerMessage) => {
        if (gone) return;
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
    for (let i = 0; i < Math.min(pool.workers, runs.length); i++) startWorker();
  });
}
