import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, findModel, readHistory } from "../../../src/check/index.js";
import { historyView } from "../../../src/check/view/history-view.js";
import { SHOWN_OPERATIONS } from "../../../src/check/view/run-window.js";
import { repo } from "../../support/run-cli.js";

function viewOf(name: string) {
  const file = join("tests", "check", "fixtures", "good", name);
  const loaded = readHistory(readFileSync(join(repo, file), "utf8"), file);
  const model = findModel(loaded.model)!.model;
  return historyView({ file, loaded, model, result: check(loaded.operations, model), rerun: `kvlab check ${file}` });
}

describe("historyView", () => {
  it("places an illegal history's operations as the check did, with the state around each", () => {
    const view = viewOf("kv-stale-read.jsonl");
    expect(view.verdict).toBe("illegal");
    expect(view.summary).toBe('not linearizable: key "x" (4 operations)');
    expect(view.explanation).toContain('State then: "b" (version 2)');
    expect(view.lanes).toEqual(["client 1", "client 2", "client 3"]);
    // The smallest illegal part: the overwrite and the stale read as recorded, and the first put only
    // as a write that happened (the first get is not needed); the stale read stays the violation.
    expect(view.operations.map((op) => [op.role, op.order])).toEqual([
      ["minimal", 1],
      ["placed", 2],
      ["minimal", 3],
      ["unplaced", undefined],
      ["other", undefined],
    ]);
    expect(view.explanation.at(-1)).toBe("The smallest part that is still not linearizable: line 4, line 5, and line 2 only as writes that may have applied (3 of the partition's 4 operations).");
    const [put, , putB, staleGet, otherKey] = view.operations;
    expect(put).toMatchObject({ lane: "client 1", callMs: 0, returnMs: 10, key: "x", label: 'put("x", "a", 0) -> OK' });
    expect(put!.details).toMatchObject({ line: "2", "state before": "no value (version 0)", "state after": '"a" (version 1)' });
    expect(putB!.details["state after"]).toBe('"b" (version 2)');
    expect(staleGet!.details).toMatchObject({ line: "5", "state before": '"b" (version 2)', "why not next": "the model does not allow its result in the state before it", "smallest illegal part": "yes, as recorded" });
    expect(put!.details["smallest illegal part"]).toBe("yes, only as a write that happened at some time (or not)");
    expect(otherKey!.details.checked).toBe("no: the check stops at the first illegal partition");
    expect(view).toMatchObject({ messages: [], markers: [], timeUnit: "", rerun: "kvlab check tests/check/fixtures/good/kv-stale-read.jsonl" });
  });

  it("numbers a linearizable history's operations in the order found", () => {
    const view = viewOf("kv-concurrent.jsonl");
    expect(view.verdict).toBe("ok");
    expect(view.operations.every((op) => op.role === "linearized")).toBe(true);
    expect(view.operations.map((op) => op.order).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("draws a long history around the violation and counts the rest", () => {
    // 5,000 puts on 10 keys, then a get of key k3 that sees a value long overwritten.
    const lines = ['{"kvlab":"history","version":1,"model":"kv"}'];
    const versions = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const key = `k${i % 10}`;
      const version = versions.get(key) ?? 0;
      versions.set(key, version + 1);
      lines.push(JSON.stringify({ client: i % 40, call: 2 * i, return: 2 * i + 1, input: { op: "put", key, value: `v${i}`, version }, output: { err: "OK" } }));
    }
    lines.push(JSON.stringify({ client: 7, call: 10_000, return: 10_001, input: { op: "get", key: "k3" }, output: { value: "v3", version: 1, err: "OK" } }));
    const loaded = readHistory(lines.join("\n"), "long.jsonl");
    const model = findModel(loaded.model)!.model;
    const view = historyView({ file: "long.jsonl", loaded, model, result: check(loaded.operations, model) });
    expect(view.operations).toHaveLength(SHOWN_OPERATIONS);
    expect(view.operations.find((op) => op.role === "unplaced")?.label).toMatch(/^get\("k3"\)/);
    expect(view.rest).toMatchObject({ total: { operations: 5001, messages: 0, faults: 0 }, byKind: [["put", 5000], ["get", 1]] });
  });
});
