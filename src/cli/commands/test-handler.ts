import chalk from "chalk";
import { reference, type KVImplementation } from "../../labs/kv/index.js";
import { ImplementationError, loadImplementation } from "../../harness/load/load-implementation.js";
import { reportFailure } from "../../harness/forensics/report-failure.js";
import { ambientLines, beginLine, determinismLine, endLines, summaryLine, unknownChecksLine } from "../../harness/report.js";
import { SelectionError, selectTests } from "../../harness/select.js";
import type { LabTestDefinition } from "../../harness/test-definition.js";
import { allTests } from "../../labs/kv/suites/index.js";
import { parseShard, planJobs, runSweep, shardJobs, type SweepJob, type SweepReport } from "../../harness/sweep/index.js";
import { decideExit, FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import { progress } from "../progress.js";
import type { TestArgs } from "./test.js";
import { runTarget } from "./test-target.js";
import { kvlabCommand } from "../../harness/kvlab-command.js";

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

/** What `kvlab test` does (see testCommand): its suites, a sweep of them, or a run against a real server. */
export async function runTests(args: TestArgs): Promise<void> {
  if (args.list) {
    decideExit(OK_EXIT);
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
    decideExit(USAGE_EXIT);
    process.stderr.write(`kvlab test: ${error.message}\n`);
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
  decideExit(reports.some((report) => report.verdict === "fail") ? FAILED_EXIT : OK_EXIT);
  if (args.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  else {
    const unknown = unknownChecksLine(reports);
    if (unknown) process.stdout.write(`${unknown}\n`);
    if (args["check-determinism"]) process.stdout.write(`${determinismLine(reports)}\n`);
    process.stdout.write(`${summaryLine(reports)}\n`);
  }
}

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
