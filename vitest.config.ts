import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Simulated runs are CPU-bound and deterministic; the default 5 s is only a guard against hangs.
    testTimeout: 60_000,
  },
});
