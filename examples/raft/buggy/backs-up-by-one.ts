// Bug: a leader whose AppendEntries is rejected backs nextIndex up by one entry, ignoring the
// follower's hints, so overwriting a long run of stale entries takes one round trip per entry.
import { ReferenceRaft, type RaftImplementation } from "kvlab";

class BacksUpByOne extends ReferenceRaft {
  protected override nextIndexAfterRejection(peer: number): number {
    return this.nextIndex[peer]! - 1;
  }
}

export default {
  name: "backs-up-by-one",
  make: (peers, me, persister, applyCh, env) => new BacksUpByOne(peers, me, persister, applyCh, env),
} satisfies RaftImplementation;
