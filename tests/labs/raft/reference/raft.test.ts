import { describe, expect, it } from "vitest";
import { compose, profiles } from "../../../../labnet/index.js";
import type { Bytes, RaftImplementation } from "../../../../src/labs/raft/contract.js";
import { ReferenceRaft } from "../../../../src/labs/raft/reference/index.js";
import type { AppendEntriesReply } from "../../../../src/labs/raft/reference/index.js";
import { Cluster, name } from "./cluster.js";

/** An implementation whose peers are `Kind`, a subclass of the reference. */
function implOf(Kind: typeof ReferenceRaft): RaftImplementation {
  return { make: (peers, me, persister, applyCh, env) => new Kind(peers, me, persister, applyCh, env) };
}

/**
 * The course's Figure 8 tests, 300 rounds: every peer is asked to start a command, and the one
 * that leads is crashed (or, with `partitions`, cut off half the time, under long reordering from
 * round 100); a peer comes back whenever fewer than 3 of 5 are up. Then all return and agree.
 */
async function figure8(seed: number, options: { partitions: boolean; snapshots: boolean }): Promise<number[]> {
  const cluster = new Cluster(5, { seed, reliable: false, snapshots: options.snapshots });
  await cluster.run(async (env) => {
    const draw = (n: number) => Math.floor(env.random() * n);
    await cluster.one(env, draw(1e9), 1);
    let up = 5;
    for (let round = 0; round < 300; round++) {
      if (options.partitions && round === 100) cluster.net.setProfile(compose(profiles.unreliable, profiles.longDelays, profiles.longReordering));
      let leader = -1;
      cluster.rafts.forEach((raft, i) => {
        if (raft?.start(draw(1e9)).isLeader && cluster.isConnected(i)) leader = i;
      });
      await env.sleep(env.random() < 0.1 ? draw(500) : draw(13));
      if (leader !== -1 && !options.partitions) {
        cluster.crash(leader);
        up--;
      } else if (leader !== -1 && env.random() < 0.5) {
        cluster.disconnect(leader);
        up--;
      }
      const back = draw(5);
      if (up < 3 && (options.partitions ? !cluster.isConnected(back) : !cluster.rafts[back])) {
        if (options.partitions) cluster.connect(back);
        else cluster.restart(back);
        up++;
      }
    }
    for (let i = 0; i < 5; i++) {
      if (!cluster.rafts[i]) cluster.restart(i);
      cluster.connect(i);
    }
    await cluster.one(env, "final", 5);
  });
  return cluster.services.map((service) => service.lastApplied);
}

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

describe("ReferenceRaft under churn", () => {
  for (const partitions of [false, true]) {
    for (const snapshots of [false, true]) {
      it(`survives Figure 8's ${partitions ? "partitions" : "crashes"}${snapshots ? " with snapshots" : ""} on seeds 1-5, applying the same log everywhere`, async () => {
        for (let seed = 1; seed <= 5; seed++) {
          const applied = await figure8(seed, { partitions, snapshots });
          expect(new Set(applied).size).toBe(1);
        }
      });
    }
  }
});

describe("ReferenceRaft's hooks: one override brings back a classic bug", () => {
  it("snapshotToSave: saving the snapshot only when it is new loses it at the second restart", async () => {
    class ForgetsSnapshot extends ReferenceRaft {
      protected override snapshotToSave(snapshotIsNew: boolean): Bytes | null {
        return snapshotIsNew ? this.snapshotData : null;
      }
    }
    const scenario = async (impl: RaftImplementation) => {
      const cluster = new Cluster(3, { seed: 14, snapshots: true, impl });
      await cluster.run(async (env) => {
        for (let i = 0; i < 12; i++) await cluster.one(env, i, 3);
        for (let round = 0; round < 2; round++) {
          for (let i = 0; i < 3; i++) cluster.crash(i);
          for (let i = 0; i < 3; i++) cluster.restart(i);
          await cluster.one(env, 100 + round, 3);
        }
      });
    };
    await scenario(implOf(ReferenceRaft));
    await expect(scenario(implOf(ForgetsSnapshot))).rejects.toThrow(/apply out of order|failed to reach agreement/);
  });

  it("nextIndexAfterRejection: backing up one entry per rejection takes one round trip per stale entry", async () => {
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
