/**
 * The replicated KV lab's reference: the rsm over any Raft, the replicated KV server on it, and the
 * clerk that finds the leader. `kvlab test --lab kvraft` runs it when no --impl is given.
 */
import type { KVRaftImplementation } from "../contract.js";
import { ReferenceKVRaftClerk } from "./clerk.js";
import { ReferenceRsm } from "./rsm.js";
import { ReferenceKVServer } from "./server.js";

export { ReferenceRsm, LEADERSHIP_CHECK_MS, type Op } from "./rsm.js";
export { ReferenceKVServer, type MakeRsm } from "./server.js";
export { ReferenceKVRaftClerk, ROUND_PAUSE_MS } from "./clerk.js";
export { KVStateMachine, type KVOp } from "./kv-state-machine.js";
export { encodeRsmSnapshot, decodeRsmSnapshot, type RsmSnapshot } from "./snapshot-codec.js";

/** The reference as `kvlab test --lab kvraft` loads an implementation. */
export const kvraftReference: KVRaftImplementation = {
  name: "reference",
  makeRsm: (servers, me, persister, maxRaftState, sm, env, raft) => new ReferenceRsm(servers, me, persister, maxRaftState, sm, env, raft),
  startKVServer: (servers, me, persister, maxRaftState, env, raft) => new ReferenceKVServer(servers, me, persister, maxRaftState, env, raft),
  makeClerk: (servers, env) => new ReferenceKVRaftClerk(servers, env),
};
