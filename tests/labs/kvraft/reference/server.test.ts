import { describe, expect, it } from "vitest";
import { Persister, Server, Simulation } from "../../../../labnet/index.js";
import { type GetArgs, type GetReply, type KVRaftImplementation, type PutReply, SERVER_CONTRACT_METHODS } from "../../../../src/labs/kvraft/contract.js";
import { ReferenceKVServer, kvraftReference } from "../../../../src/labs/kvraft/reference/index.js";
import type { RaftImplementation } from "../../../../src/labs/raft/contract.js";
import { raftReference } from "../../../../src/labs/raft/reference/index.js";
import { KvGroup } from "./group.js";

/** Calls a server's handler in-process, as the network would. */
function handlers(group: KvGroup, i: number): { get(args: { key: string }): Promise<GetReply>; put(args: { key: string; value: string; version: number }): Promise<PutReply> } {
  return group.server(i) as unknown as ReturnType<typeof handlers>;
}

describe("ReferenceKVServer", () => {
  it("offers get and put as its only RPC handlers", async () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn("test", (env) => {
      const server = new ReferenceKVServer([{ call: async () => undefined }], 0, new Persister(), -1, env, raftReference);
      expect(Server.of(server, SERVER_CONTRACT_METHODS).methods()).toEqual(["get", "put"]);
      server.raft().kill();
    });
    await sim.run();
  });

  it("applies the KV lab's rules on the leader, in log order on every server; followers answer ErrWrongLeader", async () => {
    const group = new KvGroup({ seed: 2 });
    await group.run(async (env) => {
      const leader = await group.awaitLeader(env);
      const kv = handlers(group, leader);
      expect(await kv.get({ key: "x" })).toEqual({ value: "", version: 0, err: "ErrNoKey" });
      expect(await kv.put({ key: "x", value: "a", version: 1 })).toEqual({ err: "ErrNoKey" });
      expect(await kv.put({ key: "x", value: "a", version: 0 })).toEqual({ err: "OK" });
      expect(await kv.put({ key: "x", value: "b", version: 0 })).toEqual({ err: "ErrVersion" });
      expect(await kv.put({ key: "x", value: "b", version: 1 })).toEqual({ err: "OK" });
      expect(await kv.get({ key: "x" })).toEqual({ value: "b", version: 2, err: "OK" });
      const follower = (leader + 1) % 3;
      expect(await handlers(group, follower).get({ key: "x" })).toEqual({ value: "", version: 0, err: "ErrWrongLeader" });
      expect(await handlers(group, follower).put({ key: "x", value: "c", version: 2 })).toEqual({ err: "ErrWrongLeader" });
      group.crash(leader);
      const next = await group.awaitLeader(env);
      expect(await handlers(group, next).get({ key: "x" })).toEqual({ value: "b", version: 2, err: "OK" });
    });
  });

  it("checks a put's version when it is applied: of two puts with one version started together, the second fails", async () => {
    const group = new KvGroup({ seed: 3 });
    await group.run(async (env) => {
      const kv = handlers(group, await group.awaitLeader(env));
      expect(await Promise.all([kv.put({ key: "k", value: "1", version: 0 }), kv.put({ key: "k", value: "2", version: 0 })])).toEqual([{ err: "OK" }, { err: "ErrVersion" }]);
      expect(await kv.get({ key: "k" })).toEqual({ value: "1", version: 1, err: "OK" });
    });
  });

  it("serves no get from a leader cut off in a minority: it waits, then answers ErrWrongLeader once healed; a server reading its own table answers stale", async () => {
    class ReadsLocally extends ReferenceKVServer {
      override async get(args: GetArgs): Promise<GetReply> {
        if (!this.raft().getState().isLeader) return { value: "", version: 0, err: "ErrWrongLeader" };
        return this.sm.doOp({ op: "get", key: args.key }) as GetReply;
      }
    }
    for (const Kind of [ReferenceKVServer, ReadsLocally]) {
      const impl: KVRaftImplementation = { ...kvraftReference, startKVServer: (...args) => new Kind(...args) };
      const group = new KvGroup({ seed: 4, n: 5, impl });
      await group.run(async (env) => {
        const leader = await group.awaitLeader(env);
        expect(await handlers(group, leader).put({ key: "x", value: "old", version: 0 })).toEqual({ err: "OK" });
        const minority = [leader, (leader + 1) % 5];
        const majority = [0, 1, 2, 3, 4].filter((i) => !minority.includes(i));
        group.partition(majority, minority);
        await env.sleep(1000);
        let read: GetReply | undefined;
        void handlers(group, leader).get({ key: "x" }).then((reply) => (read = reply));
        await env.sleep(1000);
        const next = group.leader(majority);
        expect(next).not.toBe(-1);
        expect(await handlers(group, next).put({ key: "x", value: "new", version: 1 })).toEqual({ err: "OK" });
        if (Kind === ReadsLocally) {
          expect(read).toEqual({ value: "old", version: 1, err: "OK" });
          return;
        }
        expect(read).toBeUndefined();
        group.connectAll();
        await env.sleep(1000);
        expect(read).toEqual({ value: "", version: 0, err: "ErrWrongLeader" });
      });
    }
  });

  it("gives up a pending request when killed, even over a Raft that does not close its apply channel", async () => {
    const neverCloses: RaftImplementation = { make: (peers, me, persister, applyCh, env) => raftReference.make(peers, me, persister, { send: applyCh.send }, env) };
    const group = new KvGroup({ seed: 8, raft: neverCloses });
    await group.run(async (env) => {
      const leader = await group.awaitLeader(env);
      group.partition([0, 1, 2].filter((i) => i !== leader), [leader]);
      let reply: PutReply | undefined;
      void handlers(group, leader).put({ key: "x", value: "a", version: 0 }).then((answer) => (reply = answer));
      await env.sleep(100);
      expect(reply).toBeUndefined();
      group.crash(leader);
      await env.sleep(0);
      expect(reply).toEqual({ err: "ErrWrongLeader" });
    });
  });

  it("refuses every request once killed", async () => {
    const group = new KvGroup({ seed: 5 });
    await group.run(async (env) => {
      const leader = await group.awaitLeader(env);
      const kv = handlers(group, leader);
      group.crash(leader);
      expect(await kv.put({ key: "x", value: "a", version: 0 })).toEqual({ err: "ErrWrongLeader" });
      expect(await kv.get({ key: "x" })).toEqual({ value: "", version: 0, err: "ErrWrongLeader" });
    });
  });

  it("keeps its snapshot to the table (one key's is tens of bytes) and its log within 8×maxRaftState, and comes back from them after a crash of all", async () => {
    const group = new KvGroup({ seed: 6, maxRaftState: 1000 });
    const sizes = { log: 0, snapshot: 0 };
    await group.run(async () => {
      const { clerk } = group.makeClerk();
      expect(await clerk.put("x", "0", 0)).toBe("OK");
      for (let version = 1; version <= 400; version++) {
        expect(await clerk.put("x", String(version % 2), version)).toBe("OK");
        sizes.log = Math.max(sizes.log, group.logSize());
        sizes.snapshot = Math.max(sizes.snapshot, group.snapshotSize());
      }
      for (let i = 0; i < 3; i++) group.crash(i);
      for (let i = 0; i < 3; i++) group.restart(i);
      expect(await clerk.get("x")).toEqual({ value: "0", version: 401, err: "OK" });
    });
    expect(sizes.snapshot).toBeGreaterThan(0);
    expect(sizes.snapshot).toBeLessThanOrEqual(50);
    expect(sizes.log).toBeLessThanOrEqual(8 * 1000);
  });

  it("rebuilds its table by replaying the log after a crash of all, without snapshots", async () => {
    const group = new KvGroup({ seed: 7 });
    await group.run(async (env) => {
      const { clerk } = group.makeClerk();
      for (let i = 0; i < 10; i++) expect(await clerk.put(`k${i}`, `v${i}`, 0)).toBe("OK");
      for (let i = 0; i < 3; i++) group.crash(i);
      await env.sleep(1000);
      for (let i = 0; i < 3; i++) group.restart(i);
      for (let i = 0; i < 10; i++) expect(await clerk.get(`k${i}`)).toEqual({ value: `v${i}`, version: 1, err: "OK" });
    });
    expect(group.snapshotSize()).toBe(0);
  });
});
