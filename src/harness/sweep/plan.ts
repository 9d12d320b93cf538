import type { Shard } from "../command-line/index.js";
import type { Lab, Run, TestDefinition } from "../lab.js";
import type { JobOptions } from "./job.js";

/**
 * What every run of one sweep shares. Worker threads load the lab and the implementation once, at
 * their start, and take one set of options: so a sweep is one lab, one implementation and one set
 * of options, over many (test, seed) pairs.
 */
export interface SweepBase<Impl = unknown> {
  lab: Lab<Impl>;
  impl: Impl;
  options: JobOptions;
}

/** The runs of a sweep: every test at every seed, test order first, then seed order, as the report prints them. */
export function planJobs<Impl>(base: SweepBase<Impl>, tests: readonly TestDefinition[], firstSeed: number, seeds: number): Run<Impl>[] {
  return tests.flatMap((definition) => Array.from({ length: seeds }, (_, i) => ({ ...base, definition, seed: firstSeed + i })));
}

/**
 * The runs of one shard: every count-th run, starting at the index-th. Dealing runs out in turn
 * (rather than cutting the list into blocks) spreads each slow test's seeds over every shard, so
 * the shards of a CI matrix take about the same time. Together the shards hold every run once.
 */
export function shardJobs<T>(jobs: readonly T[], shard: Shard): T[] {
  return jobs.filter((_, i) => i % shard.count === shard.index - 1);
}

/** The options a sweep's workers take: the only ones its runs may have. */
const JOB_OPTIONS = ["implPath", "parts", "checkSteps", "checkDeterminism"] as const satisfies readonly (keyof JobOptions)[];

/**
 * What the runs of a sweep share, checked (undefined for no runs): each has the first's lab and
 * implementation (the same objects) and the same options, of JobOptions only. Runs that differ
 * are a caller's mistake a worker could not honour (it runs every run with what it loaded once),
 * so they throw, in this thread as on workers.
 */
export function sweepBase<Impl>(runs: readonly Run<Impl>[]): SweepBase<Impl> | undefined {
  const [first] = runs;
  if (first === undefined) return undefined;
  const differs = (run: Run<Impl>) =>
    run.lab !== first.lab ||
    run.impl !== first.impl ||
    Object.entries(run.options).some(([key, value]) => value !== undefined && !(JOB_OPTIONS as readonly string[]).includes(key)) ||
    JOB_OPTIONS.some((key) => (key === "parts" ? !sameParts(run.options.parts, first.options.parts) : run.options[key] !== first.options[key]));
  const other = runs.findIndex(differs);
  if (other !== -1) {
    const run = runs[other]!;
    throw new Error(`the runs of a sweep share one lab, one implementation and one set of options (${JOB_OPTIONS.join(", ")}): run ${other} (${run.definition.name}, seed ${run.seed}) does not`);
  }
  const { implPath, parts, checkSteps, checkDeterminism } = first.options;
  return { lab: first.lab, impl: first.impl, options: { implPath, parts, checkSteps, checkDeterminism } };
}

/** Whether two runs name the same part modules (the same flags and paths, in any order). */
function sameParts(a: JobOptions["parts"], b: JobOptions["parts"]): boolean {
  const entries = (parts: JobOptions["parts"]) => JSON.stringify(Object.entries(parts ?? {}).sort(([x], [y]) => (x < y ? -1 : 1)));
  return entries(a) === entries(b);
}
