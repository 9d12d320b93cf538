import { loadImplementation as loadForLab, runTest, selectTests as selectForLab, type RunOptions, type TestReport } from "../../harness/index.js";
import type { KVImplementation } from "./contract.js";
import { kvLab } from "./lab.js";
import type { KvTestDefinition, SuiteName } from "./test-definition.js";

/** What a single run of a KV test may be given (see RunOptions): everything but the implementation's path. */
export type RunTestOptions = Omit<RunOptions, "implPath" | "checkDeterminism" | "scenarioFile" | "target">;

/**
 * Runs one KV test against `impl` at `seed`, in virtual time; never throws for a failure.
 *
 * @example
 * const report = await runLabTest(reference, allTests.find((t) => t.name === "TestReliablePut")!, 1);
 * report.verdict; // "pass"
 */
export function runLabTest(impl: KVImplementation, definition: KvTestDefinition, seed: number, options: RunTestOptions = {}): Promise<TestReport> {
  return runTest({ lab: kvLab, impl, definition, seed, options });
}

/**
 * The KV tests a `--suite` (one suite, several, or "all") and optional `--test` names select.
 *
 * @example
 * selectTests(["lock", "rust"], ["TestReliableBasic"]);
 */
export function selectTests(suite: SuiteName | "all" | readonly (SuiteName | "all")[], names: readonly string[] = []): KvTestDefinition[] {
  return selectForLab(kvLab, suite, names) as KvTestDefinition[];
}

/**
 * Loads a user's KV implementation from a .ts .mts .cts .js .mjs or .cjs module (its default export).
 *
 * @example
 * const impl = await loadImplementation("./my-kv.ts");
 */
export function loadImplementation(path: string): Promise<KVImplementation> {
  return loadForLab(kvLab, path);
}
