import { basename } from "node:path";
import chalk from "chalk";
import type { CommandModule } from "yargs";
import { reference, type KVImplementation } from "../../kv/index.js";
import { writeCounterexample } from "../../lab/fuzz/counterexample-files.js";
import { fuzz } from "../../lab/fuzz/fuzz.js";
import { reportFailure } from "../../lab/forensics/report-failure.js";
import { ImplementationError, loadImplementation } from "../../lab/load-implementation.js";
import { scenarioRun } from "../../lab/scenario/run-scenario.js";
import { FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import { kvlabCommand } from "../../lab/kvlab-command.js";

interface FuzzArgs {
  impl?: string;
  runs: number;
  seed: number;
  out: string;
  clients: number;
  ops: number;
}

export const fuzzCommand: CommandModule<object, FuzzArgs> = {
  command: "fuzz",
  describe: "Generate scenarios with explicit fault plans, run them, and shrink the first failure",
  builder: (yargs) =>
    yargs
      .option("impl", { type: "string", describe: "a .ts, .mts, .cts, .js, .mjs or .cjs module whose default export is a KVImplementation" })
      .option("runs", { type: "number", default: 1000, describe: "scenarios to generate" })
      .option("seed", { type: "number", default: 1, describe: "the fuzzer's seed: the same seed finds the same failure" })
      .option("out", { type: "string", default: "kvlab-fuzz", describe: "where a shrunk counterexample is written" })
      .option("clients", { type: "number", default: 3, describe: "most clients in a scenario" })
      .option("ops", { type: "number", default: 6, describe: "most operations per client" })
      .check((args) => {
        for (const name of ["runs", "clients", "ops"] as const) {
          if (!Number.isSafeInteger(args[name]) || args[name] < 1) return `--${name} must be a whole number ≥ 1, got ${args[name]}`;
        }
        return Number.isSafeInteger(args.seed) ? true : `--seed must be an integer, got ${args.seed}`;
      })
      .example("kvlab fuzz --impl examples/kv/buggy/server-ignores-version.ts", "1000 scenarios; a failure is shrunk and written to kvlab-fuzz/"),
  handler: async (args) => {
    let impl: KVImplementation;
    try {
      impl = args.impl === undefined ? reference : await loadImplementation(args.impl);
    } catch (error) {
      if (!(error instanceof ImplementationError)) throw error;
      process.stderr.write(`kvlab fuzz: ${error.message}\n`);
      process.exitCode = USAGE_EXIT;
      return;
    }
    const started = performance.now();
    const result = await fuzz(impl, { runs: args.runs, seed: args.seed, shape: { maxClients: args.clients, maxOps: args.ops } });
    const seconds = (performance.now() - started) / 1000;
    const found = result.counterexample;
    if (!found) {
      process.stdout.write(`${chalk.green("no failure")} in ${result.runs} scenarios (seed ${args.seed}, ${seconds.toFixed(1)}s)\n`);
      process.exitCode = OK_EXIT;
      return;
    }
    const name = `${args.impl === undefined ? "reference" : basename(args.impl).replace(/\.[cm]?[jt]s$/, "")}-seed${args.seed}`;
    const files = writeCounterexample(args.out, name, found, args.impl);
    const run = scenarioRun(found.scenario, name);
    const replay = kvlabCommand(["replay", files.scenario]);
    const explained = await reportFailure(impl, run.definition, run.seed, { ...run.options, rerun: replay, dir: args.out });
    const { scenario } = found;
    const ops = scenario.workload.kind === "ops" ? scenario.workload.clients.reduce((sum, list) => sum + list.length, 0) : 0;
    const clients = scenario.workload.kind === "ops" ? scenario.workload.clients.length : scenario.workload.kind === "lock-loop" ? scenario.workload.clients : 0;
    const faults = Object.keys(scenario.messages).length + scenario.faults.filter((fault) => fault.action === "partition").length;
    process.stdout.write(
      [
        `${chalk.red("failure")} at scenario ${found.run} (seed ${args.seed}), shrunk in ${found.shrinks} steps to ${clients} client(s), ${ops} operation(s), ${faults} fault(s):`,
        chalk.red(`Fatal: ${found.report.message}`),
        ...explained.lines,
        `  scenario:   ${files.scenario}`,
        `  trace:      ${files.trace}`,
        `  regression: ${files.test}`,
        ...(explained.page ? [`  page:       ${explained.page}`] : []),
        `  replay:     ${chalk.bold(replay)}`,
        "",
      ].join("\n"),
    );
    process.exitCode = FAILED_EXIT;
  },
};
