import { describe, expect, it } from "vitest";
import { raftProfile } from "../../../../src/labs/raft/world/index.js";
import type { RaftImplementation } from "../../../../src/labs/raft/contract.js";
import { fakeRaft, inRaftWorld } from "./fakes.js";

describe("the Raft fixture", () => {
  it("runs every test with long delays, on the reliable or unreliable network, with long reordering when asked", () => {
    expect(raftProfile(true).name).toBe("long-delays");
    expect(raftProfile(false).name).toBe("unreliable+long-delays");
    expect(raftProfile(false, true).name).toBe("unreliable+long-delays+long-reordering");
    expect(raftProfile(true).unreachable).toEqual({ kind: "uniform", minMs: 0, maxMs: 7000 });
  });

  it("offers every method of a peer but the contract's as RPC handlers", async () => {
    const impl = fakeRaft();
    await inRaftWorld(impl, 2, async () => {
      expect(await impl.made[0]!.peers[1]!.call("ping", { n: 1 })).toEqual({ n: 2 });
    });
    await expect(
      inRaftWorld(impl, 2, async () => {
        await impl.made.at(-2)!.peers[1]!.call("getState", {});
      }),
    ).resolves.toMatchObject({ failure: expect.stringContaining('server "raft-1" has no method "getState"') });
  });

  it("a crash disconnects and kills the peer, cuts its incarnation off (timers, ends), and keeps what it saved for the restart", async () => {
    const impl = fakeRaft();
    await inRaftWorld(impl, 3, async (t) => {
      const old = impl.made[1]!;
      void old.tick();
      old.persister.save("state-1", null);
      await t.sleep(100);
      const ticks = old.ticks;
      expect(ticks).toBeGreaterThan(5);
      t.crash(1);
      expect(old.killed).toBe(true);
      expect(t.raft(1)).toBeUndefined();
      expect(t.isConnected(1)).toBe(false);
      // Its later saves are its own: the next incarnation sees what it saved before the crash.
      old.persister.save("after the crash", null);
      expect(await old.peers[0]!.call("ping", { n: 1 })).toBeUndefined();
      await t.sleep(100);
      expect(old.ticks).toBe(ticks);
      t.restart(1);
      const next = impl.made.at(-1)!;
      expect(next).not.toBe(old);
      expect(t.raft(1)).toBe(next);
      expect(next.persister.readRaftState()).toBe("state-1");
      expect(t.isConnected(1)).toBe(true);
      expect(await next.peers[2]!.call("ping", { n: 1 })).toEqual({ n: 2 });
    });
  });

  it("connectAll marks a crashed peer connected; calls to it still fail", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      t.crash(2);
      t.connectAll();
      expect(t.isConnected(2)).toBe(true);
      expect(t.raft(2)).toBeUndefined();
      expect(await impl.made[0]!.peers[2]!.call("ping", { n: 1 })).toBeUndefined();
    });
    expect(failure).toBeUndefined();
  });

  it("disconnect cuts a peer's ends both ways; connect restores them to connected peers only", async () => {
    const impl = fakeRaft();
    await inRaftWorld(impl, 3, async (t) => {
      const [p0, , p2] = impl.made;
      t.disconnect(1);
      expect(await p0!.peers[1]!.call("ping", { n: 1 })).toBeUndefined();
      t.disconnect(2);
      t.connect(1);
      expect(await p0!.peers[1]!.call("ping", { n: 1 })).toEqual({ n: 2 });
      expect(await p2!.peers[1]!.call("ping", { n: 1 })).toBeUndefined();
    });
  });

  it("rpcCount counts handlers dispatched to the current incarnation; logSize is the largest saved state", async () => {
    const impl = fakeRaft();
    await inRaftWorld(impl, 3, async (t) => {
      await impl.made[0]!.peers[1]!.call("ping", { n: 1 });
      await impl.made[2]!.peers[1]!.call("ping", { n: 1 });
      t.disconnect(1);
      await impl.made[0]!.peers[1]!.call("ping", { n: 1 }); // not dispatched
      expect(t.rpcCount(1)).toBe(2);
      expect(t.rpcTotal()).toBe(3);
      t.crash(1);
      t.restart(1);
      expect(t.rpcCount(1)).toBe(0);
      impl.made[0]!.persister.save("x".repeat(300), null);
      impl.made[2]!.persister.save("x".repeat(100), "snapshot");
      expect(t.logSize()).toBe(300);
    });
  });

  it("fails in the course's words past the 120 s limit", async () => {
    const { world, failure } = await inRaftWorld(fakeRaft(), 3, async (t) => {
      await t.sleep(200_000);
    });
    expect(failure).toBe("test took longer than 120 seconds");
    expect(world.sim.now()).toBe(120_000);
  });

  it("records crashes, restarts, connectivity, leaders and applies with their virtual time", async () => {
    const impl = fakeRaft();
    const { world } = await inRaftWorld(impl, 3, async (t) => {
      Object.assign(impl.made[0]!, { term: 3, leader: true });
      await t.checkOneLeader();
      t.crash(2);
      await t.sleep(10);
      t.restart(2);
      await impl.made[0]!.applyCh.send({ commandValid: true, command: 5, commandIndex: 1 });
    });
    const kinds = world.recorder.events.filter((e) => e.kind !== "connect").map((e) => `${e.kind} ${e.peer}`);
    expect(kinds).toEqual(["leader 0", "disconnect 2", "crash 2", "restart 2", "apply 0"]);
    expect(world.recorder.leaders.get(3)).toBe(0);
    expect(world.recorder.applies).toEqual([1, 0, 0]);
    expect(world.recorder.events.find((e) => e.kind === "restart")!.timeMs).toBe(world.recorder.events.find((e) => e.kind === "crash")!.timeMs + 10);
  });
  it("a make() that throws, answers a Promise or a non-object, or a peer without the contract's methods fails the run, naming the peer and what is wrong", async () => {
    const misbehaving = (restarted: () => unknown): RaftImplementation => {
      const fake = fakeRaft();
      let made = 0;
      return { make: (...args) => (++made <= 3 ? fake.make(...args) : (restarted() as never)) };
    };
    const failures: (string | undefined)[] = [];
    for (const restarted of [
      () => {
        throw new RangeError("no disk");
      },
      () => Promise.resolve({}),
      () => 7,
      () => ({ getState: () => ({ term: 0, isLeader: false }), kill() {} }),
    ]) {
      const { failure } = await inRaftWorld(misbehaving(restarted), 3, async (t) => {
        t.crash(1);
        t.restart(1);
      });
      failures.push(failure);
    }
    expect(failures[0]).toMatch(/^raft-1: make\(\) threw: RangeError: no disk/);
    expect(failures.slice(1)).toEqual([
      "make(…, 1, …) returned a Promise; it must return the peer at once",
      "make(…, 1, …) returned number; it must return the peer at once",
      "raft-1: make() returned a peer without start, snapshot; a RaftPeer's methods are start, getState, snapshot, kill",
    ]);
  });

  it("ends as the course's cleanup does: every live peer is killed, a crashed one is not killed again", async () => {
    const impl = fakeRaft();
    const { world } = await inRaftWorld(impl, 3, async (t) => {
      t.crash(2);
    });
    expect(impl.made.map((peer) => peer.killed)).toEqual([false, false, true]);
    world.end();
    expect(impl.made.map((peer) => peer.killed)).toEqual([true, true, true]);
  });
});
