// One cold check, in a process of its own: `node bench/check-cold.mjs FILE [TIMEOUT_MS [MODULE]]`
// loads kvlab's BUILT checker (dist/; or the module at URL MODULE), reads and parses FILE, checks it, and prints one JSON line with
// the time of each phase, so the checker benchmark can tell the check apart from start-up and
// parsing, as Porcupine's anchor timings do. Plain JavaScript so that no TypeScript loader adds
// to the start-up it measures.
import { readFileSync } from "node:fs";

// Milliseconds from the process's start until this module runs: node's own start-up.
const startMs = performance.now();
const [file, timeout, module] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: node bench/check-cold.mjs FILE [TIMEOUT_MS [MODULE]]");
  process.exit(2);
}
const { check, findModel, readHistory } = await import(module ?? new URL("../dist/src/check/index.js", import.meta.url).href);
const loaded = performance.now();
let history;
try {
  history = readHistory(readFileSync(file, "utf8"), file);
} catch (e) {
  console.error(`check-cold: ${e.message}`);
  process.exit(1);
}
const model = findModel(history.model).model;
const parsed = performance.now();
const cpu = process.cpuUsage();
const result = check(history.operations, model, timeout === undefined ? {} : { timeoutMs: Number(timeout) });
const checked = performance.now();
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    verdict: result.verdict,
    unknownReason: result.unknownReason,
    operations: history.operations.length,
    steps: result.steps,
    startMs,
    loadMs: loaded - startMs,
    parseMs: parsed - loaded,
    checkMs: checked - parsed,
    checkCpuMs: (used.user + used.system) / 1000,
  }),
);
