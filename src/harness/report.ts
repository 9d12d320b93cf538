import { sep } from "node:path";
import chalk from "chalk";
import type { AmbientApi, AmbientUse } from "../../labnet/index.js";
import type { TestReport } from "./run-test.js";
import type { SweepReport } from "./sweep/index.js";

/** "Test: … (reliable network)...", as the lab prints when a test begins. */
export function beginLine(report: Pick<TestReport, "title" | "reliable">): string {
  return `${report.title} (${report.reliable ? "reliable" : "unreliable"} network)...`;
}

/**
 * The lines after a test: info lines, then "  ... Passed --  time  1.0s #peers 1 #RPCs …" (virtual
 * time, plus the wall time it took), or "Fatal: …" and the command that reruns exactly this run.
 * `details` (e.g. warnings, or where two runs diverged) follow the verdict, or the Fatal text.
 */
export function endLines(report: TestReport, rerun: string, details: readonly string[] = []): string[] {
  const lines = report.info.map((line) => chalk.cyan(line));
  if (report.verdict === "skip") return [...lines, chalk.yellow(`  ... Skipped -- ${report.message}`), ...details];
  if (report.verdict === "pass") {
    const figures = `time ${(report.virtualMs / 1000).toFixed(1).padStart(4)}s #peers ${report.peers} #RPCs ${String(report.rpcs).padStart(5)} #Ops ${String(report.ops).padStart(4)}`;
    return [...lines, `  ... ${chalk.green("Passed")} --  ${figures}  ${chalk.dim(`(wall ${(report.wallMs / 1000).toFixed(2)}s)`)}`, ...details];
  }
  return [
    ...lines,
    chalk.red(`Fatal: ${report.message}`),
    ...details,
    `  ... ${chalk.red("FAILED")} at ${(report.virtualMs / 1000).toFixed(1)}s (seed ${report.seed}${report.traceHash ? `, trace ${report.traceHash}` : ""})`,
    `  rerun: ${chalk.bold(rerun)}`,
  ];
}

/** What to use instead of each ambient API, and why it matters. */
const ambientAdvice: Record<AmbientApi, string> = {
  "Math.random": "the run gave it a seeded stand-in, but use env.random()",
  "Date.now": "the run gave it virtual time, but use env.now()",
  setTimeout: "a real timer, which the simulation cannot order, so runs may differ: use env.sleep()",
  setInterval: "a real timer, which the simulation cannot order, so runs may differ: use env.sleep()",
  setImmediate: "a real callback, which the simulation cannot order, so runs may differ: use env.sleep(0)",
};

/** One warning line per place user code reached for ambient time, randomness or timers. */
export function ambientLines(uses: readonly AmbientUse[]): string[] {
  const here = process.cwd() + sep;
  return uses.map((use) => {
    const site = use.site.startsWith(here) ? use.site.slice(here.length) : use.site;
    return chalk.yellow(`  warning: ${use.api} called at ${site}: ${ambientAdvice[use.api]}`);
  });
}

/** A line counting the passes whose linearizability check ran out of budget, or undefined if none did. */
export function unknownChecksLine(reports: readonly TestReport[]): string | undefined {
  const unknown = reports.filter((r) => (r.uncheckedHistories ?? 0) > 0).length;
  return unknown === 0 ? undefined : chalk.cyan(`${unknown} passing run${unknown > 1 ? "s" : ""} had a linearizability check that ran out of budget (verdict unknown)`);
}

/** With --check-determinism: how many runs were checked and how many differed from their rerun. */
export function determinismLine(reports: readonly SweepReport[]): string {
  const checked = reports.filter((r) => r.verdict !== "skip").length;
  const differed = reports.filter((r) => r.divergence !== undefined).length;
  const line = `determinism: ${checked} run${checked === 1 ? "" : "s"} each ran twice; ${differed} differed`;
  return differed === 0 ? chalk.green(line) : chalk.red(line);
}

/** The closing line: "N passed, N failed" (and skipped), which CI systems read. */
export function summaryLine(reports: readonly TestReport[]): string {
  const count = (verdict: TestReport["verdict"]) => reports.filter((r) => r.verdict === verdict).length;
  const skipped = count("skip");
  return `${count("pass")} passed, ${count("fail")} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

/**
 * The lines a sweep ends with, after its runs' own: how many passing runs had a check out of
 * budget (when any did), with --check-determinism how many runs differed, and the summary line.
 * `kvlab test`, `kvlab test --target` and `kvlab merge` all end this way.
 */
export function closingLines(reports: readonly SweepReport[], checkedDeterminism: boolean): string[] {
  const unknown = unknownChecksLine(reports);
  return [...(unknown === undefined ? [] : [unknown]), ...(checkedDeterminism ? [determinismLine(reports)] : []), summaryLine(reports)];
}
