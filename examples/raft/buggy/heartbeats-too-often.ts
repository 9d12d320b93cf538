// Bug: the leader sends heartbeats a hundred times a second, ten times the tester's limit, so an
// idle cluster spends far more RPCs than the course allows.
import { ReferenceRaft, type RaftImplementation } from "kvlab";

class HeartbeatsTooOften extends ReferenceRaft {
  protected override heartbeatIntervalMs(): number {
    return 10;
  }
}

export default {
  name: "heartbeats-too-often",
  make: (peers, me, persister, applyCh, env) => new HeartbeatsTooOften(peers, me, persister, applyCh, env),
} satisfies RaftImplementation;
