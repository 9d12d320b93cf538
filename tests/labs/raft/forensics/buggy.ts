import { ReferenceRaft, type RaftImplementation } from "../../../../src/labs/raft/index.js";

/** A Raft that grants its vote without the up-to-date check: a stale candidate wins and overwrites committed entries. */
class VotesForAnyLog extends ReferenceRaft {
  protected override candidateLogIsUpToDate(): boolean {
    return true;
  }
}

/** A Raft whose leader commits entries of earlier terms by counting replicas (Figure 8's bug). */
class CommitsByCounting extends ReferenceRaft {
  protected override mayCommitByCounting(): boolean {
    return true;
  }
}

export const votesForAnyLog: RaftImplementation = { name: "votes-for-any-log", make: (...args) => new VotesForAnyLog(...args) };
export const commitsByCounting: RaftImplementation = { name: "commits-by-counting", make: (...args) => new CommitsByCounting(...args) };
