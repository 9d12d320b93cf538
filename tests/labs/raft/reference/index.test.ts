import { describe, expect, it } from "vitest";
import { Persister, Simulation } from "../../../../labnet/index.js";
import { ReferenceRaft, raftReference } from "../../../../src/labs/raft/reference/index.js";

describe("the reference Raft's face", () => {
  it("raftReference makes ReferenceRaft peers, which start as followers of term 0 with nothing applied", () => {
    const env = new Simulation({ seed: 1 }).env("raft-0");
    const raft = raftReference.make([], 0, new Persister(), { send: async () => {} }, env);
    expect(raftReference.name).toBe("reference");
    expect(raft).toBeInstanceOf(ReferenceRaft);
    expect(raft.getState()).toEqual({ term: 0, isLeader: false });
    expect(raft.start("x")).toEqual({ index: -1, term: 0, isLeader: false });
    expect(raft.inspect!()).toEqual({ term: 0, votedFor: null, role: "follower", log: [], snapshotIndex: 0, snapshotTerm: 0, commitIndex: 0, lastApplied: 0 });
    raft.kill();
  });
});
