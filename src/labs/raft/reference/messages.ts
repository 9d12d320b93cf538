import type { Bytes } from "../contract.js";
import type { Entry } from "./log.js";

/** Figure 2's RequestVote arguments. */
export interface RequestVoteArgs {
  term: number;
  candidateId: number;
  lastLogIndex: number;
  lastLogTerm: number;
}

export interface RequestVoteReply {
  term: number;
  voteGranted: boolean;
}

/** Figure 2's AppendEntries arguments (a heartbeat has no entries). */
export interface AppendEntriesArgs {
  term: number;
  leaderId: number;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: Entry[];
  leaderCommit: number;
}

/**
 * Figure 2's reply, with the course's fast-backup hints for a rejection (-1 when unused):
 * `xTerm` is the term of the follower's conflicting entry at prevLogIndex, `xIndex` the first index
 * it holds of that term, and `xLen` the follower's log length counting index 0 (its last index + 1),
 * for when its log is too short to have prevLogIndex at all.
 */
export interface AppendEntriesReply {
  term: number;
  success: boolean;
  xTerm: number;
  xIndex: number;
  xLen: number;
}

/** The paper's §7 InstallSnapshot, sent whole (the course sends no chunks). */
export interface InstallSnapshotArgs {
  term: number;
  leaderId: number;
  lastIncludedIndex: number;
  lastIncludedTerm: number;
  data: Bytes;
}

export interface InstallSnapshotReply {
  term: number;
}
