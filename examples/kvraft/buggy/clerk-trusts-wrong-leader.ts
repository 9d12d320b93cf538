// Bug: the clerk takes ErrWrongLeader to mean its put was not applied, so after refusals alone it
// reports a retry's ErrVersion as is; but a leader that lost its term after starting the put left
// it in logs where the next leader committed it, and the put it calls failed did happen (the
// answer must be ErrMaybe).
import { kvraftReference, ReferenceKVRaftClerk, type KVRaftErr, type KVRaftImplementation } from "kvlab";

class TrustsWrongLeader extends ReferenceKVRaftClerk {
  protected override mayHaveApplied(reply: { err: KVRaftErr } | undefined): boolean {
    return reply === undefined;
  }
}

export default {
  name: "clerk-trusts-wrong-leader",
  makeRsm: kvraftReference.makeRsm,
  startKVServer: kvraftReference.startKVServer,
  makeClerk: (...args) => new TrustsWrongLeader(...args),
} satisfies KVRaftImplementation;
