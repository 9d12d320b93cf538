// Seeds per core-hour: one seed of every test of every registered lab's suites, against the lab's
// reference, in this process and on one worker thread, beside the course's real-time figure.
import { allTestsOf, planJobs, runSweep, type Lab, type Run, type SweepBase, type SweepReport } from "../src/harness/index.js";
import { runOnWorkers } from "../src/harness/sweep/pool.js";
import { labs } from "../src/labs/index.js";

/** One lab's figure: wall seconds one seed of all its tests takes (median over seeds) and seeds per core-hour. */
export interface SuitesFigure {
  tests: number;
  wallSecondsPerSeed: number;
  seedsPerCoreHour: number;
  /** Virtual seconds one seed of all the tests lasts (the median seed's), over its wall seconds. */
  virtualToWall: number;
}

/**
 * The course runs its kvsrv lab's tests in real time, one seed per run; its sample outputs
 * (/work/shared/reference/course-kvsrv-spec.md §3 and §4, 2026 handout) give each test's duration:
 * kvsrv1: TestReliablePut 0.0 s, TestPutConcurrentReliable 6.3 s, TestMemPutManyClientsReliable
 * 28 s (20,000 clerks), TestUnreliableNet 4.0 s; lock: TestReliableBasic and TestReliableNested
 * about 0 s, 1 and 10 reliable clients 2.0 s and 2.2 s, 1 and 10 unreliable clients 2.1 s and 4.1 s.
 * One process runs them one after another (each waits in real time), so one core-hour runs
 * 3600 / 48.7 of them: the sum is the course's wall time for one seed, whatever the core count.
 */
const COURSE_KVSRV_SECONDS = 0.0 + 6.3 + 28 + 4.0 + 0 + 0 + 2.0 + 2.2 + 2.1 + 4.1;

/**
 * The course's Raft lab (/work/shared/reference/course-raft-spec.md §8, 2025 handout's sample, no
 * -race): 3A 19.8 s, 3B 48.4 s, 3C 126.1 s, 3D 195.0 s of real time for its 28 tests.
 */
const COURSE_RAFT_SECONDS = 19.8 + 48.4 + 126.1 + 195.0;

/**
 * The course's replicated KV lab (/work/shared/reference/course-kvraft-spec.md §12): its 2026
 * handout's sample (with -race) for the rsm's 4A tests 93.7 s, 4B 175.5 s and 4C 130.7 s, and the
 * 2025 sample's rsm TestSnapshot4C 3.9 s (the 2026 sample leaves it out): 403.8 s of real time for
 * its 30 tests, near the handout's "400 seconds of real time".
 */
const COURSE_KVRAFT_SECONDS = 93.7 + 175.5 + 130.7 + 3.9;

/** The course's real-time wall seconds for one seed of its tests, by the lab that ports them. */
export const COURSE_SECONDS: Readonly<Record<string, number>> = { kv: COURSE_KVSRV_SECONDS, raft: COURSE_RAFT_SECONDS, kvraft: COURSE_KVRAFT_SECONDS };

/** One seed's figures: its wall seconds, and the virtual seconds its tests lasted together. */
interface SeedTime {
  wall: number;
  virtual: number;
}

const figure = (tests: number, seeds: SeedTime[]): SuitesFigure => {
  const median = [...seeds].sort((a, b) => a.wall - b.wall)[Math.floor(seeds.length / 2)]!;
  return { tests, wallSecondsPerSeed: median.wall, seedsPerCoreHour: 3600 / median.wall, virtualToWall: median.virtual / median.wall };
};

const virtualSeconds = (reports: readonly SweepReport[]) => reports.reduce((sum, report) => sum + report.virtualMs, 0) / 1000;

const failed = (reports: readonly SweepReport[], runs: readonly Run[]) => {
  const bad = reports.findIndex((report) => report.verdict !== "pass");
  if (bad !== -1) throw new Error(`benchmark run ${runs[bad]!.definition.name} at seed ${runs[bad]!.seed} did not pass: ${reports[bad]!.message}`);
};

/** Seconds for each of seeds 1..`seeds`, every test at that seed, run in this thread after one warm-up seed. */
async function inProcess(base: SweepBase, tests: Run["definition"][], seeds: number): Promise<SeedTime[]> {
  const listener = { begin() {}, end() {} };
  const seconds: SeedTime[] = [];
  for (let seed = 0; seed <= seeds; seed++) {
    const runs = planJobs(base, tests, seed, 1);
    const start = performance.now();
    const reports = await runSweep(runs, { workers: 1, watchdogMs: 600_000 }, listener);
    if (seed > 0) seconds.push({ wall: (performance.now() - start) / 1000, virtual: virtualSeconds(reports) });
    failed(reports, runs);
  }
  return seconds;
}

/**
 * Seconds for each of seeds 1..`seeds` on one worker thread, as a sweep's worker runs them: one
 * worker takes seeds 0..`seeds` in turn, and each seed's time runs from the previous seed's last
 * report to its own (seed 0 carries the worker's start and warm-up, and is not counted).
 */
async function onWorker(base: SweepBase, tests: Run["definition"][], seeds: number): Promise<SeedTime[]> {
  const runs = Array.from({ length: seeds + 1 }, (_, seed) => planJobs(base, tests, seed, 1)).flat();
  const reports: SweepReport[] = [];
  const finished: number[] = [];
  await runOnWorkers(runs, base, { workers: 1, watchdogMs: 600_000 }, (index, report) => {
    reports[index] = report;
    if ((index + 1) % tests.length === 0) finished.push(performance.now());
  });
  failed(reports, runs);
  return finished.slice(1).map((at, i) => ({
    wall: (at - finished[i]!) / 1000,
    virtual: virtualSeconds(reports.slice((i + 1) * tests.length, (i + 2) * tests.length)),
  }));
}

/** For each registered lab: one seed of all its suites' tests against its reference, in this process and per worker. */
export async function benchSuites(seeds = 5): Promise<Record<string, { inProcess: SuitesFigure; perWorker: SuitesFigure }>> {
  const result: Record<string, { inProcess: SuitesFigure; perWorker: SuitesFigure }> = {};
  for (const [name, entry] of Object.entries(labs)) {
    const lab = (await entry.load()) as Lab;
    const tests = allTestsOf(lab);
    const base: SweepBase = { lab, impl: lab.reference, options: {} };
    result[name] = { inProcess: figure(tests.length, await inProcess(base, tests, seeds)), perWorker: figure(tests.length, await onWorker(base, tests, seeds)) };
  }
  return result;
}
