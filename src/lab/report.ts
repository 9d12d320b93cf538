import chalk from "chalk";
import type { TestReport } from "./run-test.js";

/** "Test: … (reliable network)...", as the lab prints when a test begins. */
export function beginLine(report: Pick<TestReport, "title" | "reliable">): string {
  return `${report.title} (${report.reliable ? "reliable" : "unreliable"} network)...`;
}

/**
 * The lines after a test: info lines, then "  ... Passed --  time  1.0s #peers 1 #RPCs …" (virtual
 * time, plus the wall time it took), or "Fatal: …" and the command that reruns exactly this run.
 */
export function endLines(report: TestReport, rerun: string): string[] {
  const lines = report.info.map((line) => chalk.cyan(line));
  if (report.verdict === "skip") return [...lines, chalk.yellow(`  ... Skipped -- ${report.message}`)];
  if (report.verdict === "pass") {
    const figures = `time ${(report.virtualMs / 1000).toFixed(1).padStart(4)}s #peers 1 #RPCs ${String(report.rpcs).padStart(5)} #Ops ${String(report.ops).padStart(4)}`;
    return [...lines, `  ... ${chalk.green("Passed")} --  ${figures}  ${chalk.dim(`(wall ${(report.wallMs / 1000).toFixed(2)}s)`)}`];
  }
  return [
    ...lines,
    chalk.red(`Fatal: ${report.message}`),
    `  ... ${chalk.red("FAILED")} at ${(report.virtualMs / 1000).toFixed(1)}s (seed ${report.seed}, trace ${report.traceHash})`,
    `  rerun: ${chalk.bold(rerun)}`,
  ];
}

/** Said of a run whose linearizability check ran out of its step budget (it passes, as in the lab). */
export const CHECK_OUT_OF_BUDGET = "info: linearizability check timed out, assuming history is ok";

/** A line counting the passes whose linearizability check ran out of budget, or undefined if none did. */
export function unknownChecksLine(reports: readonly TestReport[]): string | undefined {
  const unknown = reports.filter((r) => r.info.includes(CHECK_OUT_OF_BUDGET)).length;
  return unknown === 0 ? undefined : chalk.cyan(`${unknown} passing run${unknown > 1 ? "s" : ""} had a linearizability check that ran out of budget (verdict unknown)`);
}

/** The closing line: "N passed, N failed" (and skipped), which CI systems read. */
export function summaryLine(reports: readonly TestReport[]): string {
  const count = (verdict: TestReport["verdict"]) => reports.filter((r) => r.verdict === verdict).length;
  const skipped = count("skip");
  return `${count("pass")} passed, ${count("fail")} failed${skipped ? `, ${skipped} skipped` : ""}`;
}
