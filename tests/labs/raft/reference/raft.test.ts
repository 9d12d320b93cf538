import { describe, expect, it } from "vitest";
import { compose, profiles } from "../../../../labnet/index.js";
import type { RaftImplementation } from "../../../../src/labs/raft/contract.js";
import { type Entry, ReferenceRaft, raftReference } from "../../../../src/labs/raft/reference/index.js";
import { Cluster, implOf, name } from "./cluster.js";

interface Figure8Options {
  partitions: boolean;
  snapshots?: boolean;
  rounds?: number;
  impl?: RaftImplementation;
}

/**
 * The course's Figure 8 tests, 300 rounds unless told: every peer is asked to start a command, and
 * the one that leads is crashed (or, with `partitions`, cut off half the time, under long
 * reordering from round 200); a peer comes back whenever fewer than 3 of 5 are up. Then all return
 * and agree, and every peer's service holds the same log.
 */
async function figure8(seed: number, options: Figure8Options): Promise<number[]> {
  const cluster = new Cluster(5, { seed, reliable: false, snapshots: options.snapshots ?? false, impl: options.impl ?? raftReference });
  await cluster.run(async (env) => {
    const draw = (n: number) => Math.floor(env.random() * n);
    await cluster.one(env, draw(1e9), 1);
    let up = 5;
    for (let round = 0; round < (options.rounds ?? 300); round++) {
      if (options.partitions && round === 200) cluster.net.setProfile(compose(profiles.unreliable, profiles.longDelays, profiles.longReordering));
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

describe("the hooks whose bugs Figure 8 finds: the reference passes where one override fails", () => {
  const cases: { hook: string; Buggy: typeof ReferenceRaft; seed: number; options: Figure8Options }[] = [
    {
      hook: "mayCommitByCounting (an entry of an earlier term committed by counting replicas)",
      Buggy: class extends ReferenceRaft {
        protected override mayCommitByCounting(): boolean {
          return true;
        }
      },
      seed: 20,
      options: { partitions: false },
    },
    {
      hook: "candidateLogIsUpToDate (a vote for a candidate missing committed entries)",
      Buggy: class extends ReferenceRaft {
        protected override candidateLogIsUpToDate(): boolean {
          return true;
        }
      },
      seed: 4,
      options: { partitions: false },
    },
    {
      hook: "mergeEntries (a follower truncating at every AppendEntries, stale ones too)",
      Buggy: class extends ReferenceRaft {
        protected override mergeEntries(prevLogIndex: number, entries: readonly Entry[]): void {
          this.log.truncateFrom(prevLogIndex + 1);
          this.log.append(entries);
          this.unsaved = true;
        }
      },
      seed: 6,
      options: { partitions: true, rounds: 1000 },
    },
  ];
  for (const { hook, Buggy, seed, options } of cases) {
    it(hook, async () => {
      expect(new Set(await figure8(seed, options)).size).toBe(1);
      await expect(figure8(seed, { ...options, impl: implOf(Buggy) })).rejects.toThrow(/commit index=\d+ server=\d+ \d+ != server=\d+ \d+|committed values at index \d+ do not match/);
    });
  }
});
