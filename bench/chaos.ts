// `npm run bench:chaos`: SIGKILL-under-load rounds against kvs-server on each engine (kvs, level)
// and against the front/data pair (bench/chaos-rounds.ts), and per target the rounds, the writes
// acknowledged and the acknowledged writes lost, which must be 0: any loss exits 1. There is no
// outside anchor for lost writes (no published figure to set beside them); the report says so.
import seedrandom from "seedrandom";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { usageFailure } from "../src/cli/exit-codes.js";
import { chaosRound, targetNames, type TargetName } from "./chaos-rounds.js";

const options = await yargs(hideBin(process.argv))
  .scriptName("bench:chaos")
  .option("rounds", { type: "number", default: 6, describe: "SIGKILL rounds per target" })
  .option("seed", { type: "string", default: "chaos", describe: "draws each round's moment of the kill" })
  .option("targets", { type: "array", choices: targetNames, default: [...targetNames], describe: "kvs and level: kvs-server on that engine; pair: kvs-front and kvs-data" })
  .option("writers", { type: "number", default: 4, describe: "connections writing at once" })
  .option("min-kill-ms", { type: "number", default: 200, describe: "earliest kill, in ms after the writers start" })
  .option("max-kill-ms", { type: "number", default: 1_500, describe: "latest kill" })
  .check((args) => {
    for (const name of ["rounds", "writers", "min-kill-ms", "max-kill-ms"] as const) {
      if (!Number.isSafeInteger(args[name]) || args[name] < 1) return `--${name} must be a positive integer, got ${String(args[name])}`;
    }
    return args["max-kill-ms"] >= args["min-kill-ms"] ? true : "--max-kill-ms must be at least --min-kill-ms";
  })
  .strict()
  .fail(usageFailure("bench:chaos"))
  .parseAsync();

const random = seedrandom(options.seed);
const count = (n: number) => n.toLocaleString("en-US");
const labels: Record<TargetName, string> = { kvs: "kvs-server, kvs engine", level: "kvs-server, level engine", pair: "pair (SIGKILL kvs-data)" };
process.stdout.write(`SIGKILL under load: ${options.rounds} round(s) per target, ${options.writers} writers, kill ${options["min-kill-ms"]}-${options["max-kill-ms"]} ms into the load (seed ${JSON.stringify(options.seed)})\n\n`);
const rows = [["target", "rounds", "acknowledged writes", "lost writes", "kills at (ms)"]];
let lostAny = false;
for (const target of options.targets as TargetName[]) {
  let acknowledged = 0;
  let lost = 0;
  const moments: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const killAfterMs = Math.round(options["min-kill-ms"] + random() * (options["max-kill-ms"] - options["min-kill-ms"]));
    moments.push(killAfterMs);
    const figures = await chaosRound(target, { writers: options.writers, killAfterMs });
    acknowledged += figures.acknowledged;
    lost += figures.lost;
  }
  lostAny ||= lost > 0;
  rows.push([labels[target], String(options.rounds), count(acknowledged), count(lost), moments.join(" ")]);
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
for (const row of rows) process.stdout.write(`${row.map((cell, c) => (c === 0 || c === 4 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd()}\n`);
process.stdout.write(
  `\nLost writes must be 0: any other figure is a bug, and exits 1. No outside anchor exists for them (no published figure to set beside these), so the figures stand alone; acknowledged writes say how much each round put at risk.\n`,
);
if (lostAny) process.exitCode = 1;
