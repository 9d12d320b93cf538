import { rerunRecorded, type Run, type TestReport } from "../../../harness/index.js";
import { MessageIndex } from "../../kv/index.js";
import type { KvRaftForensicRecord, KvRaftWorld } from "../world/index.js";

/** A failed replicated KV run, re-run with the trace and the world's forensic record kept. */
export interface KvRaftInvestigation {
  report: TestReport;
  world: KvRaftWorld;
  record: KvRaftForensicRecord;
  /** The trace's messages with their fates and executions, looked up by id. */
  messages: MessageIndex;
}

/**
 * Re-runs a test (deterministically the same run: the record adds no virtual time, message or
 * random draw) with the trace and the forensic record. Undefined for a test that did not run.
 */
export async function investigate(run: Run): Promise<KvRaftInvestigation | undefined> {
  const { report, world } = await rerunRecorded<KvRaftWorld>(run);
  if (!world?.forensics) return undefined;
  return { report, world, record: world.forensics, messages: new MessageIndex(report.trace ?? [], world.forensics.raft.executions) };
}
