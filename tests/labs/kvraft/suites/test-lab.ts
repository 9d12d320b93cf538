import { runTest, type Lab, type TestReport } from "../../../../src/harness/index.js";
import { kvraftLab } from "../../../../src/labs/kvraft/index.js";
import { kvraftSuites } from "../../../../src/labs/kvraft/suites/index.js";
import type { KvRaftTestDefinition } from "../../../../src/labs/kvraft/test-definition.js";
import type { KvRaftImpl } from "../../../../src/labs/kvraft/world/index.js";

/** The reference KV layer over the reference Raft: the lab's own reference. */
export const referenceImpl: KvRaftImpl = kvraftLab.reference;

/** Every test of the suites, in order. */
export const allKvRaftTests: KvRaftTestDefinition[] = Object.values(kvraftSuites).flat();

/** One test at one seed on `impl` (the reference by default), as `kvlab test --lab kvraft` runs it. */
export function runKvRaftTest(definition: KvRaftTestDefinition, seed: number, impl: KvRaftImpl = referenceImpl): Promise<TestReport> {
  return runTest({ lab: kvraftLab as Lab, impl, definition: definition as never, seed, options: {} });
}
