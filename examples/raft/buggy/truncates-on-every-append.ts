// Bug: a follower cuts its log after prevLogIndex at every AppendEntries, conflict or not, so an old,
// delayed AppendEntries arriving after a newer one drops entries the leader already counted.
import { ReferenceRaft, type RaftImplementation } from "kvlab";

type Entries = Parameters<ReferenceRaft["mergeEntries"]>[1];

class TruncatesOnEveryAppend extends ReferenceRaft {
  protected override mergeEntries(prevLogIndex: number, entries: Entries): void {
    if (prevLogIndex < this.log.lastIndex) this.log.truncateFrom(prevLogIndex + 1);
    this.log.append(entries);
    this.unsaved = true;
  }
}

export default {
  name: "truncates-on-every-append",
  make: (peers, me, persister, applyCh, env) => new TruncatesOnEveryAppend(peers, me, persister, applyCh, env),
} satisfies RaftImplementation;
