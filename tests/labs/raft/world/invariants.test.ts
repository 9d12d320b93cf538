import { describe, expect, it } from "vitest";
import type { RaftInspection } from "../../../../src/labs/raft/contract.js";
import { fakeRaft, inRaftWorld, type FakePeer } from "./fakes.js";

/** Gives a fake peer an inspect() showing `log` (entries as [term, command] from index 1) with the given role and term. */
function inspecting(peer: FakePeer, term: number, role: RaftInspection["role"], log: [number, unknown][], commitIndex = 0): void {
  Object.assign(peer, { term, leader: role === "leader" });
  (peer as FakePeer & { inspect(): RaftInspection }).inspect = () => ({
    term,
    votedFor: null,
    role,
    log: log.map(([t, command], k) => ({ index: k + 1, term: t, command })),
    snapshotIndex: 0,
    snapshotTerm: 0,
    commitIndex,
    lastApplied: 0,
  });
}

describe("Raft's invariants", () => {
  it("election safety: two peers leading one term at different times fail the run, naming both", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      Object.assign(impl.made[0]!, { term: 2, leader: true });
      await t.checkOneLeader();
      Object.assign(impl.made[0]!, { leader: false });
      Object.assign(impl.made[1]!, { term: 2, leader: true });
      await t.checkOneLeader();
    });
    expect(failure).toBe("term 2 has 2 (>1) leaders: election safety violated, raft-0 and raft-1 both led term 2");
  });

  it("claims to lead before term 1 are not leaders (the skeleton's start() says isLeader with term -1): no election-safety failure", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      for (const peer of impl.made) Object.assign(peer, { term: 0, leader: true });
      t.stateOfPeer(0);
      t.stateOfPeer(1);
      t.checkNoLeader();
    });
    expect(failure).toBe("leader = 0");
  });

  it("election safety is checked on a live peer's timer wakes too, not only when the tester asks", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      void impl.made[2]!.tick();
      Object.assign(impl.made[0]!, { term: 5, leader: true });
      t.stateOfPeer(0);
      Object.assign(impl.made[0]!, { leader: false });
      Object.assign(impl.made[2]!, { term: 5, leader: true });
      await t.sleep(1000);
    });
    expect(failure).toBe("term 5 has 2 (>1) leaders: election safety violated, raft-0 and raft-2 both led term 5");
  });

  it("election safety is checked after every RPC a peer handles", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      Object.assign(impl.made[0]!, { term: 3, leader: true });
      t.stateOfPeer(0);
      await impl.made[2]!.peers[1]!.call("lead", { term: 3 });
    });
    expect(failure).toBe("term 3 has 2 (>1) leaders: election safety violated, raft-0 and raft-1 both led term 3");
  });

  it("with checkLogsAtEveryStep (scenarios set it), the log invariants are checked after every RPC a peer handles too; without it, not", async () => {
    for (const everyStep of [false, true]) {
      const impl = fakeRaft();
      const { failure } = await inRaftWorld(impl, 3, async (t) => {
        t.checkLogsAtEveryStep = everyStep;
        inspecting(impl.made[0]!, 2, "follower", [[1, "a"], [1, "b"], [2, "c"]]);
        inspecting(impl.made[1]!, 2, "follower", [[1, "a"], [1, "x"], [2, "c"]]);
        inspecting(impl.made[2]!, 2, "follower", [[1, "a"]]);
        await impl.made[2]!.peers[1]!.call("ping", { n: 1 });
      });
      expect([everyStep, failure]).toEqual([everyStep, everyStep ? "log matching violated: raft-0 and raft-1 agree at index 3 (term 2) but differ at index 2: raft-0 has term 1 command b, raft-1 term 1 command x" : undefined]);
    }
  });

  it("log matching: two logs that agree on an index's term but differ below it fail, naming peers, index and terms", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      inspecting(impl.made[0]!, 2, "follower", [[1, "a"], [1, "b"], [2, "c"]]);
      inspecting(impl.made[1]!, 2, "follower", [[1, "a"], [1, "x"], [2, "c"]]);
      inspecting(impl.made[2]!, 2, "follower", [[1, "a"]]);
      t.checkInvariants();
    });
    expect(failure).toBe("log matching violated: raft-0 and raft-1 agree at index 3 (term 2) but differ at index 2: raft-0 has term 1 command b, raft-1 term 1 command x");
  });

  it("logs that differ only after their last agreeing term pass", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      inspecting(impl.made[0]!, 3, "follower", [[1, "a"], [2, "b"]]);
      inspecting(impl.made[1]!, 3, "follower", [[1, "a"], [3, "z"]]);
      inspecting(impl.made[2]!, 3, "follower", []);
      t.checkInvariants();
    });
    expect(failure).toBeUndefined();
  });

  it("leader completeness: a leader of the highest term without a committed entry fails", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      await impl.made[1]!.applyCh.send({ commandValid: true, command: "a", commandIndex: 1 });
      inspecting(impl.made[0]!, 4, "leader", []);
      inspecting(impl.made[1]!, 3, "follower", [[1, "a"]]);
      inspecting(impl.made[2]!, 4, "follower", []);
      t.checkInvariants();
    });
    expect(failure).toBe("leader completeness violated: raft-0 leads term 4 but has nothing at index 1, where a was committed");
  });

  it("state-machine safety: a peer whose committed entry differs from what was applied fails", async () => {
    const impl = fakeRaft();
    const { failure } = await inRaftWorld(impl, 3, async (t) => {
      await impl.made[1]!.applyCh.send({ commandValid: true, command: "a", commandIndex: 1 });
      inspecting(impl.made[0]!, 2, "follower", [[2, "b"]], 1);
      inspecting(impl.made[1]!, 2, "follower", [[1, "a"]], 1);
      inspecting(impl.made[2]!, 2, "follower", []);
      t.checkInvariants();
    });
    expect(failure).toBe("state-machine safety violated: raft-0 committed b (term 2) at index 1, where a was applied");
  });
});
