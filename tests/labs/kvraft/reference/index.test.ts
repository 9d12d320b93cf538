import { describe, expect, it } from "vitest";
import { Persister, Simulation } from "../../../../labnet/index.js";
import { KVStateMachine, ReferenceKVRaftClerk, ReferenceKVServer, ReferenceRsm, kvraftReference } from "../../../../src/labs/kvraft/reference/index.js";
import { ReferenceRaft, raftReference } from "../../../../src/labs/raft/reference/index.js";

describe("the replicated KV lab's reference face", () => {
  it("kvraftReference makes the reference rsm, server and clerk, over the Raft it is given", async () => {
    const env = new Simulation({ seed: 1 }).env("server-0");
    const lonePeer = [{ call: async () => undefined }];
    const rsm = kvraftReference.makeRsm(lonePeer, 0, new Persister(), -1, new KVStateMachine(), env, raftReference);
    expect(kvraftReference.name).toBe("reference");
    expect(rsm).toBeInstanceOf(ReferenceRsm);
    expect(rsm.raft()).toBeInstanceOf(ReferenceRaft);
    expect(await rsm.submit({ op: "get", key: "x" })).toEqual({ err: "ErrWrongLeader" });
    rsm.raft().kill();
    const server = kvraftReference.startKVServer(lonePeer, 0, new Persister(), -1, env, raftReference);
    expect(server).toBeInstanceOf(ReferenceKVServer);
    expect(server.raft()).toBeInstanceOf(ReferenceRaft);
    server.raft().kill();
    expect(kvraftReference.makeClerk(lonePeer, env)).toBeInstanceOf(ReferenceKVRaftClerk);
  });
});
