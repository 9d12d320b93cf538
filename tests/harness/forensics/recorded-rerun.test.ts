// An explanation's re-run keeps everything, up to a limit of trace events; a run too long to record
// stops there, and the explanation says so in one line instead of analysing a record cut short.
import { describe, expect, it } from "vitest";
import { EXPLAIN_TRACE_EVENTS, rerunRecorded, runInWorld, tooLongToExplain } from "../../../src/harness/index.js";
import forgetful from "../counter-lab/impls/forgetful.js";
import { counterRun } from "../counter-lab/runs.js";

describe("rerunRecorded", () => {
  it("runs the same run again with every trace event kept, the same trace and verdict, under the explanation's limit", async () => {
    const run = counterRun("TestUnreliableIncrements", { impl: forgetful });
    const plain = await runInWorld(run);
    const { report, world } = await rerunRecorded(run);
    expect({ verdict: report.verdict, message: report.message, traceHash: report.traceHash }).toEqual({ verdict: plain.report.verdict, message: plain.report.message, traceHash: plain.report.traceHash });
    expect(report.trace).toHaveLength(world!.sim.trace.count);
    expect(report.trace!.length).toBeLessThan(EXPLAIN_TRACE_EVENTS);
    expect(plain.report.trace).toBeUndefined();
  });
});

describe("a run recorded for an explanation, with a limit of trace events", () => {
  it("fails with the reason trace-limit once it keeps more events than the limit, whatever it would have come to", async () => {
    for (const [test, impl] of [["TestUnreliableIncrements", forgetful], ["TestReliableIncrements", undefined]] as const) {
      const run = counterRun(test, { ...(impl ? { impl } : {}), options: { trace: true, traceLimit: 20 } });
      const { report } = await runInWorld(run);
      expect(report).toMatchObject({ verdict: "fail", reason: { kind: "trace-limit", events: 20 } });
      expect(report.message).toContain("the run kept its limit of 20 trace events and was still going");
    }
  });

  it("runs as before within the limit, or without trace", async () => {
    const plain = await runInWorld(counterRun("TestReliableIncrements", { options: { trace: true } }));
    const within = await runInWorld(counterRun("TestReliableIncrements", { options: { trace: true, traceLimit: 1_000_000 } }));
    const untraced = await runInWorld(counterRun("TestReliableIncrements", { options: { traceLimit: 20 } }));
    for (const { report } of [within, untraced]) expect({ verdict: report.verdict, traceHash: report.traceHash }).toEqual({ verdict: "pass", traceHash: plain.report.traceHash });
  });

  it("is explained in one line that says why, when, and how to skip explaining; any other run is left to the lab", async () => {
    const { report } = await runInWorld(counterRun("TestReliableIncrements", { options: { trace: true, traceLimit: 20 } }));
    expect(tooLongToExplain(report)).toEqual({
      lines: [
        `not explained: the run is too long to record for an explanation: it had made 20 trace events by ${(report.virtualMs / 1000).toFixed(1)}s of virtual time, more than any shipped test's whole run (so long a run is usually a storm of RPCs that never settles); its failure is the one above (\`--explain 0\` skips explaining)`,
      ],
    });
    const { report: failed } = await runInWorld(counterRun("TestUnreliableIncrements", { impl: forgetful }));
    expect(tooLongToExplain(failed)).toBeUndefined();
  });
});
