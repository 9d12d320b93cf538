import { defineConfig } from "vitest/config";

/**
 * kvlab's tests are split in two projects so that `npm test` stays under two minutes on a 2-core
 * machine and developers run it often: `fast` (`vitest run --project fast`, in `npm test`) and
 * `slow` (`npm run test:slow`), which CI runs too. A test file is slow when a full run spends
 * seconds in it: it starts real processes (kvs-server, the pair, npm installs), opens a browser, or
 * sweeps many seeds. Slow files are named `*.slow.test.ts` (or `*.browser.test.ts`), or are listed
 * in SLOW_FILES below. Every other test file is fast: fast is "all but slow", so no file can be in
 * both or in neither, and tests/vitest-config.test.ts fails if a listed file no longer exists.
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
  "tests/labs/kv/scenario/regression.test.ts", // kvlab fuzz and replay as processes
  "tests/real/lab-target.test.ts", // kvlab test --target against kvs-server processes
  "tests/real/target-unreachable.test.ts", // kvlab test --target as processes
  "tests/harness/sweep/sweep.test.ts", // sweeps on worker threads
  "tests/check/search/partition-check.test.ts", // probes over many generated histories
];

const slow = [...SLOW_SUFFIXES, ...SLOW_FILES];

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
      { extends: true, test: { name: "fast", include: ["tests/**/*.test.ts"], exclude: slow, maxWorkers: 2 } },
      { extends: true, test: { name: "slow", include: slow } },
    ],
  },
});
