import { stripVTControlCharacters } from "node:util";
import { describe, it } from "vitest";
import type { KVImplementation } from "../kv/index.js";
import { reportFailure } from "./forensics/report-failure.js";
import { runLabTest } from "./run-test.js";
import { selectTests } from "./select.js";
import type { SuiteName } from "./suite.js";
import { kvlabCommand } from "./kvlab-command.js";

export interface RegisterOptions {
  suite?: SuiteName | "all";
  tests?: string[];
  /** Seeds to run each test with (default [1]). */
  seeds?: number[];
}

/**
 * Registers the lab's suites as vitest tests for `impl`: one vitest test per (test, seed). A
 * failure's message is the lab's Fatal text, its explanation, the path of its page (written to
 * kvlab-runs/) and the command that reruns it.
 *
 * @example
 * // my-kv.test.ts
 * import { registerSuites } from "kvlab/vitest";
 * import impl from "./my-kv.js";
 * registerSuites(impl, { suite: "kvsrv", seeds: [1, 2, 3] });
 */
export function registerSuites(impl: KVImplementation, options: RegisterOptions = {}): void {
  const seeds = options.seeds ?? [1];
  for (const test of selectTests(options.suite ?? "all", options.tests)) {
    describe(`${test.suite} ${test.name}`, () => {
      for (const seed of seeds) {
        it.skipIf(test.needsLock === true && impl.createLock === undefined)(`seed ${seed}`, async () => {
          const report = await runLabTest(impl, test, seed);
          if (report.verdict === "fail") {
            const rerun = kvlabCommand(["test", "--impl", "<your module>", "--test", test.name, "--seed", seed]);
            const explained = await reportFailure(impl, test, seed, { rerun });
            const why = explained.lines.map(stripVTControlCharacters);
            throw new Error([`Fatal: ${report.message}`, ...why, ...(explained.page ? [`page: ${explained.page}`] : []), `rerun: ${rerun}`].join("\n"));
          }
        });
      }
    });
  }
}
