/**
 * The checker's benchmark against Porcupine's own timings: for every history in the anchors, the
 * median check time of several runs in this process after warm-up (parsing excluded), beside
 * Porcupine's single-core time, and the totals per set. `--json` prints one JSON object instead.
 *
 *   npm run bench:check [-- --json] [-- --runs N]
 */
import { check, findModel, readHistory } from "../src/check/index.js";
import { anchorHistories, anchorsDir, porcupineTimings, readAnchor, timingsPresent } from "../tests/support/anchors.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const runsArg = args.indexOf("--runs");
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 7;

if (!timingsPresent) {
  console.error(`bench:check: no Porcupine timings under ${anchorsDir} (set KVLAB_ANCHORS)`);
  process.exit(1);
}

const timings = porcupineTimings();
const rows = anchorHistories()
  .filter((h) => h.expected !== undefined)
  .map((h) => {
    const history = readHistory(readAnchor(h.file), h.file);
    const model = findModel(history.model)!.model;
    const verdict = check(history.operations, model).verdict; // warm-up, and the verdict shown
    for (let i = 0; i < 2; i++) check(history.operations, model);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      check(history.operations, model);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const kvlabMs = times[Math.floor(times.length / 2)]!;
    const porcupineMs = timings.get(h.file) ?? NaN;
    return { file: h.file, set: h.set, verdict, expected: h.expected, kvlabMs, porcupineMs, ratio: kvlabMs / porcupineMs };
  });

/** The goal: kvlab's total at most half of Porcupine's on each set. */
const TARGET_RATIO = 0.5;

const totals = (["kv", "etcd"] as const).map((set) => {
  const mine = rows.filter((r) => r.set === set);
  const kvlabMs = mine.reduce((s, r) => s + r.kvlabMs, 0);
  const porcupineMs = mine.reduce((s, r) => s + r.porcupineMs, 0);
  return { set, files: mine.length, kvlabMs, porcupineMs, ratio: kvlabMs / porcupineMs, targetRatio: TARGET_RATIO };
});

if (json) {
  console.log(JSON.stringify({ runs, files: rows, totals }, null, 2));
} else {
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (x: number, n: number) => x.toFixed(3).padStart(n);
  console.log(`${pad("file", 32)}${pad("verdict", 9)}${"kvlab ms".padStart(11)}${"porcupine ms".padStart(14)}${"ratio".padStart(8)}`);
  for (const r of rows) {
    const mark = r.verdict === r.expected ? "" : `  WRONG (expected ${r.expected})`;
    console.log(`${pad(r.file.replace("test_data/", ""), 32)}${pad(r.verdict, 9)}${num(r.kvlabMs, 11)}${num(r.porcupineMs, 14)}${r.ratio.toFixed(2).padStart(8)}${mark}`);
  }
  for (const t of totals) {
    const verdict = t.ratio <= TARGET_RATIO ? "meets" : "misses";
    console.log(
      `${pad(`TOTAL ${t.set} (${t.files} files)`, 41)}${num(t.kvlabMs, 11)}${num(t.porcupineMs, 14)}${t.ratio.toFixed(2).padStart(8)}  ${verdict} the target <= ${TARGET_RATIO.toFixed(2)}`,
    );
  }
  console.log(`median of ${runs} runs per file after warm-up, parsing excluded; Porcupine: p1_wall_ms (one core)`);
}
