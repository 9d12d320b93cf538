// Bug: a leader commits an entry of an earlier term once a majority holds it (Figure 8), and a later
// leader that never had it overwrites the committed entry.
import { ReferenceRaft, type RaftImplementation } from "kvlab";

class CommitsEarlierTerm extends ReferenceRaft {
  protected override mayCommitByCounting(): boolean {
    return true;
  }
}

export default {
  name: "commits-earlier-term",
  make: (peers, me, persister, applyCh, env) => new CommitsEarlierTerm(peers, me, persister, applyCh, env),
} satisfies RaftImplementation;
