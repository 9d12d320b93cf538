import type { ColdRun } from "./check-run.js";
import type { BenchFile, PorcupineFigure } from "./check-sets.js";

/** The goal: kvlab's check time at most half of Porcupine's, on every set. */
export const TARGET_RATIO = 0.5;

/** The least, middle and greatest of several measurements. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** Min, median (the mean of the middle two for an even count) and max; undefined for none. */
export function spread(xs: readonly number[]): Spread | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return { min: s[0]!, median: s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, max: s[s.length - 1]! };
}

/** One history's runs, kvlab's and (when measured live) Porcupine's. */
export interface FileResult {
  file: BenchFile;
  kvlab: ColdRun[];
  live?: ColdRun[];
}

/** A set's figures: kvlab's totals per run (spread over runs), Porcupine's, and how they compare. */
export interface SetResult {
  set: string;
  files: number;
  /** kvlab's verdict for the set: the files' verdict when they agree, else how many of each ("3 ok, 3 illegal"); "unknown" if any is. */
  verdict: string;
  /** Files whose verdict is not the expected one (undecided ones excluded). */
  wrong: string[];
  /** Why kvlab did not decide, for the first file it did not. */
  undecided?: string;
  /** Totals over the set's files, per run: the check alone (wall and CPU), and whole processes. */
  checkMs?: Spread;
  checkCpuMs?: Spread;
  processMs?: Spread;
  /** Porcupine's recorded figures summed over the set (undefined where any file lacks one). */
  porcupine?: PorcupineFigure;
  /** Porcupine measured in this run, when a driver was given. */
  live?: PorcupineFigure;
  /** kvlab's median check time over Porcupine's (wall; CPU), when both decided; and over Porcupine's live wall time. */
  ratio?: number;
  cpuRatio?: number;
  liveRatio?: number;
  /** kvlab's median whole process over Porcupine's recorded one, when both decided and Porcupine's was recorded. */
  processRatio?: number;
  /** "meets" / "misses" the target, or why it cannot be told. */
  target: string;
}

/** Sums per-file figures of the same kind into a set's, or says why not. */
export function sumFigures(figures: readonly (PorcupineFigure | undefined)[]): PorcupineFigure | undefined {
  if (figures.length === 0 || figures.some((f) => f === undefined)) return undefined;
  const undecided = figures.find((f) => f!.outcome !== "decided");
  if (undecided !== undefined) return { outcome: undecided.outcome, verdict: "unknown" };
  const total = (pick: (f: PorcupineFigure) => number | undefined) => {
    const xs = figures.map((f) => pick(f!));
    return xs.some((x) => x === undefined) ? undefined : xs.reduce((a, b) => a! + b!, 0);
  };
  const verdicts = new Set(figures.map((f) => f!.verdict));
  return { outcome: "decided", verdict: verdicts.size === 1 ? [...verdicts][0] : undefined, wallMs: total((f) => f.wallMs), cpuMs: total((f) => f.cpuMs), processMs: total((f) => f.processMs) };
}

/** Live runs of one file summed up like an anchor row (median of each figure). */
export function liveFigure(runs: readonly ColdRun[]): PorcupineFigure {
  const last = runs[runs.length - 1]!;
  if (last.verdict === "unknown") return { outcome: last.reason ?? "unknown", verdict: "unknown" };
  return {
    outcome: "decided",
    verdict: last.verdict,
    wallMs: spread(runs.map((r) => r.checkMs))!.median,
    cpuMs: spread(runs.map((r) => r.checkCpuMs))!.median,
    processMs: spread(runs.map((r) => r.processMs))!.median,
  };
}

/** Adds up a set's files run by run (run i of the set = the sum of every file's run i). */
export function summarize(set: string, results: readonly FileResult[]): SetResult {
  const undecidedFile = results.find((r) => r.kvlab.some((run) => run.verdict === "unknown"));
  const wrong = results.filter((r) => r.kvlab.some((run) => run.verdict !== "unknown" && r.file.expected !== undefined && run.verdict !== r.file.expected)).map((r) => r.file.name);
  const firsts = results.map((r) => r.kvlab[0]?.verdict ?? "unknown");
  const count = (v: string) => firsts.filter((f) => f === v).length;
  const verdict = count("unknown") > 0 ? "unknown" : count("ok") === 0 || count("illegal") === 0 ? firsts[0] ?? "-" : `${count("ok")} ok, ${count("illegal")} illegal`;
  const porcupine = sumFigures(results.map((r) => r.file.porcupine));
  const live = results.every((r) => r.live !== undefined) && results.length > 0 ? sumFigures(results.map((r) => liveFigure(r.live!))) : undefined;
  const base = { set, files: results.length, verdict, wrong, porcupine, live };
  if (undecidedFile !== undefined) {
    const run = undecidedFile.kvlab.find((r) => r.verdict === "unknown")!;
    const reason = run.reason ?? "unknown";
    const undecided = results.length === 1 ? reason : `${undecidedFile.file.name}: ${reason}`;
    return { ...base, undecided, target: porcupine?.outcome === "decided" ? "misses (kvlab undecided)" : "neither decides" };
  }
  const runs = Math.min(...results.map((r) => r.kvlab.length));
  const totals = (pick: (run: ColdRun) => number) => spread(Array.from({ length: runs }, (_, i) => results.reduce((sum, r) => sum + pick(r.kvlab[i]!), 0)))!;
  const checkMs = totals((r) => r.checkMs);
  const checkCpuMs = totals((r) => r.checkCpuMs);
  const processMs = totals((r) => r.processMs);
  const decided = porcupine?.outcome === "decided";
  const ratio = decided && porcupine.wallMs !== undefined ? checkMs.median / porcupine.wallMs : undefined;
  const cpuRatio = decided && porcupine.cpuMs !== undefined ? checkCpuMs.median / porcupine.cpuMs : undefined;
  const liveRatio = live?.outcome === "decided" && live.wallMs !== undefined ? checkMs.median / live.wallMs : undefined;
  const processRatio = decided && porcupine.processMs !== undefined ? processMs.median / porcupine.processMs : undefined;
  const target =
    wrong.length > 0 ? "misses (wrong verdict)"
    : porcupine === undefined ? "no Porcupine figure"
    : !decided ? "meets (Porcupine undecided)"
    : ratio! <= TARGET_RATIO ? "meets"
    : "misses";
  return { ...base, checkMs, checkCpuMs, processMs, ratio, cpuRatio, liveRatio, processRatio, target };
}

const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "-" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const spreadText = (s: Spread | undefined) => (s === undefined ? "-" : `${ms(s.min)} / ${ms(s.median)} / ${ms(s.max)}`);
/** Porcupine's time, or in short what stopped it ("out of memory (8G address space) after 41 s" is "out of memory"; JSON has it all). */
const figureText = (f: PorcupineFigure | undefined) => (f === undefined ? "-" : f.outcome !== "decided" ? f.outcome.replace(/ (\(|after ).*$/, "") : ms(f.wallMs));

const ratioText = (r: number | undefined) => (r === undefined ? "-" : `${r.toFixed(2)}x`);
/** Porcupine's whole process, only where it decided (what stopped it is in the column before). */
const processText = (f: PorcupineFigure | undefined) => (f?.outcome === "decided" ? ms(f.processMs) : "-");

/** The table `npm run bench:check` prints: one row per set. */
export function table(sets: readonly SetResult[], withLive: boolean): string {
  const header = [
    "set", "files", "kvlab", "check ms min / med / max", "cpu ms med", "process ms med", "Porcupine ms", "Porcupine process ms", ...(withLive ? ["live ms"] : []),
    "ratio", "cpu ratio", "process ratio", ...(withLive ? ["live ratio"] : []), `target <= ${TARGET_RATIO}`,
  ];
  const rows = sets.map((s) => [
    s.set,
    String(s.files),
    s.undecided !== undefined ? `unknown (${s.undecided})` : s.wrong.length > 0 ? `${s.verdict} WRONG: ${s.wrong.join(", ")}` : s.verdict,
    spreadText(s.checkMs),
    ms(s.checkCpuMs?.median),
    ms(s.processMs?.median),
    figureText(s.porcupine),
    processText(s.porcupine),
    ...(withLive ? [figureText(s.live)] : []),
    ratioText(s.ratio),
    ratioText(s.cpuRatio),
    ratioText(s.processRatio),
    ...(withLive ? [ratioText(s.liveRatio)] : []),
    s.target,
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const left = new Set([0, 2, header.length - 1]);
  return all.map((row) => row.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd()).join("\n");
}
