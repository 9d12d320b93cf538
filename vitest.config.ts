import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Simulated runs are CPU-bound and deterministic; the default 5 s is only a guard against hangs.
    testTimeout: 60_000,
    // Hooks that start several CLI processes at once need more than the default 10 s on a loaded 2-core machine.
    hookTimeout: 120_000,
  },
});
