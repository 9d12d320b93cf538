import { describe, expect, it } from "vitest";
import { decodeSnapshot } from "../../../../src/labs/raft/world/index.js";
import { fakeRaft, inRaftWorld } from "./fakes.js";

describe("the tester's appliers", () => {
  it("fail the run at once when a peer applies out of order, with the course's text", async () => {
    const impl = fakeRaft();
    const { world, failure } = await inRaftWorld(impl, 3, async (t) => {
      await impl.made[0]!.applyCh.send({ commandValid: true, command: 10, commandIndex: 1 });
      await impl.made[0]!.applyCh.send({ commandValid: true, command: 30, commandIndex: 3 });
      await t.sleep(1000); // never reached: the apply error ends the run at once
    });
    expect(failure).toBe("apply error: server 0 apply out of order 3");
    expect(world.sim.now()).toBe(0);
  });

  it("fail the run when two peers commit different values at an index", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async () => {
      await impl.made[0]!.applyCh.send({ commandValid: true, command: "a", commandIndex: 1 });
      await impl.made[1]!.applyCh.send({ commandValid: true, command: "b", commandIndex: 1 });
    });
    expect(failure).toBe("apply error: commit index=1 server=1 b != server=0 a");
  });

  it("tolerate the same value applied again, and ignore messages that are neither commands nor snapshots", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      const ch = impl.made[2]!.applyCh;
      await ch.send({ commandValid: true, command: 1, commandIndex: 1 });
      await ch.send({ commandValid: true, command: 1, commandIndex: 1 });
      await ch.send({ snapshotValid: true, snapshot: "", snapshotTerm: 1, snapshotIndex: 5 });
      expect(t.nCommitted(1)).toEqual([1, 1]);
    });
    expect(failure).toBeUndefined();
  });

  it("in snapshot tests, require index lastApplied+1 and hand the peer a snapshot after indices 9, 19, …", async () => {
    const impl = fakeRaft();
    const snapshots: [number, unknown][] = [];
    const { failure } = await inRaftWorld(
      impl,
      3,
      async () => {
        const peer = impl.made[0]!;
        peer.snapshot = (index, bytes) => void snapshots.push([index, decodeSnapshot(bytes)]);
        for (let k = 1; k <= 10; k++) await peer.applyCh.send({ commandValid: true, command: k * 10, commandIndex: k });
        expect(snapshots).toEqual([[9, { index: 9, commands: [null, 10, 20, 30, 40, 50, 60, 70, 80, 90] }]]);
        await peer.applyCh.send({ commandValid: true, command: 120, commandIndex: 12 });
      },
      { snapshot: true },
    );
    expect(failure).toBe("apply error: server 0 apply out of order, expected index 11, got 12");
  });

  it("in snapshot tests, ingest a snapshot message (its index must match) and go on from it", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(
      impl,
      3,
      async (t) => {
        const peer = impl.made[1]!;
        const snapshot = JSON.stringify([2, [null, "a", "b"]]);
        await peer.applyCh.send({ snapshotValid: true, snapshot, snapshotTerm: 1, snapshotIndex: 2 });
        await peer.applyCh.send({ commandValid: true, command: "c", commandIndex: 3 });
        expect(t.nCommitted(3)).toEqual([1, "c"]);
        await peer.applyCh.send({ snapshotValid: true, snapshot, snapshotTerm: 1, snapshotIndex: 4 });
      },
      { snapshot: true },
    );
    expect(failure).toBe("apply error: server 1 snapshot doesn't match m.SnapshotIndex");
  });

  it("in snapshot tests, a snapshot message without an integer index reads as index 0, which matches no snapshot", async () => {
    for (const snapshotIndex of [undefined, -1, "2"]) {
      const impl = fakeRaft();
      const { failure } = await inRaftWorld(
        impl,
        3,
        async () => {
          const snapshot = JSON.stringify([2, [null, "a", "b"]]);
          await impl.made[0]!.applyCh.send({ snapshotValid: true, snapshot, snapshotTerm: 1, snapshotIndex } as never);
        },
        { snapshot: true },
      );
      expect({ snapshotIndex, failure }).toEqual({ snapshotIndex, failure: "apply error: server 0 snapshot doesn't match m.SnapshotIndex" });
    }
  });
});
