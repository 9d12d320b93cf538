import type { Run, RunOptions } from "../lab.js";
import { runTest, unrunReport } from "../run-test.js";
import { runTwice } from "./determinism.js";
import type { SweepReport } from "./sweep-report.js";

/** How every run of a sweep runs. Plain data, since it is handed to worker threads as is. */
export type JobOptions = Pick<RunOptions, "implPath" | "parts" | "checkSteps" | "checkDeterminism">;

/** Runs one run in this thread (twice, with `checkDeterminism`); never throws for a failure. */
export function runJob(run: Run): Promise<SweepReport> {
  return run.options.checkDeterminism ? runTwice(run) : runTest(run);
}

/** The report of a run that was lost (its worker went silent, died or was stopped), as a failure. */
export function lostJobReport(run: Pick<Run, "definition" | "seed">, message: string, cause: "silent" | "died"): SweepReport {
  return unrunReport(run.definition, run.seed, "fail", message, { kind: "lost", cause });
}
