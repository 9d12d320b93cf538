import { describe, expect, it } from "vitest";
import { Cluster } from "./cluster.js";

describe("the reference Raft's elections", () => {
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
});
