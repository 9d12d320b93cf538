// Bug: a peer grants its vote without the election restriction (§5.4.1), so a candidate whose log
// lacks committed entries can win and overwrite them on the others.
import { ReferenceRaft, type RaftImplementation } from "kvlab";

class VotesWithoutLogCheck extends ReferenceRaft {
  protected override candidateLogIsUpToDate(): boolean {
    return true;
  }
}

export default {
  name: "votes-without-log-check",
  make: (peers, me, persister, applyCh, env) => new VotesWithoutLogCheck(peers, me, persister, applyCh, env),
} satisfies RaftImplementation;
