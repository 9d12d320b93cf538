import { describe, expect, it } from "vitest";
import { RaftLog } from "../../../../src/labs/raft/reference/log.js";
import { StateEncoder, decodeState } from "../../../../src/labs/raft/reference/state-codec.js";

describe("the reference Raft's state codec", () => {
  it("reads back term, vote and a log that starts after a snapshot", () => {
    const log = new RaftLog();
    log.append([{ term: 1, command: 5 }, { term: 2, command: "x" }, { term: 2, command: 7 }]);
    log.compact(1);
    const saved = new StateEncoder().encode({ term: 3, votedFor: 1, log });
    expect(saved).toBe('{"t":3,"v":1,"si":1,"st":1,"e":[[2,"x"],[2,7]]}');
    const read = decodeState(saved);
    expect([read.term, read.votedFor, read.log.snapshotIndex, read.log.snapshotTerm]).toEqual([3, 1, 1, 1]);
    expect(read.log.indexed()).toEqual(log.indexed());
  });

  it("reads an empty save as a first boot, and bytes as UTF-8 text", () => {
    const boot = decodeState("");
    expect([boot.term, boot.votedFor, boot.log.lastIndex]).toEqual([0, null, 0]);
    const bytes = new TextEncoder().encode(new StateEncoder().encode({ term: 2, votedFor: null, log: new RaftLog() }));
    expect(decodeState(bytes).term).toBe(2);
  });

  it("keeps ten entries of big numbers well under the 3D tests' 2,000 bytes", () => {
    const log = new RaftLog(90, 4);
    log.append(Array.from({ length: 20 }, () => ({ term: 12, command: 2 ** 62 + 12345 })));
    expect(new StateEncoder().encode({ term: 12, votedFor: 3, log }).length).toBeLessThan(700);
  });

  it("an encoder kept across changes writes what a fresh one writes: appends, truncation, compaction", () => {
    const log = new RaftLog();
    const kept = new StateEncoder();
    const same = () => expect(kept.encode({ term: 4, votedFor: 2, log })).toBe(new StateEncoder().encode({ term: 4, votedFor: 2, log }));
    same();
    log.append([{ term: 1, command: "a" }, { term: 1, command: "b" }]);
    same();
    log.append([{ term: 2, command: "c" }]);
    same();
    log.truncateFrom(3);
    log.append([{ term: 3, command: "d" }]);
    same();
    log.compact(2);
    same();
    log.installSnapshot(9, 5);
    same();
    expect(decodeState(kept.encode({ term: 4, votedFor: 2, log })).log.lastIndex).toBe(9);
  });
});
