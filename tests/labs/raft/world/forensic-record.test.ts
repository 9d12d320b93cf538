import { describe, expect, it } from "vitest";
import { runInWorld, type Lab } from "../../../../src/harness/index.js";
import { raftLab, raftReference, type RaftImplementation } from "../../../../src/labs/raft/index.js";
import type { RaftWorld } from "../../../../src/labs/raft/world/index.js";
import { allRaftTests } from "../suites/test-lab.js";

const basicAgree = allRaftTests.find((definition) => definition.name === "TestBasicAgree3B")!;

function run(forensics: boolean, impl: RaftImplementation = raftReference) {
  return runInWorld<RaftWorld>({ lab: raftLab as Lab, impl, definition: basicAgree as never, seed: 1, options: { trace: true, forensics } });
}

describe("the Raft world's forensic record", () => {
  it("is kept only with forensics, and changes nothing of the run (same trace hash)", async () => {
    const plain = await run(false);
    const kept = await run(true);
    expect(plain.world!.forensics).toBeUndefined();
    expect(kept.report.verdict).toBe("pass");
    expect(kept.report.traceHash).toBe(plain.report.traceHash);
  });

  it("holds every RPC handled, each peer's roles by term (a candidate before a leader), what each peer committed and its last inspection", async () => {
    const { world, report } = await run(true);
    const record = world!.forensics!;
    expect(record.executions.length).toBe(world!.net.counts().executed["raft-0"]! + world!.net.counts().executed["raft-1"]! + world!.net.counts().executed["raft-2"]!);
    const leader = record.roles.find((change) => change.role === "leader")!;
    expect(leader.term).toBeGreaterThanOrEqual(1);
    const candidacy = record.roles.find((change) => change.peer === leader.peer && change.role === "candidate" && change.term === leader.term)!;
    expect(candidacy.timeMs).toBeLessThanOrEqual(leader.timeMs);
    // TestBasicAgree3B agrees on three commands; every peer counts indices 1-3 committed, once each.
    for (const peer of [0, 1, 2]) {
      expect(record.commits.filter((commit) => commit.peer === peer).map((commit) => commit.index)).toEqual([1, 2, 3]);
      expect(record.last[peer]!.view.log.map((entry) => entry.index)).toEqual([1, 2, 3]);
      expect(record.last[peer]!.timeMs).toBeLessThanOrEqual(report.virtualMs);
    }
  });

  it("samples a peer without inspect() through getState: roles are leader or not leader, and no commits", async () => {
    const bare: RaftImplementation = {
      make: (...args) => {
        const peer = raftReference.make(...args);
        return { start: (c) => peer.start(c), getState: () => peer.getState(), snapshot: (i, s) => peer.snapshot(i, s), kill: () => peer.kill(), ...handlers(peer) };
      },
    };
    const { world, report } = await run(true, bare);
    expect(report.verdict).toBe("pass");
    const record = world!.forensics!;
    expect(new Set(record.roles.map((change) => change.role))).toEqual(new Set(["not leader", "leader"]));
    expect(record.commits).toEqual([]);
    expect(record.last).toEqual([]);
  });
});

/** The reference's RPC handlers, bound to it. */
function handlers(peer: object): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  for (const name of ["requestVote", "appendEntries", "installSnapshot"]) bound[name] = (args: unknown) => (peer as Record<string, (a: unknown) => unknown>)[name]!(args);
  return bound;
}
