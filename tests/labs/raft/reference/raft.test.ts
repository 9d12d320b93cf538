import { describe, expect, it } from "vitest";
import { Cluster, name } from "./cluster.js";

describe("ReferenceRaft", () => {
  it("elects one leader, which stays while nothing fails, and every peer learns its term", async () => {
    const cluster = new Cluster(3);
    await cluster.run(async (env) => {
      const leader = await cluster.checkOneLeader(env);
      const term = cluster.rafts[leader]!.getState().term;
      expect(term).toBeGreaterThanOrEqual(1);
      await env.sleep(2000);
      expect(await cluster.checkOneLeader(env)).toBe(leader);
      expect(cluster.rafts.map((raft) => raft!.getState().term)).toEqual([term, term, term]);
    });
    for (const leaders of cluster.leadersByTerm.values()) expect(leaders.size).toBe(1);
  });

  it("elects a new leader when the leader is cut off, and the old one steps down when it returns", async () => {
    const cluster = new Cluster(3, { seed: 2 });
    await cluster.run(async (env) => {
      const first = await cluster.checkOneLeader(env);
      cluster.disconnect(first);
      const second = await cluster.checkOneLeader(env);
      expect(second).not.toBe(first);
      cluster.connect(first);
      expect(await cluster.checkOneLeader(env)).toBe(second);
      expect(cluster.rafts[first]!.getState().isLeader).toBe(false);
      cluster.disconnect(second);
      cluster.disconnect((second + 1) % 3);
      await env.sleep(2000);
      const alone = (second + 2) % 3;
      expect(cluster.rafts[alone]!.getState().isLeader).toBe(false);
    });
  });

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

  it("keeps term, vote and log across crashes: a restarted peer re-applies from index 1", async () => {
    const cluster = new Cluster(3, { seed: 6 });
    await cluster.run(async (env) => {
      await cluster.one(env, 11, 3);
      const before = cluster.rafts.map((raft) => raft!.inspect!());
      for (let i = 0; i < 3; i++) cluster.crash(i);
      for (let i = 0; i < 3; i++) cluster.restart(i);
      const after = cluster.rafts.map((raft) => raft!.inspect!());
      after.forEach((state, i) => {
        expect(state.term).toBe(before[i]!.term);
        expect(state.votedFor).toBe(before[i]!.votedFor);
        expect(state.log).toEqual(before[i]!.log);
        expect(state.lastApplied).toBe(0);
      });
      await cluster.one(env, 12, 3);
      const leader = await cluster.checkOneLeader(env);
      cluster.crash(leader);
      await cluster.one(env, 13, 2);
      cluster.restart(leader);
      await cluster.one(env, 14, 3);
      expect([...cluster.services[leader]!.logs.values()]).toEqual([11, 12, 13, 14]);
    });
  });

  it("the same seed gives the same run, another seed another", async () => {
    const scenario = async (seed: number) => {
      const cluster = new Cluster(3, { seed, reliable: false });
      return cluster.run(async (env) => {
        for (let i = 0; i < 5; i++) await cluster.one(env, i, 3);
        const leader = await cluster.checkOneLeader(env);
        cluster.crash(leader);
        await cluster.one(env, 5, 2);
        cluster.restart(leader);
        await cluster.one(env, 6, 3);
      });
    };
    const first = await scenario(7);
    expect(await scenario(7)).toBe(first);
    expect(await scenario(8)).not.toBe(first);
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
});

describe("ReferenceRaft with snapshots", () => {
  it("trims its log at every snapshot, keeping its saved state small", async () => {
    const cluster = new Cluster(3, { seed: 11, snapshots: true });
    await cluster.run(async (env) => {
      for (let i = 0; i < 60; i++) {
        await cluster.one(env, Math.floor(env.random() * 2 ** 53), 3);
        for (const persister of cluster.persisters) expect(persister.raftStateSize()).toBeLessThan(2000);
      }
      for (const raft of cluster.rafts) {
        const state = raft!.inspect!();
        expect(state.snapshotIndex).toBeGreaterThanOrEqual(49);
        expect(state.log.length).toBeLessThanOrEqual(60 - 49);
      }
    });
  });

  it("brings a follower that missed what the leader trimmed up to date with InstallSnapshot", async () => {
    const cluster = new Cluster(3, { seed: 12, snapshots: true });
    const installs: string[] = [];
    let victim = -1;
    cluster.net.onExecution((execution) => {
      if (execution.method === "installSnapshot") installs.push(execution.server);
    });
    await cluster.run(async (env) => {
      await cluster.one(env, "first", 3);
      const leader = await cluster.checkOneLeader(env);
      victim = (leader + 1) % 3;
      cluster.disconnect(victim);
      for (let i = 0; i < 30; i++) await cluster.one(env, `cmd-${i}`, 2);
      const behind = cluster.rafts[victim]!.inspect!();
      expect(cluster.rafts[leader]!.inspect!().snapshotIndex).toBeGreaterThan(behind.snapshotIndex + behind.log.length);
      cluster.connect(victim);
      const last = await cluster.one(env, "last", 3);
      const state = cluster.rafts[victim]!.inspect!();
      expect(state.snapshotIndex).toBeGreaterThanOrEqual(29);
      expect(state.lastApplied).toBe(last);
      expect(cluster.services[victim]!.logs.get(31)).toBe("cmd-29");
    });
    expect(installs).toContain(name(victim));
  });

  it("restarts from its snapshot and the log's tail, and keeps the snapshot in every later save", async () => {
    const cluster = new Cluster(3, { seed: 13, snapshots: true, reliable: false });
    await cluster.run(async (env) => {
      let index = 0;
      for (let i = 0; i < 12; i++) index = await cluster.one(env, 1000 + i, 3);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 3; i++) cluster.crash(i);
        for (let i = 0; i < 3; i++) cluster.restart(i);
        for (const raft of cluster.rafts) {
          const state = raft!.inspect!();
          expect(state.snapshotIndex).toBeGreaterThanOrEqual(9);
          expect(state.lastApplied).toBe(state.snapshotIndex);
        }
        const next = await cluster.one(env, 2000 + round, 3);
        expect(next).toBeGreaterThan(index);
        index = next;
      }
      for (const persister of cluster.persisters) expect(persister.snapshotSize()).toBeGreaterThan(0);
    });
  });
});
