/**
 * The checker's benchmark, timed the way Porcupine's anchor figures were: every history checked
 * cold, in a process of its own (node on the BUILT code in dist/, pinned to CPU 0 when `taskset`
 * exists), the check timed apart from start-up and parsing, the whole process timed too, several
 * runs per history. One row per set: Porcupine's kv set, its etcd set, and each generated history
 * (bench/check-histories), beside Porcupine's recorded times on one core (check, and whole process
 * where recorded) and the ratios.
 *
 *   npm run bench:check [-- --runs 5] [-- --sets kv etcd size unknown ...] [-- --json]
 *
 * `PORCUPINE_DRIVER=/path/to/driver` also runs Porcupine live on every history, side by side.
 */
import { existsSync } from "node:fs";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { timingsPresent } from "../tests/support/anchors.js";
import { SHAPES } from "./check-histories/shapes.js";
import { liveFigure, summarize, table, TARGET_RATIO, type FileResult } from "./check-report.js";
import { builtCheckerPath, canPin, repeat, runKvlab, runPorcupine } from "./check-run.js";
import { anchorSets, cacheDir, generatedAnchorFile, generatedSets, type BenchFile } from "./check-sets.js";

const groups = ["kv", "etcd", ...new Set(SHAPES.map((s) => s.group))];
const options = await yargs(hideBin(process.argv))
  .option("runs", { type: "number", default: 5, describe: "cold runs per history (min / median / max are shown)" })
  .option("sets", { type: "string", array: true, describe: `sets to run: ${groups.join(", ")}, or generated shape names (default: all)` })
  .option("timeout", { type: "number", default: 60, describe: "seconds before one check gives up (kvlab, and Porcupine live)" })
  .option("seed", { type: "string", default: "kvlab", describe: "seed of the generated histories (Porcupine's figures are for kvlab)" })
  .option("json", { type: "boolean", default: false, describe: "print one JSON object instead of the table" })
  .strict()
  .parseAsync();

if (!existsSync(builtCheckerPath)) {
  console.error(`bench:check: no built checker at ${builtCheckerPath} (run npm run build)`);
  process.exit(1);
}
if (!timingsPresent) {
  console.error("bench:check: no Porcupine timings for its test histories (set KVLAB_ANCHORS to the anchors folder)");
  process.exit(1);
}
const known = new Set([...groups, ...SHAPES.map((s) => s.name)]);
const unknownSet = options.sets?.find((s) => !known.has(s));
if (unknownSet !== undefined) {
  console.error(`bench:check: no set named "${unknownSet}" (sets: ${groups.join(", ")}, or a shape: ${SHAPES.map((s) => s.name).join(", ")})`);
  process.exit(2);
}

const wanted = (name: string) => options.sets === undefined || options.sets.includes(name);
const generatedNames = options.sets?.filter((s) => s !== "kv" && s !== "etcd");
const files: BenchFile[] = [
  ...anchorSets().filter((f) => wanted(f.set)),
  ...(generatedNames === undefined || generatedNames.length > 0 ? generatedSets(options.seed, generatedNames, (line) => console.error(`bench:check: ${line}`)) : []),
];
const driver = process.env.PORCUPINE_DRIVER;
const timeoutMs = options.timeout * 1000;

const setNames = [...new Set(files.map((f) => f.set))];
const sets = setNames.map((set) => {
  const results: FileResult[] = files
    .filter((f) => f.set === set)
    .map((file) => ({
      file,
      kvlab: repeat(options.runs, () => runKvlab(file.path, timeoutMs)),
      live: driver === undefined ? undefined : repeat(options.runs, () => runPorcupine(driver, file.path, timeoutMs)),
    }));
  const summary = summarize(set, results);
  if (!options.json) console.error(`bench:check: ${set} done (${results.length} file${results.length === 1 ? "" : "s"})`);
  return { summary, results };
});

const how = `${options.runs} cold runs per history, one process each (node on dist/${canPin ? ", pinned to CPU 0 with taskset" : ", not pinned: taskset is missing"}); check time apart from start-up and parsing; set totals summed run by run`;
if (options.json) {
  const perFile = sets.flatMap((s) =>
    s.results.map((r) => ({ set: r.file.set, file: r.file.name, expected: r.file.expected, kvlab: r.kvlab, porcupine: r.file.porcupine, live: r.live && liveFigure(r.live) })),
  );
  console.log(JSON.stringify({ how, runs: options.runs, pinned: canPin, seed: options.seed, targetRatio: TARGET_RATIO, sets: sets.map((s) => s.summary), files: perFile }, null, 2));
} else {
  console.log(table(sets.map((s) => s.summary), driver !== undefined));
  console.log(how);
  console.log(`Porcupine: one core, check time and whole process (median of 3 cold runs) as recorded in ../shared/anchors (kv, etcd: v1.3.0; no whole process recorded) and ${generatedAnchorFile.replace(/.*\/bench\//, "bench/")} (generated: see its header)${driver === undefined ? "" : `; live: ${driver}`}`);
  console.log(`histories cached under ${cacheDir}`);
}
