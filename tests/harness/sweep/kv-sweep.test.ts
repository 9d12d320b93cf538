import { describe, expect, it } from "vitest";
import { kvLab, reference, selectTests } from "../../../src/labs/kv/index.js";
import { planJobs, runSweep, shardJobs } from "../../../src/harness/sweep/index.js";
import backoffCounter from "../../labs/kv/fixtures/backoff-counter-clerk.js";

const tests = selectTests("all", ["TestReliablePut", "TestUnreliableNet", "TestReliableBasic"]);
const onReference = { lab: kvLab, impl: reference, options: {} };

describe("sweep plans", () => {
  it("list every (test, seed) in test order, then seed order", () => {
    expect(planJobs(onReference, tests.slice(0, 2), 7, 2).map((run) => ({ test: run.definition.name, seed: run.seed }))).toEqual([
      { test: "TestReliablePut", seed: 7 },
      { test: "TestReliablePut", seed: 8 },
      { test: "TestUnreliableNet", seed: 7 },
      { test: "TestUnreliableNet", seed: 8 },
    ]);
  });

  it.each([1, 2, 3, 5, 13])("%i shards hold every run exactly once", (count) => {
    const jobs = planJobs(onReference, tests, 1, 4);
    const shards = Array.from({ length: count }, (_, i) => shardJobs(jobs, { index: i + 1, count }));
    expect(shards.flat().map((job) => `${job.definition.name}/${job.seed}`).sort()).toEqual(jobs.map((job) => `${job.definition.name}/${job.seed}`).sort());
    // Dealt in turn, so shard i (from 0) holds jobs i, i + count, i + 2·count…: no shard has more than one job more than another.
    expect(shards.map((shard) => shard.length)).toEqual(Array.from({ length: count }, (_, i) => Math.ceil((jobs.length - i) / count)));
  });

  it("a shard is the same whoever computes it, and keeps the sweep's order", () => {
    const jobs = planJobs(onReference, tests, 1, 4);
    expect(shardJobs(jobs, { index: 2, count: 3 })).toEqual(shardJobs(planJobs(onReference, tests, 1, 4), { index: 2, count: 3 }));
    expect(shardJobs(jobs, { index: 2, count: 3 })).toEqual([jobs[1], jobs[4], jobs[7], jobs[10]]);
  });
});

describe("runSweep", () => {
  const jobs = planJobs(onReference, tests, 1, 3);
  const sweep = async (workers: number) => {
    const events: string[] = [];
    const reports = await runSweep(
      jobs,
      { workers, watchdogMs: 60_000 },
      { begin: (run, i) => events.push(`begin ${i} ${run.definition.name}/${run.seed}`), end: (report, _run, i) => events.push(`end ${i} ${report.test}/${report.seed}`) },
    );
    return { events, reports: reports.map(({ test, seed, verdict, traceHash, rpcs, ops, virtualMs }) => ({ test, seed, verdict, traceHash, rpcs, ops, virtualMs })) };
  };

  it("on worker threads reports the same runs, in the same order, as in this thread", async () => {
    const [inProcess, onWorkers] = [await sweep(1), await sweep(2)];
    expect(onWorkers).toEqual(inProcess);
    expect(inProcess.events.slice(0, 4)).toEqual(["begin 0 TestReliablePut/1", "end 0 TestReliablePut/1", "begin 1 TestReliablePut/2", "end 1 TestReliablePut/2"]);
    expect(new Set(inProcess.reports.map((r) => r.traceHash)).size).toBe(jobs.length);
  });

  it("checking determinism, fails a run that differs from its rerun and says where, and passes the rest", async () => {
    const quiet = { begin: () => {}, end: () => {} };
    const runs = planJobs({ lab: kvLab, impl: backoffCounter, options: { checkDeterminism: true } }, tests.slice(0, 2), 1, 1);
    const [put, unreliable] = await runSweep(runs, { workers: 1, watchdogMs: 60_000 }, quiet);
    expect([put!.verdict, put!.divergence]).toEqual(["pass", undefined]);
    expect(unreliable!.verdict).toBe("fail");
    expect(unreliable!.divergence).toMatch(/^traces diverge at event \d+:\n {2}expected: [\d.]+ms timer clerk-1 100ms\n {2}actual: {3}[\d.]+ms timer clerk-1 10[1-9]ms$/);
    expect(unreliable!.trace).toBeUndefined();
  });
});
