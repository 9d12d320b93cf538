import type { KVImplementation } from "../../labs/kv/index.js";
import { runLabTest, unrunReport, type TestReport } from "../run-test.js";
import type { LabTestDefinition } from "../test-definition.js";
import { allTests } from "../../labs/kv/suites/index.js";
import { runTwice } from "./determinism.js";
import type { SweepJob } from "./plan.js";

/** How every job of a sweep runs. Plain data, since it is handed to worker threads as is. */
export interface JobOptions {
  /** Model steps each linearizability check may take (--budget). */
  checkSteps?: number;
  /** Run each job twice in the same thread, traces kept, and fail it if the runs differ. */
  checkDeterminism?: boolean;
}

/** A run's report; after a determinism check that failed, also where the two runs parted. */
export interface SweepReport extends TestReport {
  /** The first divergent event, in describeDivergence's words. */
  divergence?: string;
  /** For an explained failure: the one-page viewer of the run. */
  page?: string;
}

/** Runs one job in this thread; never throws for a failure. */
export function runJob(impl: KVImplementation, job: SweepJob, options: JobOptions): Promise<SweepReport> {
  const definition = testNamed(job.test);
  return options.checkDeterminism ? runTwice(impl, definition, job.seed, options.checkSteps) : runLabTest(impl, definition, job.seed, { checkSteps: options.checkSteps });
}

/** The report of a job whose run was lost (its worker died or was stopped), as a failure. */
export function lostJobReport(job: SweepJob, message: string): SweepReport {
  return unrunReport(testNamed(job.test), job.seed, "fail", message);
}

function testNamed(name: string): LabTestDefinition {
  const definition = allTests.find((test) => test.name === name);
  if (!definition) throw new Error(`no test named ${name}`);
  return definition;
}
