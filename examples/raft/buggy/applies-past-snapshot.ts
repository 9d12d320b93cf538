// Bug: after installing a leader's snapshot, the applier skips it and goes on with the commands
// after it, so the service, which never got the snapshot, sees those commands out of order.
import { ReferenceRaft, type ApplyMsg, type RaftImplementation } from "kvlab";

class AppliesPastSnapshot extends ReferenceRaft {
  protected override nextApplyMsg(): ApplyMsg | undefined {
    const next = Math.max(this.lastApplied, this.log.snapshotIndex) + 1;
    if (next > this.commitIndex) return undefined;
    return { commandValid: true, command: this.log.entry(next).command, commandIndex: next };
  }
}

export default {
  name: "applies-past-snapshot",
  make: (peers, me, persister, applyCh, env) => new AppliesPastSnapshot(peers, me, persister, applyCh, env),
} satisfies RaftImplementation;
