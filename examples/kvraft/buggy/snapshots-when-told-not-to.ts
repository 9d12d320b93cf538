// Bug: the rsm compares the Raft state's size with maxraftstate without minding -1 (snapshots off),
// so with snapshots off it snapshots after every Op it applies.
import { kvraftReference, ReferenceKVServer, ReferenceRsm, type KVRaftImplementation } from "kvlab";

class SnapshotsWhenToldNotTo extends ReferenceRsm {
  protected override snapshotDue(raftStateSize: number): boolean {
    return raftStateSize >= this.maxRaftState;
  }
}

const makeRsm: KVRaftImplementation["makeRsm"] = (...args) => new SnapshotsWhenToldNotTo(...args);

export default {
  name: "snapshots-when-told-not-to",
  makeRsm,
  startKVServer: (...args) => new ReferenceKVServer(...args, makeRsm),
  makeClerk: kvraftReference.makeClerk,
} satisfies KVRaftImplementation;
