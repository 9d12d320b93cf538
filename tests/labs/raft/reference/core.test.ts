import { describe, expect, it } from "vitest";
import { Persister, Simulation } from "../../../../labnet/index.js";
import type { ApplyMsg, Bytes, RaftImplementation } from "../../../../src/labs/raft/contract.js";
import { ReferenceRaft } from "../../../../src/labs/raft/reference/index.js";
import { Cluster, implOf } from "./cluster.js";

describe("the reference Raft's state and persistence", () => {
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

  it("hook snapshotToSave: saving the snapshot only when it is new loses it at the second restart", async () => {
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

  it("kill closes the apply channel, as the course's Raft closes applyCh, so the service above stops waiting", async () => {
    const sim = new Simulation({ seed: 5 });
    const events: string[] = [];
    sim.spawn("test", async (env) => {
      const lonePeer = [{ call: async () => undefined }];
      const channel = { send: async (msg: ApplyMsg) => void events.push(`apply ${"commandIndex" in msg ? msg.commandIndex : "snapshot"}`), close: () => events.push("close") };
      const raft = new ReferenceRaft(lonePeer, 0, new Persister(), channel, env);
      await env.sleep(1000);
      expect(raft.getState().isLeader).toBe(true);
      raft.kill();
      expect(raft.start("late").isLeader).toBe(false);
      await env.sleep(1000);
    });
    await sim.run();
    expect(events).toEqual(["close"]);
  });
});
