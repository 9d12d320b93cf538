import { describe, expect, it } from "vitest";
import { firstDisagreement, holdingWords } from "../../../../src/labs/raft/forensics/disagreement.js";
import { RaftForensicRecord, type RaftEvent } from "../../../../src/labs/raft/world/index.js";

const apply = (timeMs: number, peer: number, index: number, command: unknown): RaftEvent => ({ timeMs, kind: "apply", peer, index, command });

describe("the first disagreement", () => {
  it("is the first decision, commit or apply, of a command other than the one decided first at its index", () => {
    const record = new RaftForensicRecord(() => 0);
    record.commits.push({ timeMs: 20, peer: 2, incarnation: 1, index: 2, term: 3, command: "y" });
    const events = [apply(10, 0, 1, "a"), apply(11, 1, 1, "a"), apply(15, 0, 2, "x"), apply(30, 1, 2, "y")];
    const found = firstDisagreement(record, events)!;
    expect(found.index).toBe(2);
    expect(found.first).toEqual({ peer: 0, index: 2, command: "x", timeMs: 15, how: "applied" });
    expect(found.second).toMatchObject({ peer: 2, command: "y", term: 3, timeMs: 20, how: "committed" });
    expect(holdingWords(found.second)).toBe("raft-2 committed y (term 3) at 20.000ms");
  });

  it("is undefined while every decision agrees", () => {
    expect(firstDisagreement(new RaftForensicRecord(() => 0), [apply(1, 0, 1, { k: 1 }), apply(2, 1, 1, { k: 1 })])).toBeUndefined();
  });
});
