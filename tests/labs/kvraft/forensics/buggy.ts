import { fileURLToPath } from "node:url";
import { loadImplementation, type Lab } from "../../../../src/harness/index.js";
import { kvraftLab, kvraftReference, ReferenceKVServer, ReferenceRsm, type GetReply, type KvRaftImpl, type StateMachine } from "../../../../src/labs/kvraft/index.js";
import { raftReference } from "../../../../src/labs/raft/index.js";

/** One of examples/kvraft/buggy, loaded as `--impl` loads it. */
export function buggyExample(file: string): Promise<KvRaftImpl> {
  return loadImplementation<KvRaftImpl>(kvraftLab as Lab<KvRaftImpl>, fileURLToPath(new URL(`../../../../examples/kvraft/buggy/${file}`, import.meta.url)));
}

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

/** Servers that apply every put whatever its version: two clerks' puts at one version both answer OK (TestConcurrent4B, seeds 1-3: not linearizable). */
export const putsWithoutVersionCheck: KvRaftImpl = {
  kvraft: {
    ...kvraftReference,
    name: "puts-without-version-check",
    startKVServer: (servers, me, persister, maxRaftState, env, raft) =>
      new ReferenceKVServer(servers, me, persister, maxRaftState, env, raft, (s, m, p, x, sm, e, r) => new ReferenceRsm(s, m, p, x, withoutVersionCheck(sm), e, r)),
  },
  raft: raftReference,
};
