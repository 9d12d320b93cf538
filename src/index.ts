/**
 * kvlab: the KV lab's contract, the reference implementation, the suites, scenarios and fuzzing;
 * the Raft lab's contract, reference Raft and the lab itself; the replicated KV lab's contract,
 * reference and the lab itself; and the checker. The simulated network is at "kvlab/labnet"; vitest
 * registration at "kvlab/vitest".
 */
export type { Err, GetArgs, GetReply, PutArgs, PutReply, KVService, Clerk, Lock, KVImplementation, ClientEnd, LabEnv } from "./labs/kv/index.js";
export { reference, ReferenceServer, ReferenceClerk, ReferenceLock } from "./labs/kv/index.js";
export { runLabTest, selectTests, loadImplementation, checkImplementation, allTests, suites, type RunTestOptions, type SuiteName } from "./labs/kv/index.js";
/** A test of the KV lab (the name kvlab has always exported; the harness calls it a KvTestDefinition). */
export type { KvTestDefinition as LabTestDefinition } from "./labs/kv/index.js";
/** The Raft lab's contract: what a student's peer (`kvlab test --lab raft --impl`) is given and offers. */
export type {
  Bytes,
  RaftPersister,
  CommandMsg,
  SnapshotMsg,
  ApplyMsg,
  ApplyChannel,
  StartResult,
  RaftState,
  RaftInspection,
  RaftPeer,
  RaftImplementation,
} from "./labs/raft/index.js";
export { ReferenceRaft, raftReference, raftLab } from "./labs/raft/index.js";
/**
 * The replicated KV lab's contract: the rsm layer, the replicated KV server and the clerk a student
 * writes (`kvlab test --lab kvraft --impl`), over a Raft (`--raft`). Its Err, GetReply and PutReply
 * add ErrWrongLeader to the KV lab's; the clerk answers the KV lab's Clerk types.
 */
export type {
  Err as KVRaftErr,
  GetReply as KVRaftGetReply,
  PutReply as KVRaftPutReply,
  StateMachine,
  SubmitResult,
  Rsm,
  KVRaftServer,
  KVRaftImplementation,
} from "./labs/kvraft/index.js";
export { kvraftReference, kvraftLab } from "./labs/kvraft/index.js";
/** The replicated KV lab's reference classes, whose protected hooks a buggy KV layer overrides (examples/kvraft/buggy). */
export { ReferenceRsm, ReferenceKVServer, ReferenceKVRaftClerk, type Op as RsmOp } from "./labs/kvraft/index.js";
export { ImplementationError, type TestReport } from "./harness/index.js";
export {
  SCENARIO_FORMAT,
  parseScenario,
  scenarioSchema,
  readScenario,
  scenarioImplementation,
  runScenario,
  scenarioArbitrary,
  fuzz,
  writeCounterexample,
  type Scenario,
  type ScenarioOp,
  type ScenarioFault,
  type ScenarioWorkload,
  type ScenarioFile,
  type ScenarioShape,
  type FuzzOptions,
  type FuzzResult,
  type Counterexample,
} from "./labs/kv/index.js";
export { runScenarioFile } from "./labs/scenario-files.js";
export {
  ScenarioError,
  writeScenario,
  expectedTrace,
  expectationProblems,
  traceLines,
  replayOutcome,
  replaySucceeded,
  type ScenarioRunOptions,
  type ReplayOutcome,
} from "./harness/index.js";
export {
  check,
  explain,
  operationText,
  stateText,
  fromEvents,
  HistoryError,
  validateHistory,
  stateHash,
  powerset,
  findModel,
  shippedModels,
  FORMAT_NAMES,
  readHistory,
  sniffFormat,
  FormatError,
  kvModel,
  kvStrictModel,
  appendKvModel,
  casRegisterModel,
  registerModel,
  minimalIllegalHistory,
  renderRunView,
  type Candidate,
  type CheckOptions,
  type CheckResult,
  type DeadEnd,
  type PartitionResult,
  type UnknownReason,
  type Verdict,
  type ExplainOptions,
  type HistoryEvent,
  type Operation,
  type Model,
  type NondeterministicModel,
  type ReadEvidence,
  type ShippedModel,
  type FormatName,
  type LoadedHistory,
  type KvErr,
  type KvInput,
  type KvOutput,
  type KvState,
  type AppendKvInput,
  type AppendKvOutput,
  type AppendKvState,
  type CasInput,
  type CasOutput,
  type ExactInteger,
  type RegisterInput,
  type RegisterOutput,
  type RegisterValue,
  type MinimalHistory,
  type RunView,
} from "./check/index.js";
