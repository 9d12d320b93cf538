import chalk from "chalk";
import type { CommandModule } from "yargs";
import { reference, type KVImplementation } from "../../kv/index.js";
import { ImplementationError, loadImplementation } from "../../lab/load-implementation.js";
import { RUN_PAGES, reportFailure } from "../../lab/forensics/report-failure.js";
import { ambientLines, beginLine, determinismLine, endLines, summaryLine, unknownChecksLine } from "../../lab/report.js";
import { LINEARIZABILITY_STEPS } from "../../lab/kvtest.js";
import { SelectionError, selectTests } from "../../lab/select.js";
import type { LabTestDefinition } from "../../lab/suite.js";
import { allTests } from "../../lab/suites/index.js";
import { parseShard, planJobs, runSweep, shardJobs, type SweepJob, type SweepReport } from "../../lab/sweep/index.js";
import { FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import { progress } from "../progress.js";
import { runTarget } from "./test-target.js";
import { kvlabCommand } from "../../lab/kvlab-command.js";

interface TestArgs {
  impl?: string;
  suite: ("kvsrv" | "lock" | "rust" | "all")[];
  test?: string[];
  seed: number;
  seeds: number;
  workers: number;
  shard?: string;
  watchdog: number;
  "check-determinism": boolean;
  json: boolean;
  list: boolean;
  budget?: number;
  pages: string;
  explain: number;
  target?: string;
}

/** The command that reruns exactly one run, with every option that can change its outcome. */
function rerunCommand(args: TestArgs, job: Pick<SweepJob, "test" | "seed">): string {
  return kvlabCommand([
    "test",
    ...(args.impl === undefined ? [] : ["--impl", args.impl]),
    ...["--test", job.test, "--seed", job.seed],
    ...(args.budget === undefined ? [] : ["--budget", args.budget]),
    ...(args["check-determinism"] ? ["--check-determinism"] : []),
  ]);
}

export const testCommand: CommandModule<object, TestArgs> = {
  command: "test",
  describe: "Run the lab's suites against an implementation (the reference one by default)",
  builder: (yargs) =>
    yargs
      .option("impl", { type: "string", describe: "a .ts, .mts, .cts, .js, .mjs or .cjs module whose default export is a KVImplementation" })
      .option("suite", { choices: ["kvsrv", "lock", "rust", "all"] as const, array: true, default: ["all" as const], describe: "which suite(s) to run, e.g. --suite lock rust" })
      .option("test", { type: "string", array: true, describe: "run only the named test(s), e.g. TestUnreliableNet" })
      .option("seed", { type: "number", default: 1, describe: "the first seed" })
      .option("seeds", { type: "number", default: 1, describe: "how many seeds, from --seed on" })
      .option("workers", { type: "number", default: 1, describe: "run on this many worker threads (1: in this process)" })
      .option("shard", { type: "string", describe: "run only shard I of N of the (test, seed) runs, e.g. 2/4 (for a CI matrix)" })
      .option("watchdog", { type: "number", default: 60, describe: "with --workers > 1, fail a run that does not yield for this many wall seconds" })
      .option("check-determinism", { type: "boolean", default: false, describe: "run each test twice per seed and report where the two runs differ" })
      .option("explain", { type: "number", default: 3, describe: "explain this many failures in words and write their pages (0: none)" })
      .option("pages", { type: "string", default: RUN_PAGES, describe: "where the pages of explained failures are written" })
      .option("budget", { type: "number", describe: `model steps each linearizability check may take (default ${LINEARIZABILITY_STEPS.toLocaleString("en-US")})` })
      .option("json", { type: "boolean", default: false, describe: "print one JSON array of test runs" })
      .option("list", { type: "boolean", default: false, describe: "list the tests and exit" })
      .option("target", { type: "string", describe: "run the tests that make sense on a real network against the kvs-server at IP:PORT, in real time (clerks from --impl)" })
      .check((args) => {
        // A returned string is a usage error: one line on stderr and exit 3, no stack.
        if (!Number.isSafeInteger(args.seed)) return `--seed must be an integer, got ${args.seed}`;
        if (!Number.isSafeInteger(args.seeds) || args.seeds < 1) return `--seeds must be a whole number ≥ 1, got ${args.seeds}`;
        if (!Number.isSafeInteger(args.workers) || args.workers < 1) return `--workers must be a whole number ≥ 1, got ${args.workers}`;
        if (!(args.watchdog > 0 && Number.isFinite(args.watchdog))) return `--watchdog must be a number of seconds > 0, got ${args.watchdog}`;
        if (args.budget !== undefined && !(Number.isSafeInteger(args.budget) && args.budget >= 1)) return `--budget must be a whole number ≥ 1, got ${args.budget}`;
        if (args.target !== undefined && (args.seeds > 1 || args.workers > 1 || args.shard !== undefined || args["check-determinism"])) {
          return "--target runs each test once in real time: --seeds, --workers, --shard and --check-determinism do not apply";
        }
        const shard = args.shard === undefined ? undefined : parseShard(args.shard);
        return typeof shard === "string" ? shard : true;
      })
      .example("kvlab test", "every suite, reference implementation, seed 1")
      .example("kvlab test --impl examples/kv/my-kv.ts --suite kvsrv --seeds 20", "your code (here the example), 20 seeds")
      .example("kvlab test --impl examples/kv/my-kv.ts --suite lock rust", "two suites")
      .example("kvlab test --impl examples/kv/my-kv.ts --seeds 100 --workers 4 --shard 1/3", "a third of a 100-seed sweep on 4 threads")
      .example("kvlab test --impl examples/kv/my-kv.ts --check-determinism", "run everything twice: does your code depend on anything but the seed?")
      .example("kvlab test --impl examples/kv/buggy/clerk-never-errmaybe.ts --test TestUnreliableNet --seed 7", "rerun one failed run exactly, as its printed rerun line does")
      .example("kvlab test --impl examples/kv/my-kv.ts --target 127.0.0.1:4000", "your clerk against a running kvs-server"),
  handler: async (args) => {
    if (args.list) {
      for (const test of allTests) process.stdout.write(`${test.suite.padEnd(6)} ${test.name}\n`);
      return;
    }
    let impl: KVImplementation;
    let tests: LabTestDefinition[];
    try {
      impl = args.impl === undefined ? reference : await loadImplementation(args.impl);
      tests = selectTests(args.suite, args.test);
    } catch (error) {
      if (!(error instanceof ImplementationError || error instanceof SelectionError)) throw error;
      process.stderr.write(`kvlab test: ${error.message}\n`);
      process.exitCode = USAGE_EXIT;
      return;
    }
    if (args.target !== undefined) return runTarget({ ...args, target: args.target }, impl, tests);
    const everyJob = planJobs(tests, args.seed, args.seeds);
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const jobs = typeof shard === "object" ? shardJobs(everyJob, shard) : everyJob;
    const out = progress(jobs.length, !args.json);
    if (!args.json && typeof shard === "object") out.print(chalk.dim(`shard ${shard.index}/${shard.count}: ${jobs.length} of the sweep's ${everyJob.length} runs\n`));
    const definitions = new Map(tests.map((test) => [test.name, test]));
    const warned = new Set<string>();
    let reports: SweepReport[];
    // The runs that finished, so that --json still prints them if kvlab itself fails on the way.
    const finished: SweepReport[] = [];
    const crashWith: (error: unknown) => never = (error) => {
      if (args.json) process.stdout.write(`${JSON.stringify(finished, null, 2)}\n`);
      throw error;
    };
    try {
      reports = await runSweep(
        jobs,
        { impl, implPath: args.impl, workers: args.workers, watchdogMs: args.watchdog * 1000, checkSteps: args.budget, checkDeterminism: args["check-determinism"] },
        {
          begin: (job) => {
            if (!args.json) out.print(`${beginLine(definitions.get(job.test)!)}${args.seeds > 1 ? chalk.dim(` [seed ${job.seed}]`) : ""}\n`);
          },
          end: (report, index) => {
            finished.push(report);
            if (args.json) return;
            // Each ambient call site is named once a sweep, except as a suspect beside a divergence.
            const ambient = (report.ambient ?? []).filter((use) => report.divergence !== undefined || !warned.has(`${use.api} ${use.site}`));
            for (const use of ambient) warned.add(`${use.api} ${use.site}`);
            const details = [...(report.divergence?.split("\n") ?? []), ...ambientLines(ambient)];
            out.print(`${endLines(report, rerunCommand(args, jobs[index]!), details).join("\n")}\n`);
          },
          progress: (done) => out.update(done),
        },
      );
    } catch (error) {
      crashWith(error);
    } finally {
      out.stop();
    }
    await explainFailures(args, impl, reports, (report) => rerunCommand(args, report), definitions).catch(crashWith);
    if (args.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    else {
      const unknown = unknownChecksLine(reports);
      if (unknown) process.stdout.write(`${unknown}\n`);
      if (args["check-determinism"]) process.stdout.write(`${determinismLine(reports)}\n`);
      process.stdout.write(`${summaryLine(reports)}\n`);
    }
    process.exitCode = reports.some((report) => report.verdict === "fail") ? FAILED_EXIT : OK_EXIT;
  },
};

/** Failures a re-run in this thread cannot explain: the run never yielded, or its worker died. */
const UNEXPLAINABLE = /^(no sign of life|its worker died)/;

/**
 * Re-runs the first `--explain` failures here with everything recorded (the same runs: they are
 * deterministic), prints each explanation and writes each run's page.
 */
async function explainFailures(
  args: TestArgs,
  impl: KVImplementation,
  reports: SweepReport[],
  rerun: (report: SweepReport) => string,
  definitions: Map<string, LabTestDefinition>,
): Promise<void> {
  const failures = reports.filter((report) => report.verdict === "fail" && !UNEXPLAINABLE.test(report.message ?? "")).slice(0, Math.max(0, args.explain));
  for (const report of failures) {
    const explained = await reportFailure(impl, definitions.get(report.test)!, report.seed, { checkSteps: args.budget, rerun: rerun(report), dir: args.pages });
    if (explained.page) report.page = explained.page;
    if (args.json) continue;
    process.stdout.write(`${chalk.bold(`Why ${report.test} failed (seed ${report.seed}):`)}\n${explained.lines.map((line) => `${line}\n`).join("")}`);
    if (explained.page) process.stdout.write(`  page: ${explained.page}\n`);
  }
}
