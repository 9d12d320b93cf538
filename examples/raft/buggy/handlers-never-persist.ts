// Bug: the RPC handlers never save the term, vote and log they change; only the peer's own steps
// (standing for election, start(), stepping down) save, so a restarted peer forgets a vote it cast
// or entries the leader counted as replicated.
import { ReferenceRaft, type RaftImplementation } from "kvlab";

class HandlersNeverPersist extends ReferenceRaft {
  protected override persistBeforeReply(): void {}
}

export default {
  name: "handlers-never-persist",
  make: (peers, me, persister, applyCh, env) => new HandlersNeverPersist(peers, me, persister, applyCh, env),
} satisfies RaftImplementation;
