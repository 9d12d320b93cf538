/**
 * kvlab: the KV lab's contract, the reference implementation, the suites and the checker.
 * The simulated network is at "kvlab/labnet"; vitest registration at "kvlab/vitest".
 */
export type { Err, GetArgs, GetReply, PutArgs, PutReply, KVService, Clerk, Lock, KVImplementation, ClientEnd, LabEnv } from "./labs/kv/index.js";
export { reference, ReferenceServer, ReferenceClerk, ReferenceLock } from "./labs/kv/index.js";
export { runLabTest, type TestReport, type RunTestOptions } from "./harness/run-test.js";
export { selectTests } from "./harness/select.js";
export { allTests, suites } from "./labs/kv/suites/index.js";
export type { LabTestDefinition, SuiteName } from "./harness/test-definition.js";
export { loadImplementation, checkImplementation, ImplementationError } from "./harness/load/load-implementation.js";
export * from "./harness/scenario/index.js";
export { scenarioArbitrary, type ScenarioShape } from "./labs/kv/scenario/arbitraries.js";
export { fuzz, type FuzzOptions, type FuzzResult, type Counterexample } from "./harness/fuzz/fuzz.js";
export { writeCounterexample } from "./harness/fuzz/counterexample-files.js";
export * from "./check/index.js";
