// Bug: a leader serves a get from its own table without going through the log, so a leader cut
// off in a minority, not yet aware that another leads, answers with a value the majority has
// since overwritten.
import { kvraftReference, ReferenceKVServer, type GetArgs, type KVRaftGetReply, type KVRaftImplementation } from "kvlab";

class ReadsLocally extends ReferenceKVServer {
  override async get(args: GetArgs): Promise<KVRaftGetReply> {
    if (!this.raft().getState().isLeader) return { value: "", version: 0, err: "ErrWrongLeader" };
    return this.sm.doOp({ op: "get", key: args.key }) as KVRaftGetReply;
  }
}

export default {
  name: "reads-locally",
  makeRsm: kvraftReference.makeRsm,
  startKVServer: (...args) => new ReadsLocally(...args),
  makeClerk: kvraftReference.makeClerk,
} satisfies KVRaftImplementation;
