/**
 * The versioned key/value lab: its contract (what users implement), the reference implementation,
 * its suites, and the lab itself as the harness's plug-in.
 */
export type { Err, GetArgs, GetReply, PutArgs, PutReply, KVService, Clerk, Lock, KVImplementation, ClientEnd, LabEnv } from "./contract.js";
export { ReferenceServer, applyGet, applyPut, type KVTable } from "./reference-server.js";
export { ReferenceClerk, RETRY_MS } from "./reference-clerk.js";
export { ReferenceLock, randomId } from "./reference-lock.js";
export { reference } from "./reference.js";
export { kvLab } from "./lab.js";
export { checkImplementation } from "./check-implementation.js";
export { allTests, suites } from "./suites/index.js";
export type { KvTestDefinition, SuiteName } from "./test-definition.js";
export type { KvWorld, WorldClerk } from "./world.js";
export { KvRecorder, type RecordedOp } from "./history.js";
// What a lab over this one (the replicated KV lab) explains its clerk calls with.
export { MessageIndex, describeAttempt, replyErr, type Attempt, type AttemptFate } from "./forensics/attempts.js";
export { describeCall, describeGetReply, quote, cut } from "./quote.js";
export { HOSTILE_KEYS } from "./keys.js";
export { runLabTest, selectTests, loadImplementation, type RunTestOptions } from "./package-api.js";
export { kvScenarios } from "./scenario/kv-scenarios.js";
export { SCENARIO_FORMAT, parseScenario, scenarioSchema, type Scenario, type ScenarioOp, type ScenarioFault, type ScenarioWorkload } from "./scenario/schema.js";
export { scenarioArbitrary, type ScenarioShape } from "./scenario/arbitraries.js";
export {
  readScenario,
  scenarioImplementation,
  scenarioRun,
  runScenario,
  fuzz,
  writeCounterexample,
  type ScenarioFile,
  type FuzzOptions,
  type FuzzResult,
  type Counterexample,
} from "./scenario/package-api.js";
