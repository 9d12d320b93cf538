import type { Shard } from "../command-line/index.js";
import type { TestDefinition } from "../lab.js";

/** One run of a sweep: a test at one seed. */
export interface SweepJob {
  definition: TestDefinition;
  seed: number;
}

/** Every (test, seed) pair: test order first, then seed order, as the report prints them. */
export function planJobs(tests: readonly TestDefinition[], firstSeed: number, seeds: number): SweepJob[] {
  return tests.flatMap((definition) => Array.from({ length: seeds }, (_, i) => ({ definition, seed: firstSeed + i })));
}

/**
 * The jobs of one shard: every count-th job, starting at the index-th. Dealing jobs out in turn
 * (rather than cutting the list into blocks) spreads each slow test's seeds over every shard, so
 * the shards of a CI matrix take about the same time. Together the shards hold every job once.
 */
export function shardJobs<T>(jobs: readonly T[], shard: Shard): T[] {
  return jobs.filter((_, i) => i % shard.count === shard.index - 1);
}
