import { describe, expect, it } from "vitest";
import { kvraftProfile } from "../../../../src/labs/kvraft/world/index.js";
import { fakeImpl, inWorld } from "./fakes.js";

describe("the kvraft fixture", () => {
  it("runs without long delays: a call to an unreachable server fails within 100 ms; the unreliable network adds labrpc's faults", () => {
    expect(kvraftProfile(true).unreachable).toEqual({ kind: "uniform", minMs: 0, maxMs: 100 });
    expect(kvraftProfile(true).latency).toEqual({ kind: "uniform", minMs: 2, maxMs: 4 });
    expect(kvraftProfile(false)).toMatchObject({ dropRequest: 0.1, dropReply: 0.1, unreachable: { maxMs: 100 } });
  });

  it("offers a KV server's handlers and its Raft's, but neither's contract methods", async () => {
    const fake = fakeImpl();
    const { failure } = await inWorld(fake.impl, "kv", 3, async (t) => {
      const ck = t.makeClerk();
      const ends = fake.clerks[0]!.ends;
      expect(await ends[1]!.call("get", { key: "a" })).toEqual({ value: "v-a", version: 1, err: "OK" });
      expect(await ends[2]!.call("ping", { n: 1 })).toEqual({ n: 2, from: 2 });
      expect(ck.ends).toEqual(["clerk-1->server-0", "clerk-1->server-1", "clerk-1->server-2"]);
      await ends[0]!.call("kill", {});
    });
    expect(failure).toContain('no method "kill"');
  });

  it("offers only the Raft's handlers in the rsm tests, and gives each server the tester's counter", async () => {
    const fake = fakeImpl();
    const { failure } = await inWorld(fake.impl, "rsm", 3, async (t) => {
      expect(t.service(1).rsm).toBe(fake.rsms[1]);
      expect(fake.rsms[1]!.sm).toBe(t.service(1));
      expect(await fake.rafts[0]!.peers[1]!.call("ping", { n: 5 })).toEqual({ n: 6, from: 1 });
      await fake.rafts[0]!.peers[1]!.call("submit", {});
    });
    expect(failure).toContain('no method "submit"');
  });

  it("fails to build a server whose layer never made its Raft with raft.make", async () => {
    const fake = fakeImpl({ makeRaft: false });
    await expect(inWorld(fake.impl, "rsm", 3, async () => {})).rejects.toThrow("makeRsm(…, 0, …) did not make its Raft peer with raft.make");
  });

  it("partitions only server-to-server ends: a clerk still reaches every server", async () => {
    const fake = fakeImpl();
    await inWorld(fake.impl, "kv", 5, async (t) => {
      t.makeClerk();
      const [p1, p2] = t.makePartition(1);
      expect([p1, p2]).toEqual([[0, 2, 3], [4, 1]]);
      t.partition(p1, p2);
      const peers = (i: number) => fake.rafts[i]!.peers;
      expect(await peers(0)[3]!.call("ping", { n: 1 })).toEqual({ n: 2, from: 3 });
      expect(await peers(0)[1]!.call("ping", { n: 1 })).toBeUndefined();
      expect(await peers(1)[4]!.call("ping", { n: 1 })).toEqual({ n: 2, from: 4 });
      expect(await peers(4)[2]!.call("ping", { n: 1 })).toBeUndefined();
      for (let i = 0; i < 5; i++) expect(await fake.clerks[0]!.ends[i]!.call("ping", { n: 0 })).toEqual({ n: 1, from: i });
      expect(t.isConnected(1)).toBe(true);
      t.connectAll();
      expect(await peers(0)[1]!.call("ping", { n: 1 })).toEqual({ n: 2, from: 1 });
      expect(t.makePartition(2)).toEqual([[0, 1, 3], [4, 2]]);
    });
  });

  it("disconnects one server from all (DisconnectAll) and reconnects it (ConnectOne)", async () => {
    const fake = fakeImpl();
    await inWorld(fake.impl, "rsm", 3, async (t) => {
      t.disconnectAll(2);
      expect(t.isConnected(2)).toBe(false);
      expect(await fake.rafts[0]!.peers[2]!.call("ping", { n: 1 })).toBeUndefined();
      expect(await fake.rafts[2]!.peers[1]!.call("ping", { n: 1 })).toBeUndefined();
      expect(await fake.rafts[0]!.peers[1]!.call("ping", { n: 1 })).toEqual({ n: 2, from: 1 });
      t.connectOne(2);
      expect(await fake.rafts[2]!.peers[1]!.call("ping", { n: 1 })).toEqual({ n: 2, from: 1 });
    });
  });

  it("limits a clerk made with makeClerkTo to its servers until connectClerk", async () => {
    const fake = fakeImpl();
    await inWorld(fake.impl, "kv", 3, async (t) => {
      const ck = t.makeClerkTo([0, 2]);
      const ends = fake.clerks[0]!.ends;
      expect(await ends[1]!.call("ping", { n: 0 })).toBeUndefined();
      expect(await ends[2]!.call("ping", { n: 0 })).toEqual({ n: 1, from: 2 });
      t.connectClerk(ck);
      expect(await ends[1]!.call("ping", { n: 0 })).toEqual({ n: 1, from: 1 });
      t.deleteClerk(ck);
      expect(await ends[1]!.call("ping", { n: 0 })).toBeUndefined();
    });
  });

  it("a crash kills the KV server and its Raft, stops the Raft's timers but not the server's own, and keeps what the Raft saved", async () => {
    const fake = fakeImpl();
    await inWorld(fake.impl, "kv", 3, async (t) => {
      const [raft, server] = [fake.rafts[1]!, fake.servers[1]!];
      void raft.tick();
      void server.own();
      raft.persister.save("state-1", "snap-1");
      await t.sleep(100);
      const ticks = raft.ticks;
      t.crash(1);
      expect([server.killed, raft.killed, t.isConnected(1), t.raft(1)]).toEqual([true, true, false, undefined]);
      raft.persister.save("after the crash", null);
      expect(await raft.peers[0]!.call("ping", { n: 1 })).toBeUndefined();
      const own = server.ownTicks;
      await t.sleep(100);
      expect(raft.ticks).toBe(ticks);
      expect(server.ownTicks).toBeGreaterThan(own);
      t.start(1);
      const next = fake.rafts.at(-1)!;
      expect(next).not.toBe(raft);
      expect(t.raft(1)).toBe(next);
      expect([next.persister.readRaftState(), next.persister.readSnapshot()]).toEqual(["state-1", "snap-1"]);
      // A started server is not connected until the tester connects it.
      expect(t.isConnected(1)).toBe(false);
      expect(await next.peers[0]!.call("ping", { n: 1 })).toBeUndefined();
      t.connectAll();
      expect(await next.peers[0]!.call("ping", { n: 1 })).toEqual({ n: 2, from: 0 });
      expect(await fake.rafts[0]!.peers[1]!.call("ping", { n: 1 })).toEqual({ n: 2, from: 1 });
    });
  });

  it("ends as the course's cleanup does: every live server's KV layer and Raft are killed, a crashed one's not again", async () => {
    const fake = fakeImpl();
    const { world } = await inWorld(fake.impl, "kv", 3, async (t) => {
      t.crash(2);
    });
    expect(fake.servers.map((server) => server.killed)).toEqual([false, false, true]);
    world.end();
    expect(fake.servers.map((server) => server.killed)).toEqual([true, true, true]);
    expect(fake.rafts.map((raft) => raft.killed)).toEqual([true, true, true]);
  });

  it("crashAll and startAll restart every server connected; a crash keeps the rsm tests' counter until the restart", async () => {
    const fake = fakeImpl();
    await inWorld(fake.impl, "rsm", 3, async (t) => {
      t.service(0).counter = 7;
      t.crashAll();
      expect(fake.rafts.every((raft) => raft.killed)).toBe(true);
      expect(t.countValue(7)).toBe(1);
      t.startAll();
      expect(t.countValue(7)).toBe(0);
      expect([0, 1, 2].map((i) => t.isConnected(i))).toEqual([true, true, true]);
      expect(fake.rafts).toHaveLength(6);
    });
  });

  it("LogSize and SnapshotSize are the largest over the servers' persisters", async () => {
    const fake = fakeImpl();
    await inWorld(fake.impl, "kv", 3, async (t) => {
      expect([t.logSize(), t.snapshotSize()]).toEqual([0, 0]);
      fake.rafts[0]!.persister.save("x".repeat(10), "s".repeat(3));
      fake.rafts[2]!.persister.save("x".repeat(4), "s".repeat(30));
      expect([t.logSize(), t.snapshotSize()]).toEqual([10, 30]);
      t.crash(2);
      expect(t.snapshotSize()).toBe(30);
    });
  });

  it("the course's Leader: the first live server whose Raft leads, or [false, 0]", async () => {
    const fake = fakeImpl();
    await inWorld(fake.impl, "kv", 3, async (t) => {
      expect(t.leader()).toEqual([false, 0]);
      fake.rafts[2]!.leader = true;
      fake.rafts[1]!.leader = true;
      expect(t.leader()).toEqual([true, 1]);
      t.crash(1);
      expect(t.leader()).toEqual([true, 2]);
    });
  });

  it("fails a test past 120 s with the course's text", async () => {
    const fake = fakeImpl();
    const { failure } = await inWorld(fake.impl, "kv", 3, (t) => t.sleep(200_000));
    expect(failure).toBe("test took longer than 120 seconds");
  });
});
