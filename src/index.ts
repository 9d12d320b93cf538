/**
 * kvlab: the KV lab's contract, the reference implementation, the suites and the checker.
 * The simulated network is at "kvlab/labnet"; vitest registration at "kvlab/vitest".
 */
export type { Err, GetArgs, GetReply, PutArgs, PutReply, KVService, Clerk, Lock, KVImplementation, ClientEnd, LabEnv } from "./kv/index.js";
export { reference, ReferenceServer, ReferenceClerk, ReferenceLock } from "./kv/index.js";
export { runLabTest, type TestReport, type RunTestOptions } from "./lab/run-test.js";
export { selectTests } from "./lab/select.js";
export { allTests, suites } from "./lab/suites/index.js";
export type { LabTestDefinition, SuiteName } from "./lab/suite.js";
export { loadImplementation, checkImplementation, ImplementationError } from "./lab/load-implementation.js";
export * from "./lab/scenario/index.js";
export { scenarioArbitrary, type ScenarioShape } from "./lab/fuzz/arbitraries.js";
export { fuzz, type FuzzOptions, type FuzzResult, type Counterexample } from "./lab/fuzz/fuzz.js";
export { writeCounterexample } from "./lab/fuzz/counterexample-files.js";
export * from "./check/index.js";
