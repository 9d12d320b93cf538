/**
 * Sweeps: many (test, seed) runs, in this thread or on worker threads, in shards for a CI matrix,
 * optionally each run twice to check that it is deterministic. Reports come in job order.
 */
export { planJobs, parseShard, shardJobs, type SweepJob, type Shard } from "./plan.js";
export { runSweep, type SweepOptions, type SweepListener } from "./sweep.js";
export type { JobOptions, SweepReport } from "./job.js";
