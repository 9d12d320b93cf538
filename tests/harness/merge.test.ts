// kvlab merge's logic: the shards' --json reports put back in the sweep's order, what one
// unsharded run prints at its end for them, and a one-line refusal of anything that is not the
// shards of one sweep.
import { describe, expect, it } from "vitest";
import { mergedLines, mergeShardReports, shardReport, unrunReport, type RunOptions, type ShardFile, type ShardReport } from "../../src/harness/index.js";
import { counterRun } from "./counter-lab/runs.js";

/** The report kvlab test --json prints for TestInitialGet at `seed`, run `sweepIndex` of the sweep. */
function report(seed: number, sweepIndex: number, verdict: "pass" | "fail" | "skip" = "pass", options: RunOptions = { implPath: "c.ts" }): ShardReport {
  const run = counterRun("TestInitialGet", { seed, options });
  const unrun = unrunReport(run.definition, seed, verdict === "pass" ? "skip" : verdict, `why ${seed}`);
  return shardReport(verdict === "pass" ? { ...unrun, verdict, message: undefined } : unrun, run, sweepIndex);
}
const file = (name: string, reports: unknown): ShardFile => ({ name, text: JSON.stringify(reports) });

describe("mergeShardReports", () => {
  it("puts the shards' reports back in the sweep's order, whatever the order of the files", () => {
    const [a, b, c, d] = [report(1, 0), report(2, 1, "fail"), report(3, 2), report(4, 3)];
    expect(mergeShardReports([file("s2.json", [b, d]), file("s1.json", [a, c])])).toEqual([a, b, c, d]);
    expect(mergeShardReports([file("empty.json", [])])).toEqual([]);
  });

  it("refuses a sweep some of whose runs no file holds, when the reports say how many runs it has", () => {
    const sized = (seed: number, sweepIndex: number, sweepRuns: number) => ({ ...report(seed, sweepIndex), sweepRuns });
    const [a, b, c] = [sized(1, 0, 3), sized(2, 1, 3), sized(3, 2, 3)];
    expect(mergeShardReports([file("s1.json", [a, c]), file("s2.json", [b])])).toEqual([a, b, c]);
    // The second shard's file left out: this merged as "2 passed, 0 failed", exit 0.
    expect(mergeShardReports([file("s1.json", [a, c])])).toBe("1 of the sweep's 3 runs are in no file (the first: run 1): merge every shard's file, each from a shard that ran to its end");
    expect(mergeShardReports([file("s1.json", [a, c]), file("s2.json", [sized(2, 1, 4)])])).toBe("the reports are of sweeps of different sizes (3 and 4 runs): merge the shards of one sweep");
    // Reports of an older kvlab do not say: they merge as before.
    expect(mergeShardReports([file("s1.json", [report(1, 0), report(3, 2)])])).toHaveLength(2);
  });

  it.each([
    ["a file that is not JSON", [{ name: "s1.json", text: "[{" }], /^s1\.json is not JSON \(.+\)$/],
    ["a file that is not an array", [file("s1.json", { runs: [] })], /^s1\.json is not an array of reports, as kvlab test --json prints$/],
    ["a report that is not one", [file("s1.json", [report(1, 0), { test: "x" }])], /^s1\.json, report 1 is not a report of kvlab test --json \(with kvlab's lab and sweepIndex\): lab: .+$/],
    ["an older report, without its place in the sweep", [file("s1.json", [{ ...report(1, 0), sweepIndex: undefined }])], /^s1\.json, report 0 is not a report of kvlab test --json \(with kvlab's lab and sweepIndex\): sweepIndex: .+$/],
    [
      "the same run in two files",
      [file("s1.json", [report(1, 0)]), file("s2.json", [report(2, 1), report(1, 0)])],
      /^s2\.json, report 1 \(TestInitialGet seed 1, run 0 of the sweep\) repeats s1\.json, report 0 \(TestInitialGet seed 1, run 0 of the sweep\): merge each shard once$/,
    ],
    [
      "two runs at one place of the sweep (shards of two sweeps)",
      [file("s1.json", [report(1, 0)]), file("s2.json", [report(5, 0)])],
      /^s2\.json, report 0 \(TestInitialGet seed 5, run 0 of the sweep\) repeats s1\.json, report 0 \(TestInitialGet seed 1, run 0 of the sweep\): merge each shard once$/,
    ],
    [
      "another implementation",
      [file("s1.json", [report(1, 0)]), file("s2.json", [report(2, 1, "pass", { implPath: "d.ts" })])],
      /^s2\.json, report 0 is of another sweep \(lab counter, --impl d\.ts\) than s1\.json, report 0 \(lab counter, --impl c\.ts\): merge the shards of one sweep$/,
    ],
    [
      "another part module",
      [file("s1.json", [report(1, 0, "pass", { parts: { server: "s.ts" } })]), file("s2.json", [report(2, 1, "pass", {})])],
      /^s2\.json, report 0 is of another sweep \(lab counter, the reference implementation\) than s1\.json, report 0 \(lab counter, the reference implementation, --server s\.ts\): merge the shards of one sweep$/,
    ],
    [
      "another lab",
      [file("s1.json", [report(1, 0)]), file("s2.json", [{ ...report(2, 1), lab: "kv" }])],
      /^s2\.json, report 0 is of another sweep \(lab kv, --impl c\.ts\) than s1\.json, report 0 \(lab counter, --impl c\.ts\): merge the shards of one sweep$/,
    ],
    [
      "other options",
      [file("s1.json", [report(1, 0, "pass", {})]), file("s2.json", [report(2, 1, "pass", { checkSteps: 5, checkDeterminism: true })])],
      /^s2\.json, report 0 is of another sweep \(lab counter, the reference implementation, --budget 5, --check-determinism\) than s1\.json, report 0 \(lab counter, the reference implementation\): merge the shards of one sweep$/,
    ],
  ])("refuses %s in one line naming the file", (_, files, message) => {
    const refusal = mergeShardReports(files);
    expect(refusal).toMatch(message);
    expect(refusal).not.toContain("\n");
  });
});

describe("mergedLines", () => {
  it("reruns a failure with the sweep's part modules, as kvlab test printed it", () => {
    const lines = mergedLines(mergeShardReports([file("s1.json", [report(2, 0, "fail", { implPath: "c.ts", parts: { server: "s.ts" } })])]) as ShardReport[]);
    expect(lines).toContain("  rerun: npx kvlab test --lab counter --impl c.ts --server s.ts --test TestInitialGet --seed 2");
  });

  it("prints each failure with its rerun line, then the totals", () => {
    const lines = mergedLines([report(1, 0), report(2, 1, "fail"), report(3, 2, "skip")]);
    expect(lines).toEqual([
      "Fatal: why 2",
      "  ... FAILED at 0.0s (seed 2)",
      "  rerun: npx kvlab test --lab counter --impl c.ts --test TestInitialGet --seed 2",
      "1 passed, 1 failed, 1 skipped",
    ]);
  });

  it("says how many runs differed with --check-determinism, and shows where", () => {
    const differed = { ...report(2, 1, "fail", { checkDeterminism: true }), divergence: "the runs parted at event 9" };
    expect(mergedLines([report(1, 0, "pass", { checkDeterminism: true }), differed])).toEqual([
      "Fatal: why 2",
      "the runs parted at event 9",
      "  ... FAILED at 0.0s (seed 2)",
      "  rerun: npx kvlab test --lab counter --test TestInitialGet --seed 2 --check-determinism",
      "determinism: 2 runs each ran twice; 1 differed",
      "1 passed, 1 failed",
    ]);
  });

  it("counts the passes whose check ran out of budget", () => {
    expect(mergedLines([{ ...report(1, 0), uncheckedHistories: 1 }, report(2, 1)])).toEqual(["1 passing run had a linearizability check that ran out of budget (verdict unknown)", "2 passed, 0 failed"]);
  });
});
