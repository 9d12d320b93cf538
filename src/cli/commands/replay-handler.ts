import chalk from "chalk";
import { describeDivergence, firstLineDivergence } from "../../../labnet/index.js";
import { ImplementationError } from "../../harness/load/load-implementation.js";
import { beginLine, endLines } from "../../harness/report.js";
import { expectedTrace, readScenario, scenarioImplementation } from "../../harness/scenario/files.js";
import { reportFailure } from "../../harness/forensics/report-failure.js";
import { runInWorld } from "../../harness/run-test.js";
import { kvLab } from "../../labs/kv/index.js";
import type { SimulatedKvWorld } from "../../labs/kv/sim-world.js";
import { traceWithMessages } from "../../labs/kv/forensics/trace-display.js";
import { replayOutcome, replaySucceeded, type ReplayOutcome } from "../../harness/scenario/outcome.js";
import { scenarioRun, traceLines } from "../../harness/scenario/run-scenario.js";
import { ScenarioError, type Scenario } from "../../labs/kv/scenario/schema.js";
import { decideExit, FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import { kvlabCommand } from "../../harness/kvlab-command.js";
import type { ReplayArgs } from "./replay.js";

/** What `kvlab replay` does (see replayCommand): run a scenario file and compare what happened with what it expects. */
export async function runReplay(args: ReplayArgs): Promise<void> {
  let file;
  let impl;
  let run;
  try {
    file = readScenario(args.file);
    impl = await scenarioImplementation(file, args.impl);
    run = scenarioRun(file.scenario, file.name); // refuses a workload that names no suite test, before running
  } catch (error) {
    if (!(error instanceof ScenarioError || error instanceof ImplementationError)) throw error;
    decideExit(USAGE_EXIT);
    process.stderr.write(`kvlab replay: ${error.message}\n`);
    return;
  }
  const expected = expectedTrace(file);
  // With --trace, the run also keeps its messages' arguments and replies, to print beside the trace.
  const options = { ...run.options, scenarioFile: args.file, ...(args.impl ? { implPath: args.impl } : {}) };
  const { report, world } = await runInWorld<SimulatedKvWorld>({ lab: kvLab, impl, definition: run.definition, seed: run.seed, options: { ...options, trace: args.trace || expected !== undefined, forensics: args.trace } });
  const rerun = kvlabCommand(["replay", args.file, ...(args.impl ? ["--impl", args.impl] : [])]);
  process.stdout.write(`${beginLine(report)}\n`);
  process.stdout.write(`${endLines(report, rerun).join("\n")}\n`);
  if (report.verdict === "fail") {
    const explained = await reportFailure({ lab: kvLab, impl, definition: run.definition, seed: run.seed, options }, { dir: args.pages });
    process.stdout.write(explained.lines.map((line) => `${line}\n`).join(""));
    if (explained.page) process.stdout.write(`  page: ${explained.page}\n`);
  }
  if (args.trace) process.stdout.write(`${(world ? traceWithMessages(report.trace ?? [], world.executions, world.journal) : traceLines(report)).join("\n")}\n`);
  const outcome = replayOutcome(file.scenario, report);
  const succeeded = replaySucceeded(outcome);
  decideExit(succeeded ? OK_EXIT : FAILED_EXIT);
  process.stdout.write(outcomeLines(outcome, file.scenario.expect).map((line) => `${line}\n`).join(""));
  if (!succeeded && expected && file.scenario.expect?.traceHash !== report.traceHash) {
    const divergence = firstLineDivergence(expected, traceLines(report));
    if (divergence) process.stdout.write(`${describeDivergence(divergence)}\n`);
  }
}

/** The replay's conclusion in words (see ReplayOutcome). */
function outcomeLines(outcome: ReplayOutcome, expect: Scenario["expect"]): string[] {
  const trace = expect?.traceHash ? `, trace ${expect.traceHash}` : "";
  const recorded = `${expect?.message ?? expect?.verdict}${trace}`;
  switch (outcome.kind) {
    case "reproduced":
      return expect ? [`${chalk.green("reproduced")}: ${expect.verdict}${expect.message ? ` (${expect.message})` : ""}${trace}`] : [];
    case "not reproduced":
      return outcome.problems.map((problem) => `${chalk.red("not reproduced")}: ${problem}`);
    case "fixed":
      return [`${chalk.green("fixed")}: the failure this regression scenario recorded no longer occurs (it was: ${recorded})`];
    case "still failing":
      if (outcome.problems.length === 0) return [`${chalk.red("still failing")}, as recorded: ${recorded}`];
      return [`${chalk.red("still failing")}, not as recorded (${recorded}):`, ...outcome.problems.map((problem) => `  ${problem}`)];
  }
}
