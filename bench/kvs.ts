// `npm run bench:kvs`: the storage engines side by side (bench/kvs-engines.ts), each comparison
// engine's figure beside kvs's with the ratio, then kvs-server beside redis under the same loads
// (bench/kvs-server.ts). `-- --json` prints one JSON object instead.
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { benchEngines } from "./kvs-engines.js";
import { benchKvsServer, formatServerFigures } from "./kvs-server.js";

const options = await yargs(hideBin(process.argv))
  .option("json", { type: "boolean", default: false, describe: "print one JSON object instead of a table" })
  .option("ops", { type: "number", default: 100_000, describe: "operations per small-value workload" })
  .option("repeats", { type: "number", default: 3, describe: "runs of each workload per engine (the median is reported)" })
  .option("reopen-keys", { type: "number", default: 1_000_000, describe: "keys in the store whose reopening is timed" })
  .option("server-ops", { type: "number", default: 100_000, describe: "requests per kvs-server load" })
  .strict()
  .parseAsync();

const engines = await benchEngines({ ops: options.ops, reopenKeys: options.reopenKeys, repeats: options.repeats });
const server = await benchKvsServer({ ops: options.serverOps, print: false });

if (options.json) {
  process.stdout.write(`${JSON.stringify({ engines, server }, null, 2)}\n`);
} else {
  const count = (n: number) => Math.round(n).toLocaleString("en-US");
  const rows = [
    ["engines (ops/s)", "kvs", "level", "kvs/level", "lmdb", "kvs/lmdb"],
    ...engines.figures.map(({ workload, op, opsPerSecond: { kvs, level, lmdb } }) => [
      `${op} ${workload}`,
      count(kvs),
      count(level),
      `${(kvs / level).toFixed(2)}×`,
      count(lmdb),
      `${(kvs / lmdb).toFixed(2)}×`,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) process.stdout.write(`${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")}\n`);
  process.stdout.write(`durability: ${engines.durability}\n`);
  process.stdout.write(`kvs reopen of ${count(engines.reopenKeys)} keys (target ≤ 100 ms): ${engines.reopenMs.toFixed(0)} ms after a clean close, `);
  process.stdout.write(`${engines.reopenAfterCrashMs.toFixed(0)} ms after a crash, ${engines.reopenFromHintsMs.toFixed(0)} ms from the hint files alone\n`);
  process.stdout.write(`\n${formatServerFigures(server)}`);
}
