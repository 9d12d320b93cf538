import { readFile } from "node:fs/promises";
import { withoutBom } from "../../harness/command-line/index.js";
import { mergedLines, mergeShardReports, type ShardFile } from "../../harness/index.js";
import { decideExit, FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import type { MergeArgs } from "./merge-args.js";

/**
 * What `kvlab merge` does (see mergeCommand): read the shards' reports, refuse in one line what
 * cannot be one sweep's, and print what one unsharded `kvlab test` of the sweep prints at its end,
 * or with --json its array, with its exit status.
 */
export async function runMerge(args: MergeArgs): Promise<void> {
  const files: ShardFile[] = [];
  for (const name of args.reports) {
    try {
      files.push({ name, text: withoutBom(await readFile(name, "utf8")) });
    } catch (error) {
      return refuse(`cannot read ${name} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  const reports = mergeShardReports(files);
  if (typeof reports === "string") return refuse(reports);
  decideExit(reports.some((report) => report.verdict === "fail") ? FAILED_EXIT : OK_EXIT);
  process.stdout.write(args.json ? `${JSON.stringify(reports, null, 2)}\n` : mergedLines(reports).map((line) => `${line}\n`).join(""));
}

function refuse(message: string): void {
  decideExit(USAGE_EXIT);
  process.stderr.write(`kvlab merge: ${message}\n`);
}
