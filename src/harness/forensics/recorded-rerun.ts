import type { Explanation, Run, SimulatedWorld } from "../lab.js";
import type { TraceTooLong } from "../failure.js";
import { runInWorld, type TestReport } from "../run-test.js";

/**
 * Trace events an explanation's re-run may keep: the longest run of the shipped suites keeps about
 * 1.1 million (the KV lab's 100,000-clerk memory test); a run past this is nearly always one that
 * never settles (a storm of RPCs), whose record would use up the process's memory.
 */
export const EXPLAIN_TRACE_EVENTS = 2_000_000;

/**
 * A failed run re-run (deterministically the same run) for its explanation: with the trace's events
 * and the lab's forensic record kept, at most EXPLAIN_TRACE_EVENTS events.
 *
 * @example
 * const { report, world } = await rerunRecorded<RaftWorld>(run);
 */
export function rerunRecorded<World>(run: Run): Promise<{ report: TestReport; world?: World & SimulatedWorld }> {
  return runInWorld<World>({ ...run, options: { ...run.options, trace: true, forensics: true, traceLimit: EXPLAIN_TRACE_EVENTS } });
}

/**
 * What an explanation says of a re-run that kept EXPLAIN_TRACE_EVENTS events and was still going,
 * in place of an analysis of a record cut short; undefined for any other re-run.
 *
 * @example
 * const { report } = await rerunRecorded(run);
 * const tooLong = tooLongToExplain(report); // { lines: ["not explained: ..."] } or undefined
 */
export function tooLongToExplain(report: TestReport): Explanation | undefined {
  if (report.reason?.kind !== "trace-limit") return undefined;
  // A lab's own kinds are any other word, so the harness's "trace-limit" is always this shape.
  const { events } = report.reason as TraceTooLong;
  return {
    lines: [
      `not explained: the run is too long to record for an explanation: it had made ${events.toLocaleString("en-US")} trace events by ${(report.virtualMs / 1000).toFixed(1)}s of virtual time, more than any shipped test's whole run (so long a run is usually a storm of RPCs that never settles); its failure is the one above (\`--explain 0\` skips explaining)`,
    ],
  };
}
