import { describe, expect, it } from "vitest";
import { applyFault, healEverything, raftFaultTarget, runFaultTimeline } from "../../../../src/labs/raft/scenario/faults.js";
import type { RaftFault } from "../../../../src/labs/raft/scenario/index.js";
import type { RaftWorld } from "../../../../src/labs/raft/world/index.js";
import { fakeRaft, inRaftWorld, type FakePeer } from "../world/fakes.js";

/** Which peers each peer's current incarnation reaches now, as "i>j" pairs (a ping that comes back). */
async function reach(t: RaftWorld, made: FakePeer[]): Promise<string[]> {
  const live = Array.from({ length: t.peers }, (_, i) => made.findLast((peer) => peer.me === i)!);
  const pairs = await Promise.all(live.flatMap((peer) => live.filter((other) => other !== peer && t.raft(peer.me)).map(async (other) => ((await peer.peers[other.me]!.call("ping", { n: 0 })) === undefined ? [] : [`${peer.me}>${other.me}`]))));
  return pairs.flat();
}

describe("a Raft scenario's faults", () => {
  it("a partition cuts its groups off from each other (the peers it does not name are one more group); heal restores every link", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 4, async (t) => {
      applyFault(raftFaultTarget(t), { atMs: 0, action: "partition", groups: [[0], [1]] });
      expect(await reach(t, impl.made)).toEqual(["2>3", "3>2"]);
      // A later partition replaces the earlier one.
      applyFault(raftFaultTarget(t), { atMs: 0, action: "partition", groups: [[0, 1], [2, 3]] });
      expect(await reach(t, impl.made)).toEqual(["0>1", "1>0", "2>3", "3>2"]);
      applyFault(raftFaultTarget(t), { atMs: 0, action: "heal" });
      expect(await reach(t, impl.made)).toHaveLength(12);
    });
    expect(failure).toBeUndefined();
  });

  it("disconnect and connect are the course's, and compose with a partition: a connected peer still does not cross a cut", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      applyFault(raftFaultTarget(t), { atMs: 0, action: "disconnect", peer: 2 });
      expect(t.isConnected(2)).toBe(false);
      expect(await reach(t, impl.made)).toEqual(["0>1", "1>0"]);
      applyFault(raftFaultTarget(t), { atMs: 0, action: "partition", groups: [[0], [1, 2]] });
      applyFault(raftFaultTarget(t), { atMs: 0, action: "connect", peer: 2 });
      expect(await reach(t, impl.made)).toEqual(["1>2", "2>1"]);
    });
    expect(failure).toBeUndefined();
  });

  it("a crashed peer restarts connected, within the partition; restarting a running peer does nothing", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      applyFault(raftFaultTarget(t), { atMs: 0, action: "partition", groups: [[0], [1, 2]] });
      applyFault(raftFaultTarget(t), { atMs: 0, action: "crash", peer: 1 });
      expect([t.raft(1), impl.made[1]!.killed]).toEqual([undefined, true]);
      applyFault(raftFaultTarget(t), { atMs: 0, action: "restart", peer: 1 });
      applyFault(raftFaultTarget(t), { atMs: 0, action: "restart", peer: 2 });
      expect(impl.made.map((peer) => peer.me)).toEqual([0, 1, 2, 1]);
      expect(t.isConnected(1)).toBe(true);
      expect(await reach(t, impl.made)).toEqual(["1>2", "2>1"]);
    });
    expect(failure).toBeUndefined();
  });

  it("the network turns unreliable and back, and long reordering on and off; long delays stay", async () => {
    const impl = fakeRaft();
    const names: string[] = [];
    await inRaftWorld(impl, 3, async (t) => {
      for (const fault of [{ action: "unreliable", on: true }, { action: "longReordering", on: true }, { action: "unreliable", on: false }, { action: "longReordering", on: false }] as const) {
        applyFault(raftFaultTarget(t), { atMs: 0, ...fault });
        names.push(t.net.currentProfile.name);
      }
    });
    expect(names).toEqual(["unreliable+long-delays", "unreliable+long-delays+long-reordering", "long-delays+long-reordering", "long-delays"]);
  });

  it("the timeline applies each fault at its instant, in time order, those due at once before the clients start", async () => {
    const impl = fakeRaft();
    const { world } = await inRaftWorld(impl, 3, async (t) => {
      const done = runFaultTimeline(raftFaultTarget(t), [
        { atMs: 300, action: "crash", peer: 1 },
        { atMs: 100, action: "disconnect", peer: 2 },
        { atMs: 0, action: "disconnect", peer: 0 },
      ]);
      expect(t.isConnected(0)).toBe(false);
      await done;
    });
    const seen = world.recorder.events.filter((event) => event.timeMs > 0 || event.kind !== "connect").map((event) => `${event.timeMs} ${event.kind} ${event.peer}`);
    expect(seen).toEqual(["0 disconnect 0", "100 disconnect 2", "300 disconnect 1", "300 crash 1"]);
  });

  it("healing everything ends every fault: partition, crashes, disconnections, the unreliable network, long reordering", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      const faults: RaftFault[] = [
        { atMs: 0, action: "partition", groups: [[0], [1, 2]] },
        { atMs: 0, action: "crash", peer: 1 },
        { atMs: 0, action: "disconnect", peer: 2 },
        { atMs: 0, action: "unreliable", on: true },
        { atMs: 0, action: "longReordering", on: true },
      ];
      for (const fault of faults) {
        applyFault(raftFaultTarget(t), fault);
      }
      healEverything(raftFaultTarget(t));
      expect([0, 1, 2].map((i) => [t.raft(i) !== undefined, t.isConnected(i)])).toEqual([[true, true], [true, true], [true, true]]);
      expect(t.net.currentProfile.name).toBe("long-delays");
      expect(await reach(t, impl.made)).toHaveLength(6);
    });
    expect(failure).toBeUndefined();
  });
});
