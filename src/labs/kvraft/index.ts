/**
 * The replicated KV lab: its contract (the rsm layer, the replicated KV server and the clerk a
 * student writes, over any Raft), the reference implementation, what checks a module's default
 * export against the contract, and the lab itself as the harness's plug-in.
 */
export type {
  Err,
  GetReply,
  PutReply,
  StateMachine,
  SubmitResult,
  Rsm,
  KVRaftServer,
  KVRaftImplementation,
  ClientEnd,
  LabEnv,
  Clerk,
  GetArgs,
  PutArgs,
  Bytes,
  RaftImplementation,
  RaftPeer,
  RaftPersister,
} from "./contract.js";
export { SERVER_CONTRACT_METHODS } from "./contract.js";
export { checkImplementation as checkKvRaftImplementation } from "./check-implementation.js";
export { kvraftReference, ReferenceRsm, ReferenceKVServer, ReferenceKVRaftClerk, type Op } from "./reference/index.js";
export { kvraftLab } from "./lab.js";
export type { KvRaftImpl, KvRaftWorld, CheckedHistory } from "./world/index.js";
export type { KvRaftSuiteName, KvRaftTestDefinition } from "./test-definition.js";
