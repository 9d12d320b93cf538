/**
 * kvlab/vitest: the KV lab's suites as vitest tests, so a student's own `npm test` runs them.
 */
import type { KVImplementation } from "./labs/kv/index.js";
import { kvLab } from "./labs/kv/index.js";
import { registerLabSuites, type RegisterOptions } from "./harness/vitest/index.js";

export { wallBudgetMs, type RegisterOptions } from "./harness/vitest/index.js";

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
  registerLabSuites(kvLab, impl, options);
}
