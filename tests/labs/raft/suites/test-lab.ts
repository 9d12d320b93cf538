import { runTest, type Lab, type TestReport } from "../../../../src/harness/index.js";
import type { RaftImplementation } from "../../../../src/labs/raft/contract.js";
import { raftReference } from "../../../../src/labs/raft/reference/index.js";
import { raftSuites } from "../../../../src/labs/raft/suites/index.js";
import type { RaftTestDefinition } from "../../../../src/labs/raft/test-definition.js";
import { RaftWorld } from "../../../../src/labs/raft/world/index.js";

/** The suites and the world as a lab of their own, so these tests run them through the harness as `kvlab test` does. */
const suitesLab: Lab<RaftImplementation, RaftWorld> = {
  name: "raft-suites",
  title: "the Raft suites",
  module: import.meta.url,
  reference: raftReference,
  checkImplementation: (candidate) => candidate as RaftImplementation,
  suites: raftSuites,
  world: (impl, options) => new RaftWorld(impl, options),
};

export default suitesLab;

/** Every test of the suites, in order. */
export const allRaftTests: RaftTestDefinition[] = Object.values(raftSuites).flat();

/** One test at one seed on `impl` (the reference by default), as the harness runs it. */
export function runRaftTest(definition: RaftTestDefinition, seed: number, impl: RaftImplementation = raftReference): Promise<TestReport> {
  return runTest({ lab: suitesLab as Lab, impl, definition: definition as never, seed, options: {} });
}
