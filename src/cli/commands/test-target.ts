import type { KVImplementation } from "../../labs/kv/index.js";
import { beginLine, endLines, summaryLine, unknownChecksLine } from "../../harness/report.js";
import { unrunReport, type TestReport } from "../../harness/run-test.js";
import type { Lab, TestDefinition } from "../../harness/index.js";
import type { KvTestDefinition } from "../../labs/kv/index.js";
import { parseAddress } from "../../real/protocol/index.js";
import { probeTarget, runOverTcp, runsOverTcp } from "../../harness/tcp/index.js";
import { decideExit, FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import { kvlabCommand } from "../../harness/kvlab-command.js";

export interface TargetArgs {
  target: string;
  impl?: string;
  json: boolean;
  budget?: number;
}

/**
 * `kvlab test --target HOST:PORT`: the selected tests that make sense on a real network, one after
 * another, with the implementation's clerks against the kvs-server there, in real time. The
 * others are reported as skipped, saying why. A target that does not answer (nothing listening,
 * or a server that accepts and stays silent) is one line and exit status 3, within seconds.
 */
export async function runTarget(args: TargetArgs, _lab: Lab, impl: unknown, tests: readonly TestDefinition[]): Promise<void> {
  const address = parseAddress(args.target);
  if (typeof address === "string") {
    decideExit(USAGE_EXIT);
    process.stderr.write(`kvlab test: --target: ${address}\n`);
    return;
  }
  // Nothing there, or a server that never answers, is the environment's problem, not a verdict.
  const unreachable = tests.some((test) => runsOverTcp(test as KvTestDefinition)) ? await probeTarget(address) : undefined;
  if (unreachable !== undefined) {
    decideExit(USAGE_EXIT);
    process.stderr.write(`kvlab test: ${unreachable}\n`);
    return;
  }
  const reports: TestReport[] = [];
  const rerun = (test: string) => kvlabCommand(["test", ...(args.impl === undefined ? [] : ["--impl", args.impl]), "--target", args.target, "--test", test]);
  try {
    for (const test of tests) {
      if (!args.json) process.stdout.write(`${beginLine(test)}\n`);
      const report = runsOverTcp(test as KvTestDefinition)
        ? await runOverTcp(impl as KVImplementation, test as KvTestDefinition, address, { checkSteps: args.budget })
        : unrunReport(test, 0, "skip", test.reliable ? "needs the simulation (it measures the server object)" : "needs the simulated unreliable network");
      reports.push(report);
      if (!args.json) process.stdout.write(`${endLines(report, rerun(test.name)).join("\n")}\n`);
    }
    decideExit(reports.some((report) => report.verdict === "fail") ? FAILED_EXIT : OK_EXIT);
  } finally {
    // Even when kvlab itself failed, --json prints the runs that finished before.
    if (args.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  }
  if (!args.json) {
    const unknown = unknownChecksLine(reports);
    if (unknown) process.stdout.write(`${unknown}\n`);
    process.stdout.write(`${summaryLine(reports)}\n`);
  }
}
