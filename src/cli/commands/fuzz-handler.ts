import { basename } from "node:path";
import chalk from "chalk";
import { kvLab, reference, type KVImplementation } from "../../labs/kv/index.js";
import { writeCounterexample } from "../../harness/fuzz/counterexample-files.js";
import { fuzz } from "../../harness/fuzz/fuzz.js";
import { reportFailure } from "../../harness/forensics/report-failure.js";
import { ImplementationError, loadImplementation } from "../../harness/load/load-implementation.js";
import { scenarioRun } from "../../harness/scenario/run-scenario.js";
import { decideExit, FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import { kvlabCommand } from "../../harness/kvlab-command.js";
import type { FuzzArgs } from "./fuzz.js";

/** What `kvlab fuzz` does (see fuzzCommand): generate, run, and shrink and explain the first failure. */
export async function runFuzz(args: FuzzArgs): Promise<void> {
  let impl: KVImplementation;
  try {
    impl = args.impl === undefined ? reference : await loadImplementation(kvLab, args.impl);
  } catch (error) {
    if (!(error instanceof ImplementationError)) throw error;
    decideExit(USAGE_EXIT);
    process.stderr.write(`kvlab fuzz: ${error.message}\n`);
    return;
  }
  const started = performance.now();
  const result = await fuzz(impl, { runs: args.runs, seed: args.seed, shape: { maxClients: args.clients, maxOps: args.ops } });
  const seconds = (performance.now() - started) / 1000;
  const found = result.counterexample;
  if (!found) {
    decideExit(OK_EXIT);
    process.stdout.write(`${chalk.green("no failure")} in ${result.runs} scenarios (seed ${args.seed}, ${seconds.toFixed(1)}s)\n`);
    return;
  }
  const name = `${args.impl === undefined ? "reference" : basename(args.impl).replace(/\.[cm]?[jt]s$/, "")}-seed${args.seed}`;
  const files = writeCounterexample(args.out, name, found, args.impl);
  const run = scenarioRun(found.scenario, name);
  const replay = kvlabCommand(["replay", files.scenario]);
  const explained = await reportFailure({ lab: kvLab, impl, definition: run.definition, seed: run.seed, options: { ...run.options, scenarioFile: files.scenario } }, { dir: args.out });
  const { scenario } = found;
  const ops = scenario.workload.kind === "ops" ? scenario.workload.clients.reduce((sum, list) => sum + list.length, 0) : 0;
  const clients = scenario.workload.kind === "ops" ? scenario.workload.clients.length : scenario.workload.kind === "lock-loop" ? scenario.workload.clients : 0;
  const faults = Object.keys(scenario.messages).length + scenario.faults.filter((fault) => fault.action === "partition").length;
  decideExit(FAILED_EXIT);
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
}
