import chalk from "chalk";
import {
  allTestsOf,
  ambientLines,
  beginLine,
  determinismLine,
  endLines,
  ImplementationError,
  loadImplementation,
  parseShard,
  planJobs,
  reportFailure,
  rerunCommand,
  runSweep,
  SelectionError,
  selectTests,
  shardJobs,
  summaryLine,
  unknownChecksLine,
  type JobOptions,
  type Lab,
  type SweepReport,
  type TestDefinition,
} from "../../harness/index.js";
import { labs } from "../../labs/index.js";
import { decideExit, FAILED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import { progress } from "../progress.js";
import type { TestArgs } from "./test-args.js";
import { runTarget } from "./test-target.js";

/** What `kvlab test` does (see testCommand): its suites, a sweep of them, or a run against a real server. */
export async function runTests(args: TestArgs): Promise<void> {
  const lab = await labs[args.lab]!.load();
  if (args.list) {
    decideExit(OK_EXIT);
    for (const test of allTestsOf(lab)) process.stdout.write(`${test.suite.padEnd(6)} ${test.name}\n`);
    return;
  }
  let impl: unknown;
  let tests: TestDefinition[];
  try {
    impl = args.impl === undefined ? lab.reference : await loadImplementation(lab, args.impl);
    tests = selectTests(lab, args.suite, args.test);
  } catch (error) {
    if (!(error instanceof ImplementationError || error instanceof SelectionError)) throw error;
    decideExit(USAGE_EXIT);
    process.stderr.write(`kvlab test: ${error.message}\n`);
    return;
  }
  if (args.target !== undefined) return runTarget({ ...args, target: args.target }, lab, impl, tests);
  const options: JobOptions = { implPath: args.impl, checkSteps: args.budget, checkDeterminism: args["check-determinism"] };
  const rerun = (report: Pick<SweepReport, "seed">, definition: TestDefinition) => rerunCommand({ lab, definition, seed: report.seed, options });
  const everyJob = planJobs(tests, args.seed, args.seeds);
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  const jobs = typeof shard === "object" ? shardJobs(everyJob, shard) : everyJob;
  const out = progress(jobs.length, !args.json);
  if (!args.json && typeof shard === "object") out.print(chalk.dim(`shard ${shard.index}/${shard.count}: ${jobs.length} of the sweep's ${everyJob.length} runs\n`));
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
      { lab, impl, workers: args.workers, watchdogMs: args.watchdog * 1000, ...options },
      {
        begin: (job) => {
          if (!args.json) out.print(`${beginLine(job.definition)}${args.seeds > 1 ? chalk.dim(` [seed ${job.seed}]`) : ""}\n`);
        },
        end: (report, index) => {
          finished.push(report);
          if (args.json) return;
          // Each ambient call site is named once a sweep, except as a suspect beside a divergence.
          const ambient = (report.ambient ?? []).filter((use) => report.divergence !== undefined || !warned.has(`${use.api} ${use.site}`));
          for (const use of ambient) warned.add(`${use.api} ${use.site}`);
          const details = [...(report.divergence?.split("\n") ?? []), ...ambientLines(ambient)];
          out.print(`${endLines(report, rerun(report, jobs[index]!.definition), details).join("\n")}\n`);
        },
        progress: (done) => out.update(done),
      },
    );
  } catch (error) {
    crashWith(error);
  } finally {
    out.stop();
  }
  const definitionOf = (report: SweepReport) => jobs[reports.indexOf(report)]!.definition;
  await explainFailures(args, lab, impl, reports, definitionOf, options).catch(crashWith);
  decideExit(reports.some((report) => report.verdict === "fail") ? FAILED_EXIT : OK_EXIT);
  if (args.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  else {
    const unknown = unknownChecksLine(reports);
    if (unknown) process.stdout.write(`${unknown}\n`);
    if (args["check-determinism"]) process.stdout.write(`${determinismLine(reports)}\n`);
    process.stdout.write(`${summaryLine(reports)}\n`);
  }
}

/**
 * Re-runs the first `--explain` failures here with everything recorded (the same runs: they are
 * deterministic), prints each explanation and writes each run's page.
 */
async function explainFailures(
  args: TestArgs,
  lab: Lab,
  impl: unknown,
  reports: SweepReport[],
  definitionOf: (report: SweepReport) => TestDefinition,
  options: JobOptions,
): Promise<void> {
  // A lost run (its worker went silent or died) cannot be explained by re-running it here.
  const failures = reports.filter((report) => report.verdict === "fail" && report.reason?.kind !== "lost").slice(0, Math.max(0, args.explain));
  for (const report of failures) {
    const explained = await reportFailure({ lab, impl, definition: definitionOf(report), seed: report.seed, options }, { dir: args.pages });
    if (explained.page) report.page = explained.page;
    if (args.json) continue;
    process.stdout.write(`${chalk.bold(`Why ${report.test} failed (seed ${report.seed}):`)}\n${explained.lines.map((line) => `${line}\n`).join("")}`);
    if (explained.page) process.stdout.write(`  page: ${explained.page}\n`);
  }
}
