/**
 * The reference Raft: a correct, readable Raft (the paper's Figure 2, §7's snapshots, the course's
 * fast backup) that passes the Raft lab's suites, and the base the buggy examples override.
 */
import type { RaftImplementation } from "../contract.js";
import { ReferenceRaft } from "./raft.js";

export { ReferenceRaft };
export type { Entry } from "./log.js";
export type { RequestVoteArgs, RequestVoteReply, AppendEntriesArgs, AppendEntriesReply, InstallSnapshotArgs, InstallSnapshotReply } from "./messages.js";

/** The reference as `kvlab test --lab raft` loads an implementation. */
export const raftReference: RaftImplementation = {
  name: "reference",
  make: (peers, me, persister, applyCh, env) => new ReferenceRaft(peers, me, persister, applyCh, env),
};
