import { describe, expect, it } from "vitest";
import { raftReference } from "../../../../src/labs/raft/reference/index.js";
import { fakeRaft, inRaftWorld } from "./fakes.js";

describe("RaftWorld's helpers", () => {
  it("checkOneLeader fails with the course's text when no peer ever leads, after ten rounds of 450-549 ms", async () => {
    const { world, failure } = await inRaftWorld(fakeRaft(), 3, async (t) => {
      await t.checkOneLeader();
    });
    expect(failure).toBe("expected one leader, got none");
    expect(world.sim.now()).toBeGreaterThanOrEqual(4500);
    expect(world.sim.now()).toBeLessThan(5500);
  });

  it("checkOneLeader fails when two peers lead one term, in the course's words", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      for (const peer of impl.made.slice(0, 2)) Object.assign(peer, { term: 1, leader: true });
      await t.checkOneLeader();
    });
    expect(failure).toMatch(/^term 1 has 2 \(>1\) leaders/);
  });

  it("checkOneLeader returns the leader of the highest term among connected peers", async () => {
    const impl = fakeRaft();
    await inRaftWorld(impl, 3, async (t) => {
      Object.assign(impl.made[0]!, { term: 1, leader: true });
      Object.assign(impl.made[2]!, { term: 2, leader: true });
      expect(await t.checkOneLeader()).toBe(2);
      t.disconnect(2);
      expect(await t.checkOneLeader()).toBe(0);
    });
  });

  it("checkTerms, checkNoLeader and checkNoAgreement fail with the course's texts", async () => {
    const impl = fakeRaft();
    const terms = await inRaftWorld(impl, 3, async (t) => {
      impl.made[1]!.term = 4;
      t.checkTerms();
    });
    expect(terms.failure).toBe("servers disagree on term");
    const leader = fakeRaft();
    const noLeader = await inRaftWorld(leader, 3, async (t) => {
      Object.assign(leader.made[2]!, { term: 1, leader: true });
      t.checkNoLeader();
    });
    expect(noLeader.failure).toBe("leader = 2");
    const applied = fakeRaft();
    const agreement = await inRaftWorld(applied, 3, async (t) => {
      for (const peer of [0, 1]) {
        await applied.made[peer]!.applyCh.send({ commandValid: true, command: 7, commandIndex: 1 });
        await applied.made[peer]!.applyCh.send({ commandValid: true, command: 8, commandIndex: 2 });
      }
      expect(t.nCommitted(2)).toEqual([2, 8]);
      t.checkNoAgreement(2);
    });
    expect(agreement.failure).toBe("2 committed but no majority"); // the count, as the course prints it (here the index is 2 too)
  });

  it("checkNoAgreement prints how many committed, not the index; nCommitted names the earlier peer's value first", async () => {
    const applied = fakeRaft();
    const count = await inRaftWorld(applied, 3, async (t) => {
      await applied.made[0]!.applyCh.send({ commandValid: true, command: 7, commandIndex: 1 });
      await applied.made[0]!.applyCh.send({ commandValid: true, command: 8, commandIndex: 2 });
      t.checkNoAgreement(2);
    });
    expect(count.failure).toBe("1 committed but no majority");
    const split = fakeRaft();
    const differ = await inRaftWorld(split, 3, async (t) => {
      await split.made[0]!.applyCh.send({ commandValid: true, command: 7, commandIndex: 1 });
      // Peer 1's service checks against peer 0's at apply time; the tester's nCommitted is the
      // one that compares here, so peer 1's differing value is put in its log directly.
      (t.appliersNow()[1]! as { logs: Map<number, unknown> }).logs.set(1, 9);
      t.nCommitted(1);
    });
    expect(differ.failure).toBe("committed values at index 1 do not match (7 != 9)");
  });

  it("one() fails with the course's text when nobody leads (retry: after 10 s; no retry: likewise, as no try starts)", async () => {
    const { world, failure } = await inRaftWorld(fakeRaft(), 3, async (t) => {
      await t.one(101, 3, true);
    });
    expect(failure).toBe("one(101) failed to reach agreement");
    expect(world.sim.now()).toBeGreaterThanOrEqual(10_000);
  });

  it("one() on the reference returns each command's index and counts it as an operation; wait() returns the value", async () => {
    const { world, failure } = await inRaftWorld(raftReference, 3, async (t) => {
      expect(await t.one(100, 3, false)).toBe(1);
      expect(await t.one("x", 3, false)).toBe(2);
      expect(await t.wait(2, 3, -1)).toBe("x");
      expect(t.nCommitted(2)).toEqual([3, "x"]);
    });
    expect(failure).toBeUndefined();
    expect(world.net.counts().operations).toBe(2);
  });

  it("wait() fails with the course's text when too few peers commit", async () => {
    const { failure } = await inRaftWorld(fakeRaft(), 3, async (t) => {
      await t.wait(1, 3, -1);
    });
    expect(failure).toBe("only 0 decided for index 1; wanted 3");
  });

  it("a start() that returns a Promise, or a malformed answer, fails naming the peer and what was wrong", async () => {
    const asynchronous = fakeRaft();
    const promised = await inRaftWorld(asynchronous, 3, async (t) => {
      asynchronous.made[0]!.onStart = async () => ({ index: 1, term: 1, isLeader: true });
      t.startOn(0, 5);
    });
    expect(promised.failure).toBe("raft-0.start(5) returned a Promise; start must answer { index, term, isLeader } at once, without awaiting");
    const malformed = fakeRaft();
    const wrong = await inRaftWorld(malformed, 3, async (t) => {
      malformed.made[1]!.onStart = () => ({ index: "1", term: 1 }) as never;
      t.startOn(1, 5);
    });
    expect(wrong.failure).toBe('raft-1.start(5) answered {"index":"1","term":1}; expected { index: integer, term: integer, isLeader: boolean }');
  });
});
