import { describe, expect, it } from "vitest";
import { cellAt, disagreementAt, logTableLines, type LogTable } from "../../../../src/labs/raft/forensics/logs.js";
import type { RaftInspection } from "../../../../src/labs/raft/index.js";

const view = (log: [number, unknown][], commitIndex: number, snapshotIndex = 0): RaftInspection => ({
  term: 3,
  votedFor: null,
  role: "follower",
  log: log.map(([term, command], i) => ({ index: snapshotIndex + 1 + i, term, command })),
  snapshotIndex,
  snapshotTerm: snapshotIndex === 0 ? 0 : 1,
  commitIndex,
  lastApplied: commitIndex,
});

describe("the peers' logs at the failure", () => {
  const table: LogTable = {
    views: [view([[1, 10], [2, 20], [2, 30]], 2), view([[1, 10], [3, 99]], 1), undefined, view([[2, 30]], 3, 2)],
    applied: [new Map([[1, 10], [2, 20]]), new Map([[1, 10], [2, 20]]), new Map([[1, 10]]), new Map()],
  };

  it("hold each peer's entry, whether it is committed, applied (and what), or in its snapshot", () => {
    expect(cellAt(table, 1, 2)).toEqual({ term: 3, command: 99, inSnapshot: false, committed: false, applied: { command: 20 } });
    expect(cellAt(table, 3, 1)).toEqual({ inSnapshot: true, committed: true });
    expect(cellAt(table, 2, 1)).toEqual({ inSnapshot: false, committed: false, applied: { command: 10 } });
  });

  it("tell decided differences (a peer holding other than it applied is one) from entries only held differently", () => {
    expect(disagreementAt(table, 1)).toBeUndefined();
    expect(disagreementAt(table, 2)).toBe("decided");
    expect(disagreementAt(table, 3)).toBeUndefined();
    const held: LogTable = { views: [view([[1, 10], [1, 11]], 1), view([[1, 10], [2, 12]], 1)], applied: [new Map(), new Map()] };
    expect(disagreementAt(held, 2)).toBe("held");
    const decided: LogTable = { views: [view([[1, 10], [1, 11]], 2), view([[1, 10], [2, 12]], 2)], applied: [new Map(), new Map()] };
    expect(disagreementAt(decided, 2)).toBe("decided");
  });

  it("print as a table around an index: a column per peer, marks for committed and applied, ✗ where peers decided differently", () => {
    const lines = logTableLines(table, 2, 1, ["raft-0", "raft-1", "raft-2", "raft-3"]);
    expect(lines).toEqual([
      "     index  raft-0           raft-1           raft-2           raft-3",
      "         1  1:10 a           1:10 a           · a              (snapshot)",
      "  ✗      2  2:20 a           3:99 a=20        ·                (snapshot)",
      "         3  2:30             ·                ·                2:30 c",
      "    commit  2                1                no inspect()     3",
      "      last  3                2                no inspect()     3",
    ]);
  });
});
