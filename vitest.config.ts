import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * kvlab's tests are split so that `npm test` stays under two minutes on a 2-core machine and
 * developers run it often: `npm test` runs the projects `fast` and `mocking`, `npm run test:slow`
 * the project `slow`, and CI runs both. A test file is slow when a full run spends seconds in it:
 * it starts real processes (kvs-server, the pair, npm installs), opens a browser, or sweeps many
 * seeds. Slow files are named `*.slow.test.ts` (or `*.browser.test.ts`), or are listed in
 * SLOW_FILES below. The other files run in `fast`, where each worker loads kvlab's modules once for
 * all its files (most of a file's cost was loading them again), except those that replace modules
 * with vi.mock, which need modules of their own: they run in `mocking`, found by that call. Each
 * project is "all but the others", so no file can be in two or in none, and
 * tests/vitest-config.test.ts fails if a listed file no longer exists.
 */
export const SLOW_SUFFIXES = ["tests/**/*.slow.test.ts", "tests/**/*.browser.test.ts"];

/** Slow files known by name (seconds each in a full run), kept by name while their folders move. */
export const SLOW_FILES = [
  "tests/labs/kv/reference.test.ts", // every suite against the reference at many seeds
  "tests/labs/kv/suites/memory.test.ts", // runs of 20,000 to 100,000 clerks measuring heap growth
  "tests/labs/kv/concurrent-resends.test.ts", // sweeps of resend schedules
  "tests/cli/commands/test-sweep.test.ts", // kvlab sweeps as processes
  "tests/labs/kv/forensics/explain.test.ts", // failing runs, then re-run for their explanations
  "tests/labs/kv/forensics/big-run.test.ts", // runs of tens of thousands of clerks and their pages
  "tests/labs/kv/scenario/fuzz.test.ts", // fuzzing campaigns
  "tests/labs/kv/scenario/scenarios.test.ts", // every shipped scenario at its seeds
  "tests/cli/init.test.ts", // kvlab init, then the new lab's tests as processes
  "tests/labs/kv/examples.test.ts", // every buggy example through the suites
  "tests/harness/vitest/rerun.test.ts", // vitest runs as processes
  "tests/harness/vitest/timeouts.test.ts", // a vitest run as a process, one of its tests timed out
  "tests/labs/kv/scenario/regression.test.ts", // kvlab fuzz and replay as processes
  "tests/cli/commands/test-target-kvs.test.ts", // kvlab test --target against kvs-server processes
  "tests/cli/commands/test-target-unreachable.test.ts", // kvlab test --target as processes
  "tests/harness/sweep/sweep.test.ts", // sweeps on worker threads
  "tests/check/search/partition-check.test.ts", // probes over many generated histories
];

const slow = [...SLOW_SUFFIXES, ...SLOW_FILES];

/** Test files that call vi.mock or vi.doMock (a module replaced for that file alone). */
export const MOCKING_FILES = readdirSync(join(import.meta.dirname, "tests"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".test.ts") && /\bvi\.(mock|doMock)\(/.test(readFileSync(join(import.meta.dirname, "tests", file), "utf8")))
  .map((file) => `tests/${file}`)
  .sort();

export default defineConfig({
  test: {
    // Simulated runs are CPU-bound and deterministic; the default 5 s is only a guard against hangs.
    testTimeout: 60_000,
    // Hooks that start several CLI processes at once need more than the default 10 s on a loaded 2-core machine.
    hookTimeout: 120_000,
    projects: [
      // Vitest leaves a core to itself by default, which on 2 cores runs one file at a time; the
      // fast files are light and deterministic, so they take both. The slow ones keep the default:
      // their real processes need the other core.
      { extends: true, test: { name: "fast", include: ["tests/**/*.test.ts"], exclude: [...slow, ...MOCKING_FILES], isolate: false, maxWorkers: 2 } },
      { extends: true, test: { name: "mocking", include: MOCKING_FILES, exclude: slow, maxWorkers: 2 } },
      // A run of files from both (`vitest run tests/check`) runs the slow ones after the others:
      // vitest runs projects with different worker counts in groups of their own.
      { extends: true, test: { name: "slow", include: slow, sequence: { groupOrder: 1 } } },
    ],
  },
});
