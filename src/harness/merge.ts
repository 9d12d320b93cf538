import { z } from "zod";
import { closingLines, endLines } from "./report.js";
import { partWords } from "./rerun.js";
import { shardReportRerun, type ShardReport } from "./shard-report.js";

/**
 * `kvlab merge`: the `kvlab test --json` reports of a sweep's shards, made into what one unsharded
 * run of the sweep would have given. Pure functions of the files' names and texts, so every refusal
 * is tested without files (tests/harness/merge.test.ts).
 */

/** One shard's `--json` output, and the name it is known by in errors (its path). */
export interface ShardFile {
  name: string;
  text: string;
}

/** What kvlab merge reads of a report; the rest of it is kept as it is. */
const shardReportSchema = z.looseObject({
  lab: z.string(),
  impl: z.string().optional(),
  parts: z.record(z.string(), z.string()).optional(),
  budget: z.number().optional(),
  checkDeterminism: z.boolean().optional(),
  sweepIndex: z.number().int().nonnegative(),
  sweepRuns: z.number().int().positive().optional(),
  suite: z.string(),
  test: z.string(),
  title: z.string(),
  seed: z.number().int(),
  verdict: z.enum(["pass", "fail", "skip"]),
  message: z.string().optional(),
  info: z.array(z.string()),
  virtualMs: z.number(),
  divergence: z.string().optional(),
  uncheckedHistories: z.number().optional(),
});

/** The sweep a report belongs to, in words: its shards must all say the same. */
function sweepOf(report: ShardReport): string {
  const words = [`lab ${report.lab}`, report.impl === undefined ? "the reference implementation" : `--impl ${report.impl}`];
  const parts = partWords(report.parts);
  if (parts.length > 0) words.push(parts.join(" "));
  if (report.budget !== undefined) words.push(`--budget ${report.budget}`);
  if (report.checkDeterminism) words.push("--check-determinism");
  return words.join(", ");
}

/**
 * Every report of `files`, in the sweep's order (tests in order, each test's seeds in order), or a
 * one-line error naming the file (and the report) at fault: a file that is not JSON, not an array
 * of `kvlab test --json` reports, a run that two files hold, or reports of different sweeps.
 */
export function mergeShardReports(files: readonly ShardFile[]): ShardReport[] | string {
  const where = new Map<string, string>();
  const places = new Map<number, string>();
  const merged: ShardReport[] = [];
  let sweep: { of: string; at: string } | undefined;
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(file.text);
    } catch (error) {
      return `${file.name} is not JSON (${(error as Error).message})`;
    }
    if (!Array.isArray(data)) return `${file.name} is not an array of reports, as kvlab test --json prints`;
    for (const [index, item] of data.entries()) {
      const at = `${file.name}, report ${index}`;
      const parsed = shardReportSchema.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return `${at} is not a report of kvlab test --json (with kvlab's lab and sweepIndex): ${issue.path.join(".") || "the report"}: ${issue.message}`;
      }
      const report = parsed.data as unknown as ShardReport;
      sweep ??= { of: sweepOf(report), at };
      if (sweepOf(report) !== sweep.of) return `${at} is of another sweep (${sweepOf(report)}) than ${sweep.at} (${sweep.of}): merge the shards of one sweep`;
      const run = `${report.test} seed ${report.seed}`;
      const twice = where.get(run) ?? places.get(report.sweepIndex);
      if (twice !== undefined) return `${at} (${run}, run ${report.sweepIndex} of the sweep) repeats ${twice}: merge each shard once`;
      where.set(run, `${at} (${run}, run ${report.sweepIndex} of the sweep)`);
      places.set(report.sweepIndex, `${at} (${run}, run ${report.sweepIndex} of the sweep)`);
      merged.push(report);
    }
  }
  return missingRuns(merged) ?? merged.sort((a, b) => a.sweepIndex - b.sweepIndex);
}

/**
 * Why `reports` are not a whole sweep, when their sweepRuns say so: a shard's file left out (a CI
 * job that failed before it wrote it) or one stopped before its end made the merge print "N
 * passed, 0 failed" and exit 0 for a sweep that never ran.
 */
function missingRuns(reports: readonly ShardReport[]): string | undefined {
  const sizes = new Set(reports.flatMap((report) => (report.sweepRuns === undefined ? [] : [report.sweepRuns])));
  if (sizes.size > 1) return `the reports are of sweeps of different sizes (${[...sizes].join(" and ")} runs): merge the shards of one sweep`;
  const [size] = sizes;
  if (size === undefined) return undefined;
  const held = new Set(reports.map((report) => report.sweepIndex));
  const missing = Array.from({ length: size }, (_, index) => index).filter((index) => !held.has(index));
  if (missing.length === 0) return undefined;
  return `${missing.length} of the sweep's ${size} runs are in no file (the first: run ${missing[0]}): merge every shard's file, each from a shard that ran to its end`;
}

/**
 * What one unsharded `kvlab test` prints at its end for these reports: each failure with its Fatal
 * line and its rerun command, the line counting checks that ran out of budget, with
 * --check-determinism how many runs differed, and "N passed, N failed[, N skipped]".
 */
export function mergedLines(reports: readonly ShardReport[]): string[] {
  const failures = reports.filter((report) => report.verdict === "fail").flatMap((report) => endLines(report, shardReportRerun(report), report.divergence?.split("\n") ?? []));
  return [...failures, ...closingLines(reports, reports.some((report) => report.checkDeterminism))];
}
