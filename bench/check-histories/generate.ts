/**
 * Writes the generated histories the checker is measured on, in Porcupine's kv log format, so that
 * kvlab and Porcupine read the very same files:
 *
 *   npx tsx bench/check-histories/generate.ts OUTDIR [--seed S] [--only NAME_OR_GROUP ...]
 *
 * then prints one line per file written. Same seed, same bytes.
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { selectShapes, writeShapes } from "./write.js";

const options = await yargs(hideBin(process.argv))
  .command("$0 <outdir>", "write the generated histories and MANIFEST.tsv into OUTDIR")
  .positional("outdir", { type: "string", demandOption: true })
  .option("seed", { type: "string", default: "kvlab", describe: "base seed; every shape's timeline is drawn from <seed>/<shape>" })
  .option("only", { type: "string", array: true, describe: "shape names or groups (size, unknown, clients, spanning) to write" })
  .strict()
  .parseAsync();

let shapes;
try {
  shapes = selectShapes(options.only);
} catch (e) {
  console.error(`generate: ${(e as Error).message}`);
  process.exit(2);
}
const rows = writeShapes(options.outdir, options.seed, shapes);
const table = [["file", "group", "ops", "unknown", "clients", "keys", "expected", "MB"], ...rows.map((r) => [r.file, r.group, String(r.operations), String(r.unknown), String(r.clients), String(r.keys), r.expected, (r.bytes / 1e6).toFixed(2)])];
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
for (const row of table) console.log(row.map((cell, c) => (c === 0 || c === 1 || c === 6 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
console.log(`seed ${options.seed}; written to ${options.outdir} (with MANIFEST.tsv)`);
