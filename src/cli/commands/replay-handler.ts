import chalk from "chalk";
import { describeDivergence, firstLineDivergence } from "../../../labnet/index.js";
import {
  beginLine,
  endLines,
  expectedTrace,
  ImplementationError,
  openScenario,
  replayOutcome,
  replaySucceeded,
  reportFailure,
  rerunCommand,
  runInWorld,
  scenarioImplementation,
  scenarioRun,
  ScenarioError,
  traceLines,
  type ReplayOutcome,
  type ScenarioEnvelope,
} from "../../harness/index.js";
import { labs } from "../../labs/index.js";
import { decideExit, FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import type { ReplayArgs } from "./replay-args.js";
import { partPaths } from "./part-options.js";

/**
 * What `kvlab replay` does (see replayCommand): run a scenario file, of the lab its `lab` field
 * names, and compare what happened with what it expects.
 */
export async function runReplay(args: ReplayArgs): Promise<void> {
  let opened;
  let run;
  try {
    opened = await openScenario(args.file, labs);
    const parts = partPaths(args);
    const impl = await scenarioImplementation(opened.lab, opened.file, args.impl, parts);
    // Refuses a scenario its lab cannot make a test of (e.g. a workload that names no suite test), before running.
    run = scenarioRun(opened.lab, impl, opened.file.scenario, opened.file.name, {
      scenarioFile: args.file,
      ...(args.impl ? { implPath: args.impl } : {}),
      ...(Object.keys(parts).length > 0 ? { parts } : {}),
    });
  } catch (error) {
    if (!(error instanceof ScenarioError || error instanceof ImplementationError)) throw error;
    decideExit(USAGE_EXIT);
    process.stderr.write(`kvlab replay: ${error.message}\n`);
    return;
  }
  const { lab, file } = opened;
  const expected = expectedTrace(file);
  // With --trace, the run also keeps what the lab prints beside the trace (its messages' arguments and replies).
  const { report, world } = await runInWorld({ ...run, options: { ...run.options, trace: args.trace || expected !== undefined, forensics: args.trace } });
  process.stdout.write(`${beginLine(report)}\n`);
  process.stdout.write(`${endLines(report, rerunCommand(run)).join("\n")}\n`);
  if (report.verdict === "fail") {
    const explained = await reportFailure(run, { dir: args.pages });
    process.stdout.write(explained.lines.map((line) => `${line}\n`).join(""));
    if (explained.page) process.stdout.write(`  page: ${explained.page}\n`);
  }
  if (args.trace) process.stdout.write(`${(world && lab.traceLines ? lab.traceLines(world) : traceLines(report)).join("\n")}\n`);
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
function outcomeLines(outcome: ReplayOutcome, expect: ScenarioEnvelope["expect"]): string[] {
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
