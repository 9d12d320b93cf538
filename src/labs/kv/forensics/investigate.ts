import { rerunRecorded, type Run, type TestReport } from "../../../harness/index.js";
import type { SimulatedKvWorld } from "../sim-world.js";
import { MessageIndex } from "./attempts.js";
import { diagnose, type Finding } from "./diagnose.js";

/** A failed run, re-run with everything recorded, and what that record shows. */
export interface Investigation {
  report: TestReport;
  world: SimulatedKvWorld;
  index: MessageIndex;
  findings: Finding[];
}

/**
 * Re-runs a test (deterministically the same run) with the trace, the clerk journal and the
 * server executions recorded, and diagnoses it. Undefined for a test that did not run (skipped).
 */
export async function investigate(run: Run): Promise<Investigation | undefined> {
  const { report, world } = await rerunRecorded<SimulatedKvWorld>(run);
  if (!world) return undefined;
  const index = new MessageIndex(report.trace ?? [], world.executions, world.journal);
  return { report, world, index, findings: diagnose(world.journal, world.executions, index) };
}
