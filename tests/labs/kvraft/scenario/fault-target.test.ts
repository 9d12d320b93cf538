import { describe, expect, it } from "vitest";
import { applyFault } from "../../../../src/labs/raft/scenario/faults.js";
import { kvraftFaultTarget, kvraftNetwork } from "../../../../src/labs/kvraft/scenario/fault-target.js";
import { kvraftProfile } from "../../../../src/labs/kvraft/world/index.js";
import { fakeImpl, inWorld } from "../world/fakes.js";

const reliable = { reliable: true, longReordering: false };

describe("the Raft lab's faults on the replicated KV lab's servers", () => {
  it("a partition cuts the servers' groups apart, but a clerk still reaches every server; heal restores every link", async () => {
    const fake = fakeImpl();
    const { failure } = await inWorld(fake.impl, "kv", 3, async (t) => {
      t.makeClerk();
      const target = kvraftFaultTarget(t, reliable);
      const ping = (from: number, to: number) => fake.rafts[from]!.peers[to]!.call("ping", { n: 0 });
      applyFault(target, { atMs: 0, action: "partition", groups: [[0], [1, 2]] });
      expect(await ping(0, 1)).toBeUndefined();
      expect(await ping(1, 2)).toEqual({ n: 1, from: 2 });
      for (let i = 0; i < 3; i++) expect(await fake.clerks[0]!.ends[i]!.call("ping", { n: 0 })).toEqual({ n: 1, from: i });
      applyFault(target, { atMs: 0, action: "heal" });
      expect(await ping(0, 1)).toEqual({ n: 1, from: 1 });
    });
    expect(failure).toBeUndefined();
  });

  it("disconnect and connect are the course's DisconnectAll and ConnectOne; crash kills a server and restart brings a new incarnation back connected", async () => {
    const fake = fakeImpl();
    const { failure } = await inWorld(fake.impl, "kv", 3, async (t) => {
      const target = kvraftFaultTarget(t, reliable);
      applyFault(target, { atMs: 0, action: "disconnect", peer: 2 });
      expect(t.isConnected(2)).toBe(false);
      applyFault(target, { atMs: 0, action: "connect", peer: 2 });
      expect(t.isConnected(2)).toBe(true);
      applyFault(target, { atMs: 0, action: "crash", peer: 1 });
      expect([t.raft(1) !== undefined, fake.servers[1]!.killed]).toEqual([false, true]);
      applyFault(target, { atMs: 0, action: "restart", peer: 1 });
      expect([t.raft(1) !== undefined, t.isConnected(1), fake.rafts.length]).toEqual([true, true, 4]);
      // Restarting a running server does nothing.
      applyFault(target, { atMs: 0, action: "restart", peer: 1 });
      expect(fake.rafts.length).toBe(4);
    });
    expect(failure).toBeUndefined();
  });

  it("unreliable and longReordering switch the lab's network layers one at a time", async () => {
    const { world, failure } = await inWorld(fakeImpl().impl, "kv", 3, async (t) => {
      const target = kvraftFaultTarget(t, reliable);
      applyFault(target, { atMs: 0, action: "unreliable", on: true });
      expect(t.net.currentProfile).toEqual(kvraftProfile(false));
      applyFault(target, { atMs: 0, action: "longReordering", on: true });
      expect(t.net.currentProfile).toEqual(kvraftNetwork(false, true));
      applyFault(target, { atMs: 0, action: "unreliable", on: false });
    });
    expect(failure).toBeUndefined();
    expect(world.net.currentProfile).toEqual(kvraftNetwork(true, true));
    expect(kvraftNetwork(true, true)).toMatchObject({ dropRequest: 0, reorder: 600 / 900 });
  });
});
