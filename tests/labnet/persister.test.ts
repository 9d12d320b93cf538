import { describe, expect, expectTypeOf, it } from "vitest";
import { Persister } from "../../labnet/index.js";
import type { RaftPersister } from "../../src/labs/raft/contract.js";

describe("labnet persister", () => {
  it("starts empty, and reads back what was saved", () => {
    const persister = new Persister();
    expect(persister.readRaftState()).toBe("");
    expect(persister.readSnapshot()).toBe("");
    persister.save("state-1", "snapshot-1");
    expect(persister.readRaftState()).toBe("state-1");
    expect(persister.readSnapshot()).toBe("snapshot-1");
  });

  it("saving without a snapshot saves an empty one, erasing the last (the course's Save(state, nil))", () => {
    const persister = new Persister();
    persister.save("s1", "snap");
    persister.save("s2");
    expect(persister.readRaftState()).toBe("s2");
    expect(persister.readSnapshot()).toBe("");
    expect(persister.snapshotSize()).toBe(0);
    persister.save("s3", "snap-2");
    persister.save("s4", null);
    expect(persister.readSnapshot()).toBe("");
  });

  it("bytes are copied on the way in and on the way out, so nobody shares them with the disk", () => {
    const persister = new Persister();
    const saved = new Uint8Array([1, 2, 3]);
    const snapshot = new Uint8Array([9]);
    persister.save(saved, snapshot);
    saved[0] = 42;
    snapshot[0] = 42;
    const read = persister.readRaftState() as Uint8Array;
    expect([...read]).toEqual([1, 2, 3]);
    read[1] = 42;
    expect([...(persister.readRaftState() as Uint8Array)]).toEqual([1, 2, 3]);
    const readSnapshot = persister.readSnapshot() as Uint8Array;
    readSnapshot[0] = 7;
    expect([...(persister.readSnapshot() as Uint8Array)]).toEqual([9]);
  });

  it("sizes are in bytes: UTF-8 for text", () => {
    const persister = new Persister();
    persister.save("héllo", new Uint8Array(10));
    expect(persister.raftStateSize()).toBe(6);
    expect(persister.snapshotSize()).toBe(10);
  });

  it("a copy holds the same saved state and goes its own way after", () => {
    const persister = new Persister();
    persister.save(new Uint8Array([1]), "snap");
    const copy = persister.copy();
    expect([...(copy.readRaftState() as Uint8Array)]).toEqual([1]);
    expect(copy.readSnapshot()).toBe("snap");
    persister.save("later");
    expect([...(copy.readRaftState() as Uint8Array)]).toEqual([1]);
    expect(copy.readSnapshot()).toBe("snap");
    copy.save("copy's own", "copy's snap");
    expect(persister.readRaftState()).toBe("later");
    expect(persister.readSnapshot()).toBe("");
  });

  it("is what the Raft lab's contract asks of a persister", () => {
    expectTypeOf<Persister>().toMatchTypeOf<RaftPersister>();
    const persister: RaftPersister = new Persister();
    expect(persister.raftStateSize()).toBe(0);
  });
});
