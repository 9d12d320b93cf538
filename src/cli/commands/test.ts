import chalk from "chalk";
import type { CommandModule } from "yargs";
import { reference, type KVImplementation } from "../../kv/index.js";
import { ImplementationError, loadImplementation } from "../../lab/load-implementation.js";
import { beginLine, endLines, summaryLine, unknownChecksLine } from "../../lab/report.js";
import { LINEARIZABILITY_STEPS } from "../../lab/kvtest.js";
import { runLabTest, type TestReport } from "../../lab/run-test.js";
import { SelectionError, selectTests } from "../../lab/select.js";
import { allTests } from "../../lab/suites/index.js";
import { FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";

interface TestArgs {
  impl?: string;
  suite: "kvsrv" | "lock" | "rust" | "all";
  test?: string[];
  seed: number;
  seeds: number;
  json: boolean;
  list: boolean;
  budget?: number;
}

/** The command that reruns exactly one test run. */
function rerunCommand(args: TestArgs, report: TestReport): string {
  const impl = args.impl === undefined ? "" : ` --impl ${args.impl}`;
  return `kvlab test${impl} --test ${report.test} --seed ${report.seed}`;
}

export const testCommand: CommandModule<object, TestArgs> = {
  command: "test",
  describe: "Run the lab's suites against an implementation (the reference one by default)",
  builder: (yargs) =>
    yargs
      .option("impl", { type: "string", describe: "a .ts or .js module whose default export is a KVImplementation" })
      .option("suite", { choices: ["kvsrv", "lock", "rust", "all"] as const, default: "all" as const, describe: "which suite to run" })
      .option("test", { type: "string", array: true, describe: "run only the named test(s), e.g. TestUnreliableNet" })
      .option("seed", { type: "number", default: 1, describe: "the first seed" })
      .option("seeds", { type: "number", default: 1, describe: "how many seeds, from --seed on" })
      .option("budget", { type: "number", describe: `model steps each linearizability check may take (default ${LINEARIZABILITY_STEPS.toLocaleString("en-US")})` })
      .option("json", { type: "boolean", default: false, describe: "print one JSON array of test runs" })
      .option("list", { type: "boolean", default: false, describe: "list the tests and exit" })
      .check((args) => {
        // A returned string is a usage error: one line on stderr and exit 3, no stack.
        if (!Number.isSafeInteger(args.seed)) return `--seed must be an integer, got ${args.seed}`;
        if (!Number.isSafeInteger(args.seeds) || args.seeds < 1) return `--seeds must be a whole number ≥ 1, got ${args.seeds}`;
        if (args.budget !== undefined && !(Number.isSafeInteger(args.budget) && args.budget >= 1)) return `--budget must be a whole number ≥ 1, got ${args.budget}`;
        return true;
      })
      .example("kvlab test", "every suite, reference implementation, seed 1")
      .example("kvlab test --impl ./my-kv.ts --suite kvsrv --seeds 20", "your code, 20 seeds")
      .example("kvlab test --impl ./my-kv.ts --test TestUnreliableNet --seed 7", "rerun one failure exactly"),
  handler: async (args) => {
    if (args.list) {
      for (const test of allTests) process.stdout.write(`${test.suite.padEnd(6)} ${test.name}\n`);
      return;
    }
    let impl: KVImplementation;
    let tests;
    try {
      impl = args.impl === undefined ? reference : await loadImplementation(args.impl);
      tests = selectTests(args.suite, args.test);
    } catch (error) {
      if (!(error instanceof ImplementationError || error instanceof SelectionError)) throw error;
      process.stderr.write(`kvlab test: ${error.message}\n`);
      process.exitCode = USAGE_EXIT;
      return;
    }
    const reports: TestReport[] = [];
    for (const test of tests) {
      for (let seed = args.seed; seed < args.seed + args.seeds; seed++) {
        if (!args.json) process.stdout.write(`${beginLine(test)}${args.seeds > 1 ? chalk.dim(` [seed ${seed}]`) : ""}\n`);
        const report = await runLabTest(impl, test, seed, { checkSteps: args.budget });
        reports.push(report);
        if (!args.json) process.stdout.write(`${endLines(report, rerunCommand(args, report)).join("\n")}\n`);
      }
    }
    if (args.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    else {
      const unknown = unknownChecksLine(reports);
      if (unknown) process.stdout.write(`${unknown}\n`);
      process.stdout.write(`${summaryLine(reports)}\n`);
    }
    process.exitCode = reports.some((report) => report.verdict === "fail") ? FAILED_EXIT : OK_EXIT;
  },
};
