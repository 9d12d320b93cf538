import type { Lab, RunOptions, TestDefinition } from "../lab.js";
import { runTest, unrunReport } from "../run-test.js";
import { runTwice } from "./determinism.js";
import type { SweepReport } from "./sweep-report.js";

/** How every job of a sweep runs. Plain data, since it is handed to worker threads as is. */
export type JobOptions = Pick<RunOptions, "implPath" | "checkSteps" | "checkDeterminism">;

/** Runs one test at one seed in this thread (twice, with `checkDeterminism`); never throws for a failure. */
export function runJob<Impl>(lab: Lab<Impl>, impl: Impl, definition: TestDefinition, seed: number, options: JobOptions): Promise<SweepReport> {
  const run = { lab: lab as Lab, impl, definition, seed, options };
  return options.checkDeterminism ? runTwice(run) : runTest(run);
}

/** The report of a job whose run was lost (its worker went silent, died or was stopped), as a failure. */
export function lostJobReport(definition: TestDefinition, seed: number, message: string, cause: "silent" | "died"): SweepReport {
  return unrunReport(definition, seed, "fail", message, { kind: "lost", cause });
}
