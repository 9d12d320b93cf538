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
  "tests/kv/reference.test.ts", // every suite against the reference at many seeds
  "tests/kv/memory.test.ts", // runs of 20,000 to 100,000 clerks measuring heap growth
  "tests/kv/concurrent-resends.test.ts", // sweeps of resend schedules
  "tests/kv/sweep-cli.test.ts", // kvlab sweeps as processes
  "tests/forensics/explain.test.ts", // failing runs, then re-run for their explanations
  "tests/forensics/big-run.test.ts", // runs of tens of thousands of clerks and their pages
  "tests/fuzz/fuzz.test.ts", // fuzzing campaigns
  "tests/scenario/scenarios.test.ts", // every shipped scenario at its seeds
  "tests/cli/init.test.ts", // kvlab init, then the new lab's tests as processes
];

const slow = [...SLOW_SUFFIXES, ...SLOW_FILES];

export default defineConfig({
  test: {
    // Simulated runs are CPU-bound and deterministic; the default 5 s is only a guard against hangs.
    testTimeout: 60_000,
    // Hooks that start several CLI processes at once need more than the default 10 s on a loaded 2-core machine.
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "fast", include: ["tests/**/*.test.ts"], exclude: slow } },
      { extends: true, test: { name: "slow", include: slow } },
    ],
  },
});
