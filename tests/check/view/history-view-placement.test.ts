// How the run viewer places each operation of a checked history, for the cases a stale read does
// not show: unfinished partitions, operations waiting for an earlier return, an unknown-outcome
// operation that would change nothing, and lanes numbered past 9.
import { describe, expect, it } from "vitest";
import { type CheckOptions, type Operation, check, findModel } from "../../../src/check/index.js";
import type { LoadedHistory } from "../../../src/check/formats/loaded-history.js";
import { historyView } from "../../../src/check/view/history-view.js";

type Op = Operation<unknown, unknown>;
const register = findModel("register")!.model;
const write = (client: number, call: number, ret: number | undefined, value: number): Op =>
  ret === undefined ? { client, call, input: { op: "write", value } } : { client, call, return: ret, input: { op: "write", value }, output: {} };
const read = (client: number, call: number, ret: number, value: number | null): Op => ({ client, call, return: ret, input: { op: "read" }, output: { value } });

/** The view of `operations` as if read from a file, one per line from line 2, checked with `options`. */
function viewOf(operations: Op[], options: CheckOptions = {}, model = register) {
  const loaded: LoadedHistory = { format: "kvlab", model: "register", operations, lines: operations.map((_, i) => i + 2) };
  return historyView({ file: "h.jsonl", loaded, model, result: check(operations, model, options) });
}

describe("historyView's placement of each operation", () => {
  it("marks every operation of an unfinished partition, saying which budget ran out", () => {
    const hard = [...Array.from({ length: 8 }, (_, i) => write(i, 0, 100, i)), read(9, 0, 200, 42)];
    for (const [options, why] of [
      [{ steps: 5 }, "not finished when the check ran out of steps"],
      [{ memory: 0 }, "not finished when the check ran out of memory"],
    ] as const) {
      const view = viewOf(hard, options);
      expect(view.verdict).toBe("unknown");
      expect(view.summary).toMatch(/^unknown: the .* budget ran out after \d+ search steps/);
      expect(view.operations.map((op) => [op.role, op.details.checked])).toEqual(hard.map(() => ["other", why]));
    }
  });

  it("says which earlier return an operation waits for", () => {
    const view = viewOf([write(0, 0, 1, 1), read(1, 2, 3, 2), write(2, 4, 5, 3), read(3, 6, 7, 3)]);
    const [first, stale, later, lastRead] = view.operations;
    expect(first).toMatchObject({ role: "minimal", order: 1 });
    expect(stale).toMatchObject({ role: "unplaced" });
    expect(stale!.details["why not next"]).toBe("the model does not allow its result in the state before it");
    expect(later!.details["waits for"]).toBe("line 3, which returned before it was called");
    expect(lastRead!.details["waits for"]).toBe("line 3, which returned before it was called");
    // The later write stays in the smallest illegal part only as a write that may have applied.
    expect([later!.role, later!.details["smallest illegal part"]]).toEqual(["minimal", "yes, only as a write that happened at some time (or not)"]);
    expect(lastRead!.role).toBe("other");
  });

  it("says that an unknown-outcome operation would change nothing where it could come next, and that its outcome is unknown", () => {
    const view = viewOf([write(0, 0, 1, 1), write(1, 2, undefined, 1), read(2, 3, 4, 5)]);
    const pending = view.operations[1]!;
    expect(pending.role).toBe("unplaced");
    expect(pending.returnMs).toBeUndefined();
    expect(pending.details).toMatchObject({
      output: "none: the outcome is unknown",
      "why not next": "its outcome is unknown, and there it would change nothing",
      "state before": "1",
      "state after": "1",
    });
  });

  it("gives a linearizable history's order and states, and no smallest illegal part", () => {
    const view = viewOf([write(0, 0, 10, 1), read(1, 2, 3, null), read(2, 4, 5, 1)]);
    expect(view.summary).toMatch(/^linearizable: 3 operations in 1 partition/);
    expect(view.explanation).toEqual([]);
    expect(view.operations.map((op) => [op.order, op.details["state before"], op.details["state after"]])).toEqual([
      [2, "null", "1"],
      [1, "null", "null"],
      [3, "1", "1"],
    ]);
    expect(view.rerun).toBeUndefined();
    expect(view.rest).toBeUndefined();
  });

  it("orders lanes by client number, 2 before 10, and keys operations by partition", () => {
    const kv = findModel("kv")!.model;
    const put = (client: number, key: string, call: number): Op => ({ client, call, return: call + 1, input: { op: "put", key, value: "v", version: 0 }, output: { err: "OK" } });
    const view = viewOf([put(10, "b", 0), put(2, "a", 2), put(1, "c", 4)], {}, kv);
    expect(view.lanes).toEqual(["client 1", "client 2", "client 10"]);
    expect(view.operations.map((op) => [op.lane, op.key, op.details.line, op.details.input])).toEqual([
      ["client 10", "b", "2", '{"op":"put","key":"b","value":"v","version":0}'],
      ["client 2", "a", "3", '{"op":"put","key":"a","value":"v","version":0}'],
      ["client 1", "c", "4", '{"op":"put","key":"c","value":"v","version":0}'],
    ]);
  });
});
