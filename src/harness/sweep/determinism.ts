import { describeDivergence, firstDivergence, type AmbientUse } from "../../../labnet/index.js";
import type { Run } from "../lab.js";
import { runTest } from "../run-test.js";
import type { SweepReport } from "./sweep-report.js";

/**
 * Runs a test twice at one seed, in this thread, traces kept, and compares. Labnet makes a run a
 * pure function of the seed, so a difference means user code read something outside the
 * simulation (state kept from an earlier run, real time, a real timer). Running both in one thread
 * is what exposes state that outlives a run. The report is the first run's, without its events,
 * and fails when the runs differ; it lists every ambient call either run made.
 */
export async function runTwice(run: Run): Promise<SweepReport> {
  const traced: Run = { ...run, options: { ...run.options, trace: true } };
  const { trace: firstEvents = [], ...first } = await runTest(traced);
  const { trace: secondEvents = [], ...second } = await runTest(traced);
  const ambient = mergeAmbient(first.ambient, second.ambient);
  const report: SweepReport = { ...first, ...(ambient.length > 0 ? { ambient } : {}) };
  const outcome = (run: SweepReport) => `${run.verdict}${run.message === undefined ? "" : ` (${run.message})`}`;
  if (first.traceHash === second.traceHash && outcome(first) === outcome(second)) return report;
  const divergence = firstDivergence(firstEvents, secondEvents);
  return {
    ...report,
    verdict: "fail",
    message: `two runs of seed ${run.seed} differ: trace ${first.traceHash}, then ${second.traceHash}`,
    divergence: divergence
      ? describeDivergence(divergence)
      : first.traceHash === second.traceHash
        ? `the traces agree, but the first run ended ${outcome(first)} and the second ${outcome(second)}`
        : "the events read the same, but an event's identity or size differs (e.g. a message's length)",
  };
}

/** Every call site either run used, once. */
function mergeAmbient(first: AmbientUse[] = [], second: AmbientUse[] = []): AmbientUse[] {
  const seen = new Set(first.map((use) => `${use.api} ${use.site}`));
  return [...first, ...second.filter((use) => !seen.has(`${use.api} ${use.site}`))];
}
