import { describe, expect, it } from "vitest";
import type { RaftImplementation } from "../../../../src/labs/raft/contract.js";
import { ReferenceRaft, type AppendEntriesReply } from "../../../../src/labs/raft/reference/index.js";
import { Cluster, implOf } from "./cluster.js";

describe("the reference Raft's replication", () => {
  it("commits commands in order on every peer, at the indices start() gave", async () => {
    const cluster = new Cluster(5, { seed: 3 });
    await cluster.run(async (env) => {
      for (let i = 1; i <= 20; i++) expect(await cluster.one(env, i * 100, 5)).toBe(i);
    });
    for (const service of cluster.services) expect([...service.logs.entries()]).toEqual(Array.from({ length: 20 }, (_, i) => [i + 1, (i + 1) * 100]));
  });

  it("a follower cut off and reconnected catches up; a cut-off leader's stale entries are overwritten", async () => {
    const cluster = new Cluster(3, { seed: 4 });
    await cluster.run(async (env) => {
      await cluster.one(env, 101, 3);
      const leader = await cluster.checkOneLeader(env);
      const follower = (leader + 1) % 3;
      cluster.disconnect(follower);
      for (let i = 0; i < 10; i++) await cluster.one(env, 200 + i, 2);
      cluster.connect(follower);
      await cluster.one(env, 300, 3);
      expect(cluster.services[follower]!.logs.get(11)).toBe(209);

      const old = await cluster.checkOneLeader(env);
      cluster.disconnect(old);
      for (const command of [400, 401, 402]) cluster.rafts[old]!.start(command);
      await cluster.one(env, 500, 2);
      cluster.connect(old);
      await cluster.one(env, 600, 3);
      expect(cluster.services[old]!.logs.get(13)).toBe(500);
      expect([...cluster.services[old]!.logs.values()]).not.toContain(400);
    });
  });

  it("backs up over 50 conflicting entries at a time (fast backup)", async () => {
    const cluster = new Cluster(5, { seed: 5 });
    await cluster.run(async (env) => {
      await cluster.one(env, 1, 5);
      const leader1 = await cluster.checkOneLeader(env);
      const others = [2, 3, 4].map((k) => (leader1 + k) % 5);
      others.forEach((i) => cluster.disconnect(i));
      for (let i = 0; i < 50; i++) cluster.rafts[leader1]!.start(1000 + i);
      await env.sleep(500);
      cluster.disconnect(leader1);
      cluster.disconnect((leader1 + 1) % 5);
      others.forEach((i) => cluster.connect(i));
      for (let i = 0; i < 50; i++) await cluster.one(env, 2000 + i, 3);
      for (let i = 0; i < 5; i++) cluster.connect(i);
      const index = await cluster.one(env, 3000, 5);
      expect(index).toBe(52);
      expect(cluster.services[leader1]!.logs.get(2)).toBe(2000);
    });
  });

  it("stays within the course's RPC budgets: to elect, for 11 agreements, for a second of idleness", async () => {
    const cluster = new Cluster(3, { seed: 9 });
    const rpcs = () => Object.values(cluster.net.counts().executed).reduce((sum, n) => sum + n, 0);
    await cluster.run(async (env) => {
      const leader = await cluster.checkOneLeader(env);
      const elect = rpcs();
      expect(elect).toBeGreaterThan(0);
      expect(elect).toBeLessThanOrEqual(30);
      const { index: start, term } = cluster.rafts[leader]!.start(1);
      for (let i = 1; i <= 11; i++) expect(cluster.rafts[leader]!.start(100 + i)).toEqual({ index: start + i, term, isLeader: true });
      while (cluster.nCommitted(start + 11).count < 3) await env.sleep(10);
      expect(cluster.rafts.map((raft) => raft!.getState().term)).toEqual([term, term, term]);
      const agree = rpcs() - elect;
      expect(agree).toBeLessThanOrEqual(42);
      await env.sleep(1000);
      expect(rpcs() - elect - agree).toBeLessThanOrEqual(60);
    });
  });

  it("sends each command to each follower about once, however long the log (RPC bytes)", async () => {
    const cluster = new Cluster(3, { seed: 10 });
    await cluster.run(async (env) => {
      await cluster.one(env, 99, 3);
      const bytes0 = cluster.net.counts().bytes;
      let sent = 0;
      for (let index = 2; index <= 11; index++) {
        const command = String(index % 10).repeat(5000);
        expect(await cluster.one(env, command, 3)).toBe(index);
        sent += command.length;
      }
      expect(cluster.net.counts().bytes - bytes0).toBeLessThanOrEqual(3 * sent + 50_000);
    });
  });

  it("hook heartbeatIntervalMs: an idle leader sends ten rounds of heartbeats a second, and an override sets the rate", async () => {
    class HeartbeatsEvery10Ms extends ReferenceRaft {
      protected override heartbeatIntervalMs(): number {
        return 10;
      }
    }
    const idleHeartbeats = async (impl: RaftImplementation) => {
      const cluster = new Cluster(3, { seed: 2, impl });
      let sent = 0;
      cluster.net.onExecution((execution) => {
        if (execution.method === "appendEntries") sent++;
      });
      await cluster.run(async (env) => {
        await cluster.checkOneLeader(env);
        sent = 0;
        await env.sleep(1000);
      });
      return sent;
    };
    // Two followers, one AppendEntries each per round.
    expect(await idleHeartbeats(implOf(ReferenceRaft))).toBeLessThanOrEqual(2 * 11);
    expect(await idleHeartbeats(implOf(HeartbeatsEvery10Ms))).toBeGreaterThanOrEqual(2 * 99);
  });

  it("hook nextIndexAfterRejection: backing up one entry per rejection takes one round trip per stale entry", async () => {
    class BacksUpByOne extends ReferenceRaft {
      protected override nextIndexAfterRejection(peer: number, _reply: AppendEntriesReply): number {
        return this.nextIndex[peer]! - 1;
      }
    }
    const rejections = async (impl: RaftImplementation) => {
      const cluster = new Cluster(5, { seed: 15, impl });
      let rejected = 0;
      cluster.net.onExecution((execution) => {
        if (execution.method === "appendEntries" && !(execution.reply as AppendEntriesReply).success) rejected++;
      });
      await cluster.run(async (env) => {
        await cluster.one(env, 0, 5);
        const leader = await cluster.checkOneLeader(env);
        const peer = (k: number) => (leader + k) % 5;
        [2, 3, 4].forEach((k) => cluster.disconnect(peer(k)));
        for (let i = 0; i < 30; i++) cluster.rafts[leader]!.start(`stale-${i}`);
        await env.sleep(500);
        [0, 1].forEach((k) => cluster.disconnect(peer(k)));
        [2, 3, 4].forEach((k) => cluster.connect(peer(k)));
        for (let i = 0; i < 30; i++) await cluster.one(env, `new-${i}`, 3);
        rejected = 0;
        // The old leader and its follower hold 30 stale entries; a peer of the new majority leads them.
        [2, 3].forEach((k) => cluster.disconnect(peer(k)));
        [0, 1].forEach((k) => cluster.connect(peer(k)));
        await cluster.one(env, "after", 3);
        expect(cluster.services[leader]!.logs.get(31)).toBe("new-29");
      });
      return rejected;
    };
    expect(await rejections(implOf(ReferenceRaft))).toBeLessThanOrEqual(4);
    expect(await rejections(implOf(BacksUpByOne))).toBeGreaterThanOrEqual(2 * 30);
  });
});
