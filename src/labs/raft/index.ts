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
