import { relative } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, it } from "vitest";
import { reportFailure } from "../forensics/report-failure.js";
import { shellWord } from "../command-line/index.js";
import type { Lab, TestDefinition } from "../lab.js";
import { rerunCommand } from "../rerun.js";
import { runTest } from "../run-test.js";
import { selectTests } from "../select.js";

export interface RegisterOptions {
  /** The suites to register, as `kvlab test --suite` takes them: one, several, or "all" (the default). */
  suite?: string | readonly string[];
  tests?: string[];
  /**
   * The path of `impl`'s module as `kvlab test --impl` takes it from the folder vitest runs in
   * (e.g. "./my-kv.ts"): a failure's rerun command is then `npx kvlab test --impl PATH …`.
   * Without it, the rerun is the vitest command that runs that one test again.
   */
  implPath?: string;
  /**
   * The paths of the lab's part modules `impl` holds (see Lab.parts), by flag, as `kvlab test`
   * takes them (e.g. `{ raft: "./my-raft.ts" }`): a failure's rerun command then names them too.
   */
  parts?: Readonly<Record<string, string>>;
  /** Seeds to run each test with (default [1]). */
  seeds?: number[];
  /** Wall time each test may take, in ms, instead of {@link wallBudgetMs}: a number, or one per test. */
  timeoutMs?: number | ((test: TestDefinition) => number);
}

/** The wall time a test of the lab's usual size may take under vitest: its run and, if it fails, the explanation's re-run. */
const WALL_BUDGET_MS = 60_000;
/** The virtual time limit a test of the usual size has (the simulation's default). */
const USUAL_TIME_LIMIT_MS = 120_000;

/**
 * The wall time a test may take, from its definition: a test of the usual size gets a minute,
 * more than it needs on a slow machine; a bigger one (a longer virtual time limit, such as the
 * 100,000-clerk memory test's ten minutes) gets as much more as its limit is longer.
 */
export function wallBudgetMs(test: TestDefinition): number {
  return Math.round(WALL_BUDGET_MS * Math.max(1, (test.timeLimitMs ?? USUAL_TIME_LIMIT_MS) / USUAL_TIME_LIMIT_MS));
}

/**
 * Registers the lab's suites as vitest tests for `impl`: one vitest test per (test, seed), each
 * with a timeout that fits it (see wallBudgetMs; `timeoutMs` overrides it). A failure's message
 * is the lab's Fatal text, its explanation, the path of its page (written to kvlab-runs/) and the
 * command that reruns it as printed (see `implPath`).
 *
 * @example
 * // my-kv.test.ts (the KV lab's registerSuites, from "kvlab/vitest", is this with the KV lab)
 * registerLabSuites(kvLab, impl, { suite: ["kvsrv", "lock"], seeds: [1, 2, 3], implPath: "./my-kv.ts" });
 */
export function registerLabSuites<Impl>(lab: Lab<Impl>, impl: Impl, options: RegisterOptions = {}): void {
  const seeds = options.seeds ?? [1];
  for (const test of selectTests(lab, options.suite ?? "all", options.tests ?? [])) {
    describe(`${test.suite} ${test.name}`, () => {
      for (const seed of seeds) {
        const timeout = typeof options.timeoutMs === "function" ? options.timeoutMs(test) : (options.timeoutMs ?? wallBudgetMs(test));
        // When vitest gives up on a test (its timeout), it aborts `signal`: the run stops at once,
        // so the next test's simulation can start, and nothing more is reported for this one.
        it.skipIf(lab.unsupported?.(impl, test) !== undefined)(`seed ${seed}`, { timeout }, async ({ signal, task }) => {
          const paths = { ...(options.implPath === undefined ? {} : { implPath: options.implPath }), ...(options.parts === undefined ? {} : { parts: options.parts }) };
          const run = { lab: lab as Lab, impl, definition: test, seed, options: { signal, ...paths } };
          const report = await runTest(run);
          if (report.verdict === "fail" && !signal.aborted) {
            const rerun = Object.keys(paths).length === 0 ? vitestCommand(task.file.filepath, `${test.suite} ${test.name} seed ${seed}`) : rerunCommand(run);
            const explained = await reportFailure(run, { rerun });
            if (signal.aborted) return;
            const why = explained.lines.map(stripVTControlCharacters);
            throw new Error([`Fatal: ${report.message}`, ...why, ...(explained.page ? [`page: ${explained.page}`] : []), `rerun: ${rerun}`].join("\n"));
          }
        });
      }
    });
  }
}

/** The vitest command, run where this one was, that runs the one test named `fullName` in `file`. */
function vitestCommand(file: string, fullName: string): string {
  const pattern = `^${fullName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
  return ["npx", "vitest", "run", relative(process.cwd(), file), "-t", pattern].map(shellWord).join(" ");
}
