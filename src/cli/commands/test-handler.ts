import chalk from "chalk";
import {
  allTestsOf,
  ambientLines,
  beginLine,
  closingLines,
  endLines,
  ImplementationError,
  interruptedLine,
  loadRunImplementation,
  resolveShard,
  planJobs,
  reportFailure,
  rerunCommand,
  runSweep,
  SelectionError,
  selectTests,
  shardReport,
  shardJobs,
  type JobOptions,
  type Run,
  type SweepReport,
  type TestDefinition,
} from "../../harness/index.js";
import { labs } from "../../labs/index.js";
import { decideExit, FAILED_EXIT, INTERRUPTED_EXIT, OK_EXIT, USAGE_EXIT } from "../exit-codes.js";
import { catchInterrupt } from "../interrupt.js";
import { stdoutForJson } from "../json-stdout.js";
import { progress } from "../progress.js";
import { partPaths } from "./part-options.js";
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
  // Set before the user's module loads: it may print as it is imported.
  const printJson = args.json ? stdoutForJson() : undefined;
  let impl: unknown;
  let tests: TestDefinition[];
  const parts = partPaths(args);
  try {
    impl = await loadRunImplementation(lab, { implPath: args.impl, parts });
    tests = selectTests(lab, args.suite, args.test);
  } catch (error) {
    if (!(error instanceof ImplementationError || error instanceof SelectionError)) throw error;
    decideExit(USAGE_EXIT);
    process.stderr.write(`kvlab test: ${error.message}\n`);
    return;
  }
  if (args.target !== undefined) return runTarget({ ...args, target: args.target, parts, printJson }, lab, impl, tests);
  const options: JobOptions = { implPath: args.impl, parts, checkSteps: args.budget, checkDeterminism: args["check-determinism"] };
  const everyRun = planJobs({ lab, impl, options }, tests, args.seed, args.seeds);
  const found = args.shard === undefined ? undefined : resolveShard(args.shard, process.env);
  const shard = typeof found === "object" ? found.shard : undefined;
  const runs = shard === undefined ? everyRun : shardJobs(everyRun, shard);
  const out = progress(runs.length, !args.json);
  if (typeof found === "object") {
    // Which shard --shard auto found is said on stderr with --json, whose stdout is the reports.
    const line = chalk.dim(`shard ${found.shard.index}/${found.shard.count}${found.from === "--shard" ? "" : ` from ${found.from}`}: ${runs.length} of the sweep's ${everyRun.length} runs\n`);
    if (!args.json) out.print(line);
    else if (found.from !== "--shard") process.stderr.write(line);
  }
  // --json's reports carry their run's place in the whole sweep and what reruns it, for kvlab merge.
  const place = new Map(everyRun.map((run, index) => [run, index] as const));
  const json = (done: readonly Finished[]) => JSON.stringify(done.map(({ run, report }) => shardReport(report, run, place.get(run)!, everyRun.length)), null, 2);
  const warned = new Set<string>();
  let reports: SweepReport[];
  // The runs that finished with their reports, in run order: --json still prints the reports if
  // kvlab itself fails on the way, and failures are explained by re-running their own runs.
  const finished: Finished[] = [];
  const crashWith: (error: unknown) => never = (error) => {
    printJson?.(`${json(finished)}\n`);
    throw error;
  };
  // Ctrl-C stops the sweep, which then ends with the runs that finished (see catchInterrupt).
  const interrupt = catchInterrupt();
  let failures = 0;
  try {
    reports = await runSweep(
      runs,
      { workers: args.workers, watchdogMs: args.watchdog * 1000, signal: interrupt.signal },
      {
        begin: (run) => {
          if (!args.json) out.print(`${beginLine(run.definition)}${args.seeds > 1 ? chalk.dim(` [seed ${run.seed}]`) : ""}\n`);
        },
        end: (report, run) => {
          finished.push({ run, report });
          if (args.json) return;
          // Each ambient call site is named once a sweep, except as a suspect beside a divergence.
          const ambient = (report.ambient ?? []).filter((use) => report.divergence !== undefined || !warned.has(`${use.api} ${use.site}`));
          for (const use of ambient) warned.add(`${use.api} ${use.site}`);
          const details = [...(report.divergence?.split("\n") ?? []), ...ambientLines(ambient)];
          out.print(`${endLines(report, rerunCommand(run), details).join("\n")}\n`);
        },
        progress: (done, report) => out.update(done, report.verdict === "fail" ? ++failures : failures),
      },
    );
  } catch (error) {
    crashWith(error);
  } finally {
    out.stop();
    interrupt.release();
  }
  // Stopped, it ends as a whole sweep does for the runs that finished, without explaining their
  // failures (that re-runs them; each failure's rerun line is printed), and says what did not run.
  const interrupted = reports.length < runs.length ? interruptedLine(runs, reports.length) : undefined;
  if (interrupted === undefined) await explainFailures(args, finished).catch(crashWith);
  decideExit(interrupted !== undefined ? INTERRUPTED_EXIT : reports.some((report) => report.verdict === "fail") ? FAILED_EXIT : OK_EXIT);
  if (interrupted !== undefined) (args.json ? process.stderr : process.stdout).write(`${interrupted}\n`);
  if (printJson) printJson(`${json(finished)}\n`);
  else {
    process.stdout.write(closingLines(reports, args["check-determinism"]).map((line) => `${line}\n`).join(""));
  }
}

/** A run of the sweep, and its report. */
interface Finished {
  run: Run;
  report: SweepReport;
}

/**
 * Re-runs the first `--explain` failures here with everything recorded (the same runs: they are
 * deterministic), prints each explanation and writes each run's page into its report.
 */
async function explainFailures(args: TestArgs, finished: readonly Finished[]): Promise<void> {
  // A lost run (its worker went silent or died) cannot be explained by re-running it here.
  const failures = finished.filter(({ report }) => report.verdict === "fail" && report.reason?.kind !== "lost").slice(0, Math.max(0, args.explain));
  for (const { run, report } of failures) {
    const explained = await reportFailure(run, { dir: args.pages });
    if (explained.page) report.page = explained.page;
    // A lab without explanations (or none for this run) gets no heading over nothing.
    if (args.json || (explained.lines.length === 0 && !explained.page)) continue;
    process.stdout.write(`${chalk.bold(`Why ${report.test} failed (seed ${report.seed}):`)}\n${explained.lines.map((line) => `${line}\n`).join("")}`);
    if (explained.page) process.stdout.write(`  page: ${explained.page}\n`);
  }
}
