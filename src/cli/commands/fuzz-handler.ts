import { basename } from "node:path";
import chalk from "chalk";
import { fuzz, ImplementationError, loadRunImplementation, reportFailure, rerunCommand, scenarioRun, writeCounterexample } from "../../harness/index.js";
import { labs } from "../../labs/index.js";
import { decideExit, FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import type { FuzzArgs } from "./fuzz-args.js";
import { partPaths } from "./part-options.js";

/** What `kvlab fuzz` does (see fuzzCommand): generate scenarios of `--lab`, run them, and shrink and explain the first failure. */
export async function runFuzz(args: FuzzArgs): Promise<void> {
  const lab = await labs[args.lab]!.load();
  const scenarios = lab.scenarios;
  if (scenarios === undefined) return refuse(`--lab ${args.lab}: the ${lab.name} lab has no scenarios to fuzz`);
  if (args.clients > scenarios.maxClients) return refuse(`--clients ${args.clients}: a ${lab.name} scenario has at most ${scenarios.maxClients} clients`);
  const parts = partPaths(args);
  let impl: unknown;
  try {
    impl = await loadRunImplementation(lab, { implPath: args.impl, parts });
  } catch (error) {
    if (!(error instanceof ImplementationError)) throw error;
    return refuse(error.message);
  }
  const started = performance.now();
  const result = await fuzz(lab, impl, { runs: args.runs, seed: args.seed, shape: { maxClients: args.clients, maxOps: args.ops } });
  const seconds = (performance.now() - started) / 1000;
  const found = result.counterexample;
  if (!found) {
    decideExit(OK_EXIT);
    process.stdout.write(`${chalk.green("no failure")} in ${result.runs} scenarios (seed ${args.seed}, ${seconds.toFixed(1)}s)\n`);
    return;
  }
  const name = `${args.impl === undefined ? "reference" : basename(args.impl).replace(/\.[cm]?[jt]s$/, "")}-seed${args.seed}`;
  const files = writeCounterexample(lab, args.out, name, found, args.impl, parts);
  const run = scenarioRun(lab, impl, found.scenario, name, { scenarioFile: files.scenario });
  const explained = await reportFailure(run, { dir: args.out });
  decideExit(FAILED_EXIT);
  process.stdout.write(
    [
      `${chalk.red("failure")} at scenario ${found.run} (seed ${args.seed}), shrunk in ${found.shrinks} steps to ${scenarios.size(found.scenario)}:`,
      chalk.red(`Fatal: ${found.report.message}`),
      ...explained.lines,
      `  scenario:   ${files.scenario}`,
      `  trace:      ${files.trace}`,
      `  regression: ${files.test}`,
      ...(explained.page ? [`  page:       ${explained.page}`] : []),
      `  replay:     ${chalk.bold(rerunCommand(run))}`,
      "",
    ].join("\n"),
  );
}

/** A usage error: one line, exit 3. */
function refuse(message: string): void {
  decideExit(USAGE_EXIT);
  process.stderr.write(`kvlab fuzz: ${message}\n`);
}
