import { describe, expect, it } from "vitest";
import { liveFigure, spread, sumFigures, summarize, table, type FileResult } from "../../bench/check-report.js";
import type { ColdRun } from "../../bench/check-run.js";
import type { BenchFile, PorcupineFigure } from "../../bench/check-sets.js";

const run = (checkMs: number, verdict: ColdRun["verdict"] = "ok", extra: Partial<ColdRun> = {}): ColdRun => ({ verdict, checkMs, checkCpuMs: checkMs / 2, parseMs: 1, processMs: checkMs + 50, ...extra });
const file = (name: string, porcupine: PorcupineFigure | undefined, expected: BenchFile["expected"] = "ok"): BenchFile => ({ set: "s", name, path: `/x/${name}`, expected, porcupine });
const decided = (wallMs: number, cpuMs = wallMs, processMs?: number): PorcupineFigure => ({ outcome: "decided", verdict: "ok", wallMs, cpuMs, processMs });

describe("spread", () => {
  it("gives min, median and max, the median of an even count being the mean of the middle two", () => {
    expect(spread([5, 1, 3])).toEqual({ min: 1, median: 3, max: 5 });
    expect(spread([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
    expect(spread([])).toBeUndefined();
  });
});

describe("sumFigures", () => {
  it("sums Porcupine's figures over a set's files", () => {
    expect(sumFigures([decided(1, 2), decided(10, 20)])).toEqual({ outcome: "decided", verdict: "ok", wallMs: 11, cpuMs: 22, processMs: undefined });
    expect(sumFigures([decided(1, 2, 30), decided(10, 20, 40)])).toMatchObject({ processMs: 70 });
    expect(sumFigures([decided(1, 2, 30), decided(10, 20)])).toMatchObject({ processMs: undefined });
  });

  it("has no figure when a file has none, and carries the outcome of the first file not decided", () => {
    expect(sumFigures([decided(1), undefined])).toBeUndefined();
    expect(sumFigures([])).toBeUndefined();
    expect(sumFigures([decided(1), { outcome: "out of memory (8G address space) after 40 s" }])).toEqual({ outcome: "out of memory (8G address space) after 40 s", verdict: "unknown" });
  });
});

describe("summarize", () => {
  it("adds a set's files up run by run, so the spread is that of whole-set runs", () => {
    const results: FileResult[] = [
      { file: file("a", decided(10)), kvlab: [run(1), run(10), run(5)] },
      { file: file("b", decided(10)), kvlab: [run(2), run(1), run(3)] },
    ];
    const s = summarize("s", results);
    // Run totals 3, 11, 8: the median run is 8 (the sum of the medians, 5 + 2, would be 7).
    expect(s.checkMs).toEqual({ min: 3, median: 8, max: 11 });
    expect(s.checkCpuMs!.median).toBe(4);
    expect(s.processMs!.median).toBe(108);
    expect(s.ratio).toBe(8 / 20);
    expect(s.cpuRatio).toBe(4 / 20);
    expect(s.target).toBe("meets");
    expect(s.verdict).toBe("ok");
  });

  it("gives the whole-process ratio where Porcupine's whole process was recorded and it decided", () => {
    const results = (porcupine: PorcupineFigure): FileResult[] => [{ file: file("a", porcupine), kvlab: [run(10), run(30), run(20)] }];
    expect(summarize("s", results(decided(10, 10, 35))).processRatio).toBe(70 / 35);
    expect(summarize("s", results(decided(10))).processRatio).toBeUndefined();
    expect(summarize("s", results({ outcome: "timeout after 300 s", processMs: 300_000 })).processRatio).toBeUndefined();
  });

  it("meets the target at exactly half of Porcupine's time and misses it above", () => {
    expect(summarize("s", [{ file: file("a", decided(10)), kvlab: [run(5)] }]).target).toBe("meets");
    expect(summarize("s", [{ file: file("a", decided(10)), kvlab: [run(5.01)] }]).target).toBe("misses");
  });

  it("counts verdicts of a mixed set and names files with a wrong verdict", () => {
    const s = summarize("s", [
      { file: file("a", decided(1)), kvlab: [run(1)] },
      { file: file("b", decided(1), "illegal"), kvlab: [run(1, "illegal")] },
      { file: file("c", decided(1), "illegal"), kvlab: [run(1, "ok")] },
    ]);
    expect(s.verdict).toBe("2 ok, 1 illegal");
    expect(s.wrong).toEqual(["c"]);
    expect(s.target).toBe("misses (wrong verdict)");
  });

  it("says who did not decide", () => {
    const undecided = [{ file: file("a", decided(10)), kvlab: [run(NaN, "unknown", { reason: "memory" })] }];
    expect(summarize("s", undecided)).toMatchObject({ verdict: "unknown", undecided: "memory", target: "misses (kvlab undecided)" });
    const inASet = [{ file: file("b", decided(1)), kvlab: [run(1)] }, ...undecided];
    expect(summarize("s", inASet)).toMatchObject({ verdict: "unknown", undecided: "a: memory" });
    const neither = [{ file: file("a", { outcome: "timeout after 300 s" }), kvlab: [run(NaN, "unknown", { reason: "timeout" })] }];
    expect(summarize("s", neither).target).toBe("neither decides");
    const porcupineOnly = [{ file: file("a", { outcome: "out of memory" }), kvlab: [run(3)] }];
    expect(summarize("s", porcupineOnly)).toMatchObject({ target: "meets (Porcupine undecided)", ratio: undefined });
    expect(summarize("s", [{ file: file("a", undefined), kvlab: [run(3)] }]).target).toBe("no Porcupine figure");
  });

  it("sums live Porcupine runs like recorded ones", () => {
    const s = summarize("s", [{ file: file("a", decided(10)), kvlab: [run(1)], live: [run(4), run(2), run(9)] }]);
    expect(s.live).toMatchObject({ outcome: "decided", wallMs: 4, cpuMs: 2, processMs: 54 });
    expect(s.liveRatio).toBe(1 / 4);
  });
});

describe("liveFigure", () => {
  it("shows Porcupine's live Unknown as Unknown, in short in the table and whole in the figure", () => {
    const s = summarize("s", [{ file: file("a", decided(10)), kvlab: [run(1)], live: [run(9, "unknown", { reason: "Unknown after 9 ms" })] }]);
    expect(s.live).toEqual({ outcome: "Unknown after 9 ms", verdict: "unknown" });
    expect(table([s], true).split("\n")[1]).toMatch(/\s10\.0\s+-\s+Unknown\s+0\.10x\s+0\.05x\s+-\s+-\s+meets$/);
  });

  it("takes the median of each figure, or the reason a run did not decide", () => {
    expect(liveFigure([run(3), run(1), run(2)])).toEqual({ outcome: "decided", verdict: "ok", wallMs: 2, cpuMs: 1, processMs: 52 });
    expect(liveFigure([run(NaN, "unknown", { reason: "out of memory" })])).toEqual({ outcome: "out of memory", verdict: "unknown" });
  });
});

describe("table", () => {
  const sets = [summarize("kv", [{ file: file("a", decided(10)), kvlab: [run(4), run(5), run(6)] }])];

  it("prints one row per set with the spread, Porcupine's times, the ratios and the target", () => {
    const [header, row] = table(sets, false).split("\n");
    expect(header).toMatch(/^set\s+files\s+kvlab\s+check ms min \/ med \/ max\s+cpu ms med\s+process ms med\s+Porcupine ms\s+Porcupine process ms\s+ratio\s+cpu ratio\s+process ratio\s+target <= 0.5$/);
    // Porcupine's kv and etcd anchors record no whole process: "-" in its column and the ratio's.
    expect(row).toMatch(/^kv\s+1\s+ok\s+4\.00 \/ 5\.00 \/ 6\.00\s+2\.50\s+55\.0\s+10\.0\s+-\s+0\.50x\s+0\.25x\s+-\s+meets$/);
  });

  it("prints Porcupine's whole process and kvlab's over it where it was recorded", () => {
    const withProcess = summarize("size-1k", [{ file: file("a", decided(10, 10, 22)), kvlab: [run(4), run(5), run(6)] }]);
    expect(table([withProcess], false).split("\n")[1]).toMatch(/\s55\.0\s+10\.0\s+22\.0\s+0\.50x\s+0\.25x\s+2\.50x\s+meets$/);
  });

  it("says in short what stopped Porcupine", () => {
    const oom = summarize("big", [{ file: file("a", { outcome: "out of memory (8G address space) after 41 s, checking" }), kvlab: [run(NaN, "unknown", { reason: "memory" })] }]);
    const timeout = summarize("slow", [{ file: file("a", { outcome: "timeout after 300 s" }), kvlab: [run(2)] }]);
    const [, oomRow, timeoutRow] = table([oom, timeout], false).split("\n");
    expect(oomRow).toMatch(/^big\s+1\s+unknown \(memory\)\s+-\s+-\s+-\s+out of memory\s+-\s+-\s+-\s+-\s+neither decides$/);
    expect(timeoutRow).toMatch(/^slow\s+1\s+ok\s+2\.00 \/ 2\.00 \/ 2\.00\s+1\.00\s+52\.0\s+timeout\s+-\s+-\s+-\s+-\s+meets \(Porcupine undecided\)$/);
  });

  it("adds a column for Porcupine measured live only when it was", () => {
    const live = [summarize("kv", [{ file: file("a", decided(10)), kvlab: [run(4), run(5), run(6)] }])].map((s) => ({ ...s, live: decided(20), liveRatio: 0.25 }));
    expect(table(live, true).split("\n")[1]).toMatch(/\s10\.0\s+-\s+20\.0\s+0\.50x\s+0\.25x\s+-\s+0\.25x\s+meets$/);
    expect(table(sets, false).split("\n")[0]).not.toContain("live");
  });
});
