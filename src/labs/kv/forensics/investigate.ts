import type { KVImplementation } from "../index.js";
import type { LabTest } from "../sim-world.js";
import { runInLab, type RunTestOptions, type TestReport } from "../../../harness/run-test.js";
import type { LabTestDefinition } from "../../../harness/test-definition.js";
import { MessageIndex } from "./attempts.js";
import { diagnose, type Finding } from "./diagnose.js";

/** A failed run, re-run with everything recorded, and what that record shows. */
export interface Investigation {
  report: TestReport;
  lab: LabTest;
  index: MessageIndex;
  findings: Finding[];
}

/**
 * Re-runs a test (deterministically the same run) with the trace, the clerk journal and the
 * server executions recorded, and diagnoses it. Undefined for a test that did not run (skipped).
 */
export async function investigate(impl: KVImplementation, definition: LabTestDefinition, seed: number, options: RunTestOptions = {}): Promise<Investigation | undefined> {
  const { report, lab } = await runInLab(impl, definition, seed, { ...options, trace: true, forensics: true });
  if (!lab) return undefined;
  const index = new MessageIndex(report.trace ?? [], lab.executions, lab.journal);
  return { report, lab, index, findings: diagnose(lab.journal, lab.executions, index) };
}
