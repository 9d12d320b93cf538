// Bug: the rsm never snapshots, so however large maxraftstate says the Raft state may grow, its
// log is never trimmed.
import { kvraftReference, ReferenceKVServer, ReferenceRsm, type KVRaftImplementation } from "kvlab";

class NeverSnapshots extends ReferenceRsm {
  protected override snapshotDue(): boolean {
    return false;
  }
}

const makeRsm: KVRaftImplementation["makeRsm"] = (...args) => new NeverSnapshots(...args);

export default {
  name: "never-snapshots",
  makeRsm,
  startKVServer: (...args) => new ReferenceKVServer(...args, makeRsm),
  makeClerk: kvraftReference.makeClerk,
} satisfies KVRaftImplementation;
