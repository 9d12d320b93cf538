/**
 * A sweep's worker thread: loads the implementation itself, then runs the jobs the pool hands it,
 * one at a time (runs must not overlap in a thread), and sends each report back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { reference } from "../../labs/kv/index.js";
import { loadImplementation } from "../load/load-implementation.js";
import { runJob, type JobOptions, type SweepReport } from "./job.js";
import type { SweepJob } from "./plan.js";

/** What the pool gives a worker when it starts it. */
export interface WorkerSetup {
  /** The --impl module (absolute), or undefined for the reference implementation. */
  implPath: string | undefined;
  options: JobOptions;
  heartbeatMs: number;
}

export interface JobMessage {
  index: number;
  job: SweepJob;
}

export type WorkerMessage = { type: "alive" } | { type: "report"; index: number; report: SweepReport };

const port = parentPort!;
const setup = workerData as WorkerSetup;
const send = (message: WorkerMessage) => port.postMessage(message);

const impl = setup.implPath === undefined ? reference : await loadImplementation(setup.implPath);
// The pool's watchdog listens for this from the first beat on (loading above is not watched: the
// main thread loaded the same module before starting workers). A run yields between batches of
// simulation events, so only code that never yields (a synchronous loop) silences it. It is set
// before any run replaces the global timers, so no run counts it as user code's.
send({ type: "alive" });
setInterval(() => send({ type: "alive" }), setup.heartbeatMs);
port.on("message", (message: JobMessage) => {
  void runJob(impl, message.job, setup.options).then((report) => send({ type: "report", index: message.index, report }));
});
