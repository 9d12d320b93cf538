/**
 * Sweeps: many runs (tests at seeds) of one lab on one implementation, in this thread or on worker
 * threads, in shards for a CI matrix, optionally each run twice to check that it is deterministic.
 * Reports come in run order.
 */
export { planJobs, shardJobs, type SweepBase } from "./plan.js";
export { interruptedLine } from "./interrupted.js";
export { runSweep, type SweepOptions, type SweepListener } from "./sweep.js";
export type { JobOptions } from "./job.js";
export type { SweepReport } from "./sweep-report.js";
