import {
  beginLine,
  closingLines,
  PROBE_MS,
  endLines,
  rerunCommand,
  runOnTarget,
  runsOverTcp,
  targetDial,
  type Lab,
  type Run,
  type TestDefinition,
  type TestReport,
} from "../../harness/index.js";
import { parseAddress } from "../../real/protocol/index.js";
import { decideExit, FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";

export interface TargetArgs {
  target: string;
  impl?: string;
  /** The lab's part modules, by flag (`--raft PATH` …); none when absent. */
  parts?: Record<string, string>;
  json: boolean;
  /** With --json, how the reports are written (see stdoutForJson); else stdout. */
  printJson?: (text: string) => void;
  budget?: number;
}

/**
 * `kvlab test --target HOST:PORT`: the selected tests that make sense on a real network, one after
 * another, in the lab's real world with the implementation's clients against the lab's server there,
 * in real time. The others are reported as skipped, saying why. A lab with no real world, a bad
 * address, or a target that does not answer (nothing listening, or a server that accepts and
 * stays silent) is one line and exit status 3, within seconds.
 */
export async function runTarget(args: TargetArgs, lab: Lab, impl: unknown, tests: readonly TestDefinition[]): Promise<void> {
  const { realTarget } = lab;
  if (lab.realWorld === undefined || realTarget === undefined) return usageError(`--target: the lab "${lab.name}" (${lab.title}) has no real server to run against`);
  const address = parseAddress(args.target);
  if (typeof address === "string") return usageError(`--target: ${address}`);
  // Nothing there, or a server that never answers, is the environment's problem, not a verdict.
  const unreachable = tests.some(runsOverTcp) ? await realTarget.probe(address, PROBE_MS) : undefined;
  if (unreachable !== undefined) return usageError(unreachable);
  const reports: TestReport[] = [];
  const options = { implPath: args.impl, parts: args.parts, checkSteps: args.budget, target: args.target };
  try {
    for (const definition of tests) {
      if (!args.json) process.stdout.write(`${beginLine(definition)}\n`);
      const run: Run = { lab, impl, definition, seed: 0, options };
      const report = await runOnTarget(run, targetDial(realTarget, address));
      reports.push(report);
      if (!args.json) process.stdout.write(`${endLines(report, rerunCommand(run)).join("\n")}\n`);
    }
    decideExit(reports.some((report) => report.verdict === "fail") ? FAILED_EXIT : OK_EXIT);
  } finally {
    // Even when kvlab itself failed, --json prints the runs that finished before.
    if (args.json) (args.printJson ?? ((text) => void process.stdout.write(text)))(`${JSON.stringify(reports, null, 2)}\n`);
  }
  if (!args.json) process.stdout.write(closingLines(reports, false).map((line) => `${line}\n`).join(""));
}

/** A usage error of `kvlab test`: one line on stderr, exit status 3. */
function usageError(message: string): void {
  decideExit(USAGE_EXIT);
  process.stderr.write(`kvlab test: ${message}\n`);
}
