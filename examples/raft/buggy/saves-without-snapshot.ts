// Bug: a peer passes its snapshot to the persister only when it takes a new one, so the next save
// (a vote, an entry) erases it, and a restart finds a trimmed log with no snapshot.
import { ReferenceRaft, type Bytes, type RaftImplementation } from "kvlab";

class SavesWithoutSnapshot extends ReferenceRaft {
  protected override snapshotToSave(snapshotIsNew: boolean): Bytes | null {
    return snapshotIsNew ? this.snapshotData : null;
  }
}

export default {
  name: "saves-without-snapshot",
  make: (peers, me, persister, applyCh, env) => new SavesWithoutSnapshot(peers, me, persister, applyCh, env),
} satisfies RaftImplementation;
