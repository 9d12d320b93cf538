/**
 * kvlab/vitest: the KV lab's suites as vitest tests, so a student's own `npm test` runs them.
 */
import { kvLab, type KVImplementation, type KvTestDefinition, type SuiteName } from "./labs/kv/index.js";
import type { TestDefinition } from "./harness/index.js";
import { registerLabSuites, type RegisterOptions as LabRegisterOptions } from "./harness/vitest/index.js";

export { wallBudgetMs } from "./harness/vitest/index.js";

/** How the KV lab's suites are registered: the harness's options, with the KV lab's suite names and tests. */
export interface RegisterOptions extends Omit<LabRegisterOptions, "suite" | "timeoutMs"> {
  /** The suites to register, as `kvlab test --suite` takes them: one, several, or "all" (the default). */
  suite?: SuiteName | "all" | readonly (SuiteName | "all")[];
  /** Wall time each test may take, in ms, instead of {@link wallBudgetMs}: a number, or one per test. */
  timeoutMs?: number | ((test: KvTestDefinition) => number);
}

/**
 * Registers the KV lab's suites as vitest tests for `impl`: one vitest test per (test, seed), each
 * with a timeout that fits it (see wallBudgetMs; `timeoutMs` overrides it). A failure's message
 * is the lab's Fatal text, its explanation, the path of its page (written to kvlab-runs/) and the
 * command that reruns it as printed (see `implPath`).
 *
 * @example
 * // my-kv.test.ts
 * import { registerSuites } from "kvlab/vitest";
 * import impl from "./my-kv.js";
 * registerSuites(impl, { suite: ["kvsrv", "lock"], seeds: [1, 2, 3], implPath: "./my-kv.ts" });
 */
export function registerSuites(impl: KVImplementation, options: RegisterOptions = {}): void {
  const { timeoutMs, ...rest } = options;
  // The KV lab's tests are KvTestDefinitions: a per-test timeout sees them as such.
  const perTest = typeof timeoutMs === "function" ? (test: TestDefinition) => timeoutMs(test as KvTestDefinition) : timeoutMs;
  registerLabSuites(kvLab, impl, { ...rest, ...(perTest === undefined ? {} : { timeoutMs: perTest }) });
}
