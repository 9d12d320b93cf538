// Bug: the leader checks a put's version against its own table when the put comes in, and refuses
// it with ErrVersion there; but that table lags the log (a new leader has not yet applied what its
// predecessor committed), so it refuses a put whose version the service's state matches.
import { kvraftReference, ReferenceKVServer, type KVRaftGetReply, type KVRaftImplementation, type KVRaftPutReply, type PutArgs } from "kvlab";

class ChecksVersionAtSubmit extends ReferenceKVServer {
  override async put(args: PutArgs): Promise<KVRaftPutReply> {
    const seen = this.sm.doOp({ op: "get", key: args.key }) as KVRaftGetReply;
    if (this.raft().getState().isLeader && seen.version !== args.version) return { err: seen.err === "ErrNoKey" ? "ErrNoKey" : "ErrVersion" };
    return super.put(args);
  }
}

export default {
  name: "checks-version-at-submit",
  makeRsm: kvraftReference.makeRsm,
  startKVServer: (...args) => new ChecksVersionAtSubmit(...args),
  makeClerk: kvraftReference.makeClerk,
} satisfies KVRaftImplementation;
