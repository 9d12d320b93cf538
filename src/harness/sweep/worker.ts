/**
 * A sweep's worker thread: loads the sweep's lab and implementation (with its parts) itself, once,
 * then runs the runs the pool hands it, one at a time (runs must not overlap in a thread), and
 * sends each report back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { failRunningSimulation } from "../../../labnet/diagnostics/index.js";
import type { Lab, Run, TestDefinition } from "../lab.js";
import { importLab } from "../load/import-lab.js";
import { loadRunImplementation } from "../load/run-implementation.js";
import { runJob, type JobOptions } from "./job.js";
import type { SweepReport } from "./sweep-report.js";

/** What the pool gives a worker when it starts it. */
export interface WorkerSetup {
  /** The URL of the module whose default export is the lab (Lab.module). */
  labModule: string;
  /** The --impl module (absolute), or undefined for the lab's reference implementation. */
  implPath: string | undefined;
  /** The modules of the lab's parts the sweep names (absolute), by flag (see Lab.parts). */
  parts: Record<string, string>;
  options: JobOptions;
  heartbeatMs: number;
}

/** A run as it crosses to a worker: its place in the sweep, its test by name (definitions hold functions), and its seed. */
export interface JobMessage {
  index: number;
  test: string;
  seed: number;
}

export type WorkerMessage = { type: "alive" } | { type: "report"; index: number; report: SweepReport };

const port = parentPort!;
const setup = workerData as WorkerSetup;
const send = (message: WorkerMessage) => port.postMessage(message);

const lab: Lab = await importLab(setup.labModule);
const impl = await loadRunImplementation(lab, { implPath: setup.implPath, parts: setup.parts });
// Tests are found by name only here, where a worker starts: the main thread hands out names.
const tests = new Map<string, TestDefinition>(Object.values(lab.suites).flatMap((suite) => suite.map((test) => [test.name, test] as const)));
// The pool's watchdog listens for this from the first beat on (loading above is not watched: the
// main thread loaded the same modules before starting workers). A run yields between batches of
// simulation events, so only code that never yields (a synchronous loop) silences it. It is set
// before any run replaces the global timers, so no run counts it as user code's.
send({ type: "alive" });
setInterval(() => send({ type: "alive" }), setup.heartbeatMs);
// A rejection nobody handled during a run (a fire-and-forget async function of the user's that
// threw) fails that run, as in the main thread; any other ends the worker, and the pool reports
// its run lost.
process.on("unhandledRejection", (reason) => {
  if (!failRunningSimulation(reason)) throw reason;
});
port.on("message", (message: JobMessage) => {
  const definition = tests.get(message.test);
  if (!definition) throw new Error(`the lab ${lab.name} has no test named ${message.test}`);
  const run: Run = { lab, impl, definition, seed: message.seed, options: setup.options };
  void runJob(run).then((report) => send({ type: "report", index: message.index, report }));
});
