import { runTest, type Lab, type TestReport } from "../../../../src/harness/index.js";
import { raftLab, raftReference, type RaftImplementation } from "../../../../src/labs/raft/index.js";
import { raftSuites } from "../../../../src/labs/raft/suites/index.js";
import type { RaftTestDefinition } from "../../../../src/labs/raft/test-definition.js";

/** Every test of the suites, in order. */
export const allRaftTests: RaftTestDefinition[] = Object.values(raftSuites).flat();

/** One test at one seed on `impl` (the reference by default), as `kvlab test --lab raft` runs it. */
export function runRaftTest(definition: RaftTestDefinition, seed: number, impl: RaftImplementation = raftReference): Promise<TestReport> {
  return runTest({ lab: raftLab as Lab, impl, definition: definition as never, seed, options: {} });
}
