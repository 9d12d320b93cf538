// A bug that shows on about one seed in a hundred, found by sweeping 100 seeds of one test on
// worker threads: what a rare interleaving costs to find in virtual time, beside what the same
// sweep costs the course in real time. The example runs from the built package ("kvlab"), so
// `npm run bench` builds first.
import { availableParallelism } from "node:os";
import { loadImplementation, planJobs, rerunCommand, runSweep, type Lab } from "../src/harness/index.js";
import { labs } from "../src/labs/index.js";

/** examples/raft/buggy's follower that truncates on every AppendEntries fails TestFigure83C on 1 of seeds 1–100. */
export const RARE_BUG = { lab: "raft", example: "examples/raft/buggy/truncates-on-every-append.ts", test: "TestFigure83C" } as const;

/** The course's TestFigure83C takes 33.7 s of real time a run (course-raft-spec §8, 2025 sample). */
export const COURSE_FIGURE8_SECONDS = 33.7;

export interface RareBugFigure {
  example: string;
  test: string;
  seeds: number;
  workers: number;
  /** The seeds on which the test failed. */
  failedSeeds: number[];
  wallSeconds: number;
  /** The same sweep in the course: one real-time run per seed. */
  courseSeconds: number;
  /** The command that replays the first failure, as kvlab test prints it. */
  rerun: string | undefined;
}

/** Sweeps seeds 1..`seeds` of RARE_BUG's test on `workers` threads and says which failed, and how fast. */
export async function benchRareBug(seeds = 100, workers = Math.max(2, availableParallelism())): Promise<RareBugFigure> {
  const lab = (await labs[RARE_BUG.lab]!.load()) as Lab;
  const impl = await loadImplementation(lab, RARE_BUG.example);
  const definition = Object.values(lab.suites).flat().find((test) => test.name === RARE_BUG.test)!;
  const runs = planJobs({ lab, impl, options: { implPath: RARE_BUG.example } }, [definition], 1, seeds);
  const start = performance.now();
  const reports = await runSweep(runs, { workers, watchdogMs: 600_000 }, { begin() {}, end() {} });
  const wallSeconds = (performance.now() - start) / 1000;
  const failed = reports.flatMap((report, i) => (report.verdict === "fail" ? [i] : []));
  return {
    example: RARE_BUG.example,
    test: RARE_BUG.test,
    seeds,
    workers,
    failedSeeds: failed.map((i) => runs[i]!.seed),
    wallSeconds,
    courseSeconds: seeds * COURSE_FIGURE8_SECONDS,
    rerun: failed.length > 0 ? rerunCommand(runs[failed[0]!]!) : undefined,
  };
}
