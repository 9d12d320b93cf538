/**
 * The Raft lab: its contract (what a student's Raft peer is given and offers), the reference Raft,
 * what checks a module's default export against the contract, and the lab itself as the harness's
 * plug-in.
 */
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
  ClientEnd,
  LabEnv,
} from "./contract.js";
export { CONTRACT_METHODS } from "./contract.js";
export { checkImplementation as checkRaftImplementation } from "./check-implementation.js";
export { ReferenceRaft, raftReference } from "./reference/index.js";
export { raftLab } from "./lab.js";
export type { RaftSuiteName, RaftTestDefinition } from "./test-definition.js";
export { RaftForensicRecord, type RoleChange, type CommitSeen, type SampledRole } from "./world/index.js";
export { goValue, sameCommand } from "./world/format.js";
export {
  traceWithExecutions,
  roleSpans,
  timelineLines,
  roleWords,
  ms,
  roleBands,
  failedRunHead,
  Executions,
  traceMessages,
  type RoleSpan,
  type LifeEvent,
  type NetworkChange,
  type PeerName,
} from "./forensics/index.js";
/** The fault timeline and its scenario pieces, for a lab whose members are Raft peers (the replicated KV lab's servers). */
export { faultSchema, checkFaultMembers, parseScenarioWith, rawFault, resolveFault, networkArbitrary, runFaultTimeline, healEverything, scenarioSeed, MIN_PEERS, MAX_PEERS, MAX_RAFT_CLIENTS, MAX_SCENARIO_MS, RAFT_NETWORK_NAMES, RAFT_SCENARIO_FORMAT, type FaultTarget, type RaftFault, type RawFault } from "./scenario/index.js";
