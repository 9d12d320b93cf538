// The report's lines: what a test prints as it begins and ends, and the sweep's closing lines.
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { ambientLines, beginLine, closingLines, determinismLine, endLines, summaryLine, unknownChecksLine, unrunReport, type SweepReport } from "../../src/harness/index.js";
import { counterTest } from "./counter-lab/runs.js";

const plain = (lines: readonly string[]) => lines.map(stripVTControlCharacters);

/** A report of the counter lab's TestReliableIncrements at seed 4, with `fields`. */
function report(fields: Partial<SweepReport> = {}): SweepReport {
  return {
    suite: "increments",
    test: "TestReliableIncrements",
    title: "Test: concurrent increments",
    reliable: true,
    seed: 4,
    verdict: "pass",
    info: [],
    peers: 1,
    virtualMs: 1234,
    wallMs: 56,
    rpcs: 16,
    ops: 16,
    traceHash: "0123456789abcdef",
    ...fields,
  };
}

describe("beginLine", () => {
  it("says the test's title and its network", () => {
    expect(beginLine(report())).toBe("Test: concurrent increments (reliable network)...");
    expect(beginLine(report({ reliable: false }))).toBe("Test: concurrent increments (unreliable network)...");
  });
});

describe("endLines", () => {
  it("of a pass: info lines, then virtual time, peers, RPCs and operations, and the wall time, then details", () => {
    expect(plain(endLines(report({ info: ["info: one"] }), "RERUN", ["a detail"]))).toEqual(["info: one", "  ... Passed --  time  1.2s #peers 1 #RPCs    16 #Ops   16  (wall 0.06s)", "a detail"]);
  });

  it("of a failure: the Fatal text, details, where it failed with seed and trace, and the rerun", () => {
    expect(plain(endLines(report({ verdict: "fail", message: "the counter reads 16 after 15 increments" }), "npx kvlab test --lab counter --test TestReliableIncrements --seed 4", ["where it parted"]))).toEqual([
      "Fatal: the counter reads 16 after 15 increments",
      "where it parted",
      "  ... FAILED at 1.2s (seed 4, trace 0123456789abcdef)",
      "  rerun: npx kvlab test --lab counter --test TestReliableIncrements --seed 4",
    ]);
  });

  it("of a lost run, which has no trace, leaves the trace out", () => {
    const lost = unrunReport(counterTest("TestReliableIncrements"), 4, "fail", "its worker died", { kind: "lost", cause: "died" });
    expect(plain(endLines(lost, "RERUN"))).toEqual(["Fatal: its worker died", "  ... FAILED at 0.0s (seed 4)", "  rerun: RERUN"]);
  });

  it("of a skip: why, and no figures", () => {
    expect(plain(endLines(report({ verdict: "skip", message: "the implementation does not claim at-most-once increments" }), "RERUN"))).toEqual(["  ... Skipped -- the implementation does not claim at-most-once increments"]);
  });
});

describe("summaryLine", () => {
  it("counts passes and failures, and skips only when there are some", () => {
    expect(summaryLine([report(), report({ verdict: "fail" }), report()])).toBe("2 passed, 1 failed");
    expect(summaryLine([report({ verdict: "skip" }), report({ verdict: "skip" })])).toBe("0 passed, 0 failed, 2 skipped");
    expect(summaryLine([])).toBe("0 passed, 0 failed");
  });
});

describe("unknownChecksLine", () => {
  it("counts runs with a check out of budget, by the typed count, not by their info lines", () => {
    expect(unknownChecksLine([report(), report({ info: ["info: linearizability check timed out, assuming history is ok"] })])).toBeUndefined();
    expect(stripVTControlCharacters(unknownChecksLine([report({ uncheckedHistories: 3 }), report()])!)).toBe("1 passing run had a linearizability check that ran out of budget (verdict unknown)");
    expect(stripVTControlCharacters(unknownChecksLine([report({ uncheckedHistories: 1 }), report({ uncheckedHistories: 2 })])!)).toBe("2 passing runs had a linearizability check that ran out of budget (verdict unknown)");
  });
});

describe("determinismLine", () => {
  it("counts the runs checked (not the skipped) and those that differed", () => {
    const reports = [report(), report({ verdict: "skip" }), report({ verdict: "fail", divergence: "traces diverge at event 3" }), report({ verdict: "fail" })];
    expect(stripVTControlCharacters(determinismLine(reports))).toBe("determinism: 3 runs each ran twice; 1 differed");
    expect(stripVTControlCharacters(determinismLine([report()]))).toBe("determinism: 1 run each ran twice; 0 differed");
  });
});

describe("ambientLines", () => {
  it("warns once per call site, relative to the working directory, with what to use instead", () => {
    const uses = [
      { api: "Date.now" as const, site: `${process.cwd()}/my-counter.ts:3:7` },
      { api: "setTimeout" as const, site: "/elsewhere/lib.js:1:1" },
    ];
    expect(plain(ambientLines(uses))).toEqual([
      "  warning: Date.now called at my-counter.ts:3:7: the run gave it virtual time, but use env.now()",
      "  warning: setTimeout called at /elsewhere/lib.js:1:1: a real timer, which the simulation cannot order, so runs may differ: use env.sleep()",
    ]);
  });
});


describe("closingLines", () => {
  it("is the summary alone when no check ran out of budget and determinism was not checked", () => {
    expect(plain(closingLines([report(), report({ verdict: "fail", message: "x" })], false))).toEqual(["1 passed, 1 failed"]);
  });

  it("counts the checks out of budget first, then the determinism line, then the summary", () => {
    const reports = [report({ uncheckedHistories: 1 }), report({ verdict: "fail", message: "differ", divergence: "traces diverge at event 3" })];
    expect(plain(closingLines(reports, true))).toEqual([
      "1 passing run had a linearizability check that ran out of budget (verdict unknown)",
      "determinism: 2 runs each ran twice; 1 differed",
      "1 passed, 1 failed",
    ]);
  });
});
