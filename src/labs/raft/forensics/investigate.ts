import { rerunRecorded, type Run, type TestReport } from "../../../harness/index.js";
import type { RaftInspection } from "../contract.js";
import type { RaftForensicRecord, RaftWorld } from "../world/index.js";

/** A failed Raft run, re-run with the trace and the forensic record kept. */
export interface RaftInvestigation {
  report: TestReport;
  world: RaftWorld;
  record: RaftForensicRecord;
  /** Each peer's log and state at the moment of failure (a crashed peer's as it was before its crash), when it has inspect(). */
  views: (RaftInspection | undefined)[];
}

/**
 * Re-runs a test (deterministically the same run) with the trace and the world's forensic record.
 * Undefined for a test that did not run (skipped, or a world that could not be built).
 */
export async function investigate(run: Run): Promise<RaftInvestigation | undefined> {
  const { report, world } = await rerunRecorded<RaftWorld>(run);
  if (!world?.forensics) return undefined;
  const views = Array.from({ length: world.peers }, (_, i) => world.raft(i)?.inspect?.() ?? world.forensics!.last[i]?.view);
  return { report, world, record: world.forensics, views };
}
