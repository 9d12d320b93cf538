import { describe, expect, it } from "vitest";
import { RaftLog } from "../../../../src/labs/raft/reference/log.js";

const entries = (...terms: number[]) => terms.map((term, i) => ({ term, command: `c${i}` }));

describe("RaftLog", () => {
  it("starts empty at index 0, term 0, and indexes entries from 1", () => {
    const log = new RaftLog();
    expect([log.lastIndex, log.lastTerm, log.termAt(0)]).toEqual([0, 0, 0]);
    log.append(entries(1, 1, 2));
    expect([log.lastIndex, log.lastTerm]).toEqual([3, 2]);
    expect(log.entry(1).command).toBe("c0");
    expect(log.termAt(4)).toBeUndefined();
    expect(log.from(2).map((entry) => entry.command)).toEqual(["c1", "c2"]);
  });

  it("truncates from an index, dropping it and everything after", () => {
    const log = new RaftLog();
    log.append(entries(1, 1, 2, 2));
    log.truncateFrom(3);
    expect(log.lastIndex).toBe(2);
    expect(log.lastTerm).toBe(1);
  });

  it("gives fast backup's hints: the first index of a term's run, the last index of a term", () => {
    const log = new RaftLog();
    log.append(entries(1, 2, 2, 2, 4, 4));
    expect(log.firstIndexOfTerm(4)).toBe(2);
    expect(log.firstIndexOfTerm(6)).toBe(5);
    expect(log.lastIndexOfTerm(2)).toBe(4);
    expect(log.lastIndexOfTerm(3)).toBeUndefined();
    expect(log.lastIndexOfTerm(5)).toBeUndefined();
  });

  it("compacts up to an index: the snapshot keeps that entry's term, later entries stay", () => {
    const log = new RaftLog();
    log.append(entries(1, 1, 2, 3));
    log.compact(2);
    expect([log.snapshotIndex, log.snapshotTerm, log.lastIndex]).toEqual([2, 1, 4]);
    expect(log.termAt(2)).toBe(1);
    expect(log.termAt(1)).toBeUndefined();
    expect(() => log.entry(2)).toThrow("log index 2 is not held (held: 3..4)");
    expect(log.from(1).map((entry) => entry.term)).toEqual([2, 3]);
    expect(log.indexed()).toEqual([
      { index: 3, term: 2, command: "c2" },
      { index: 4, term: 3, command: "c3" },
    ]);
    expect(log.firstIndexOfTerm(3)).toBe(3);
  });

  it("installs a leader's snapshot: keeps what follows a matching entry, drops a conflicting log", () => {
    const matching = new RaftLog();
    matching.append(entries(1, 1, 2, 2));
    matching.installSnapshot(2, 1);
    expect([matching.snapshotIndex, matching.lastIndex]).toEqual([2, 4]);

    const conflicting = new RaftLog();
    conflicting.append(entries(1, 1, 2, 2));
    conflicting.installSnapshot(3, 5);
    expect([conflicting.snapshotIndex, conflicting.snapshotTerm, conflicting.lastIndex, conflicting.lastTerm]).toEqual([3, 5, 3, 5]);

    const short = new RaftLog();
    short.append(entries(1));
    short.installSnapshot(10, 2);
    expect([short.snapshotIndex, short.lastIndex]).toEqual([10, 10]);
  });
});
