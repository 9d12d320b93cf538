import { describe, expect, it } from "vitest";
import { check, findModel, readHistory } from "../../src/check/index.js";
import { anchorHistories, readAnchor } from "../support/anchors.js";
import { replay, verifyLinearization } from "./replay.js";

const histories = anchorHistories();

describe("every history Porcupine ships gets the verdict MANIFEST.tsv expects", () => {
  it("finds the histories", () => {
    expect(histories.filter((h) => h.set === "kv").length).toBe(6);
    expect(histories.filter((h) => h.set === "etcd").length).toBe(103);
  });

  it.each(histories.filter((h) => h.expected !== undefined))("$file: $expected", ({ file, expected, operations }) => {
    const loaded = readHistory(readAnchor(file), file);
    expect(loaded.operations.length).toBe(operations);
    const model = findModel(loaded.model)!.model;
    const result = check(loaded.operations, model);
    expect(result.verdict).toBe(expected);
    if (result.verdict === "ok") {
      for (const partition of result.partitions) verifyLinearization(loaded.operations, model, partition);
    } else {
      const failed = result.partitions.find((p) => p.name === result.illegalPartition)!;
      expect(failed.verdict).toBe("illegal");
      for (const end of failed.deadEnds!) {
        expect(model.equal(replay(loaded.operations, model, end.order), end.state)).toBe(true);
        // At the longest prefix no completed operation can be placed: each is rejected. (One of
        // unknown outcome may fit, leading where fewer of them led before: "explored".) Unless the
        // model's read evidence cut the order short: then a read not yet placed can no longer
        // return its value from that state.
        if (end.stuckRead === undefined) {
          for (const c of end.candidates) if (loaded.operations[c.op]!.return !== undefined) expect(c.outcome).toBe("rejected");
        } else {
          expect(end.order).not.toContain(end.stuckRead);
          expect(loaded.operations[end.stuckRead]!.return).toBeDefined();
        }
        // The rest wait for the earliest return: called after it.
        const horizon = loaded.operations[end.firstReturn!]!.return!;
        for (const i of end.waiting) expect(loaded.operations[i]!.call).toBeGreaterThan(horizon);
      }
    }
  });

  it("without the models' readOnly hint (no read-only pruning) every verdict is the same", () => {
    for (const { file, expected } of histories.filter((h) => h.expected !== undefined)) {
      const loaded = readHistory(readAnchor(file), file);
      const { readOnly: _, ...plain } = findModel(loaded.model)!.model;
      expect([file, check(loaded.operations, plain).verdict]).toEqual([file, expected]);
    }
  });

  it("etcd_095.log is empty: no format to sniff, and an empty history when named", () => {
    const file = "test_data/jepsen/etcd_095.log";
    const text = readAnchor(file);
    expect(() => readHistory(text, file)).toThrow(`${file}: expected a history, found an empty file`);
    const loaded = readHistory(text, file, "jepsen-etcd");
    expect(loaded.operations).toEqual([]);
    expect(check(loaded.operations, findModel(loaded.model)!.model).verdict).toBe("ok");
  });
});
