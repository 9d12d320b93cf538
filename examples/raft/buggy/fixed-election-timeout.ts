// Bug: every peer waits the same election timeout, so peers that time out together split the vote,
// and do so again at every term.
import { ReferenceRaft, type RaftImplementation } from "kvlab";

class FixedElectionTimeout extends ReferenceRaft {
  protected override electionTimeoutMs(): number {
    return 400;
  }
}

export default {
  name: "fixed-election-timeout",
  make: (peers, me, persister, applyCh, env) => new FixedElectionTimeout(peers, me, persister, applyCh, env),
} satisfies RaftImplementation;
