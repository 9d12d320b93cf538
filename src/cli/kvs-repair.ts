import { existsSync } from "node:fs";
import { join } from "node:path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { type Dropped, listGenerations, persistedEngine, type RepairReport, repairStore } from "../real/engine/index.js";
import { crashOnUncaught, FAILED_EXIT, usageFailure } from "./exit-codes.js";
import { packageVersion } from "./package-version.js";
import { errorMessage } from "../real/errors/index.js";
import { flagChecks } from "./flag-checks.js";

crashOnUncaught("kvs-repair");

/**
 * `kvs-repair --dir DIR`: makes a kvs store that refuses to open over corruption open again. It
 * keeps every intact record and prints one line per damaged stretch it dropped, then a summary;
 * exit 0. A store that is in use (a server has it open), or no kvs store at all: one line on
 * stderr, exit 1. DIR is the data directory kvs-server was given, or the kvs store's own
 * directory inside it, which the server's corruption message names.
 */
const args = await yargs(hideBin(process.argv))
  .scriptName("kvs-repair")
  .strict()
  .version("version", "print the version", packageVersion())
  .alias("version", "V")
  .help()
  .option("dir", { type: "string", demandOption: true, describe: "the data directory (or the kvs store inside it) to repair" })
  .check(flagChecks(hideBin(process.argv)))
  .fail(usageFailure("kvs-repair"))
  .parseAsync();

/** The kvs store's directory for `dir`, or why there is none. */
function storeDir(dir: string): string {
  const engine = existsSync(dir) ? persistedEngine(dir) : undefined;
  if (engine === "kvs") return join(dir, "kvs");
  if (engine !== undefined) throw new Error(`${dir} holds a ${engine} store: kvs-repair repairs kvs stores only`);
  if (existsSync(dir) && listGenerations(dir).length > 0) return dir;
  throw new Error(`${dir} holds no kvs store`);
}

function droppedLine(dropped: Dropped): string {
  const what = dropped.record === undefined ? "" : `, a record of key ${JSON.stringify(dropped.record.key)} at version ${dropped.record.version}`;
  const kind = dropped.tail ? "torn tail" : "damaged stretch";
  return `dropped ${dropped.segment} offset ${dropped.offset}: ${dropped.length}-byte ${kind}${what} (${dropped.reason})`;
}

function summary(report: RepairReport): string {
  const kept = `${report.records} intact record(s) in ${report.segments} segment(s)`;
  if (report.dropped.length === 0) return `kvs-repair: no damage found; ${kept}, nothing changed`;
  const bytes = report.dropped.reduce((sum, dropped) => sum + dropped.length, 0);
  return `kvs-repair: kept ${kept}; dropped ${report.dropped.length} damaged stretch(es), ${bytes} bytes`;
}

try {
  const report = repairStore(storeDir(args.dir));
  for (const dropped of report.dropped) process.stdout.write(`${droppedLine(dropped)}\n`);
  process.stdout.write(`${summary(report)}\n`);
} catch (error) {
  process.stderr.write(`kvs-repair: ${errorMessage(error)}\n`);
  process.exitCode = FAILED_EXIT;
}
