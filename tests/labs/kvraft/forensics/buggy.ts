import { kvraftReference, ReferenceKVServer, ReferenceRsm, type KVRaftImplementation } from "../../../../src/labs/kvraft/index.js";
import type { GetArgs, GetReply, StateMachine } from "../../../../src/labs/kvraft/index.js";
import type { KvRaftImpl } from "../../../../src/labs/kvraft/world/index.js";
import { raftReference } from "../../../../src/labs/raft/index.js";

/** A server that answers a get from its own table while its Raft says it leads, without the log: a cut-off leader reads stale. */
class ReadsLocally extends ReferenceKVServer {
  override async get(args: GetArgs): Promise<GetReply> {
    if (!this.raft().getState().isLeader) return { value: "", version: 0, err: "ErrWrongLeader" };
    return this.sm.doOp({ op: "get", key: args.key }) as GetReply;
  }
}

/** An rsm that answers OK with whatever Op was applied at its index, its own or another's. */
class AnswersForAnyOp extends ReferenceRsm {
  protected override answer(_waiterId: string, _applied: unknown, value: unknown) {
    return { err: "OK" as const, value };
  }
}

export const readsLocally: KvRaftImpl = {
  kvraft: { ...kvraftReference, name: "reads-locally", startKVServer: (...args) => new ReadsLocally(...args) } satisfies KVRaftImplementation,
  raft: raftReference,
};

export const answersForAnyOp: KvRaftImpl = {
  kvraft: {
    ...kvraftReference,
    name: "answers-for-any-op",
    makeRsm: (...args) => new AnswersForAnyOp(...args),
    startKVServer: (servers, me, persister, maxRaftState, env, raft) =>
      new ReferenceKVServer(servers, me, persister, maxRaftState, env, raft, (...args) => new AnswersForAnyOp(...args)),
  },
  raft: raftReference,
};

/** The KV table as a server without the version check applies it: every put lands, at the key's next version. */
function withoutVersionCheck(sm: StateMachine): StateMachine {
  return {
    doOp: (req) => {
      const op = req as { op: string; key: string };
      if (op.op !== "put") return sm.doOp(req);
      const { version } = sm.doOp({ op: "get", key: op.key }) as GetReply;
      return sm.doOp({ ...op, version });
    },
    snapshot: () => sm.snapshot(),
    restore: (snapshot) => sm.restore(snapshot),
  };
}

export const putsWithoutVersionCheck: KvRaftImpl = {
  kvraft: {
    ...kvraftReference,
    name: "puts-without-version-check",
    startKVServer: (servers, me, persister, maxRaftState, env, raft) =>
      new ReferenceKVServer(servers, me, persister, maxRaftState, env, raft, (s, m, p, x, sm, e, r) => new ReferenceRsm(s, m, p, x, withoutVersionCheck(sm), e, r)),
  },
  raft: raftReference,
};
