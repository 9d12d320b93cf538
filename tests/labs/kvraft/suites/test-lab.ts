import { runTest, type Lab, type TestReport } from "../../../../src/harness/index.js";
import { raftReference } from "../../../../src/labs/raft/index.js";
import { kvraftReference } from "../../../../src/labs/kvraft/reference/index.js";
import { kvraftSuites } from "../../../../src/labs/kvraft/suites/index.js";
import type { KvRaftTestDefinition } from "../../../../src/labs/kvraft/test-definition.js";
import { KvRaftWorld, type KvRaftImpl } from "../../../../src/labs/kvraft/world/index.js";

/** The reference KV layer over the reference Raft. */
export const referenceImpl: KvRaftImpl = { kvraft: kvraftReference, raft: raftReference };

/** A stand-in for the lab's plug-in, enough to run its suites through the harness's runTest. */
export const standInLab: Lab<KvRaftImpl, KvRaftWorld> = {
  name: "kvraft",
  title: "the replicated KV lab (stand-in)",
  module: import.meta.url,
  reference: referenceImpl,
  checkImplementation: (candidate) => candidate as KvRaftImpl,
  suites: kvraftSuites,
  world: (impl, options) => new KvRaftWorld(impl, options),
};

export default standInLab;

/** Every test of the suites, in order. */
export const allKvRaftTests: KvRaftTestDefinition[] = Object.values(kvraftSuites).flat();

/** One test at one seed on `impl` (the reference by default), as `kvlab test --lab kvraft` would run it. */
export function runKvRaftTest(definition: KvRaftTestDefinition, seed: number, impl: KvRaftImpl = referenceImpl): Promise<TestReport> {
  return runTest({ lab: standInLab as Lab, impl, definition: definition as never, seed, options: {} });
}
