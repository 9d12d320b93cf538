import { describe, expect, it } from "vitest";
import { type CheckResult, type Model, type Operation, check, explain, findModel, operationText, readHistory, stateText } from "../../../src/check/index.js";
import { readAnchor } from "../../support/anchors.js";

type Op = Operation<unknown, unknown>;
const register = findModel("register")!.model;
const kv = findModel("kv")!.model;
const write = (client: number, call: number, ret: number, value: number): Op => ({ client, call, return: ret, input: { op: "write", value }, output: {} });
const read = (client: number, call: number, ret: number, value: number | null): Op => ({ client, call, return: ret, input: { op: "read" }, output: { value } });
const get = (key: string, call: number, ret: number, value: string): Op => ({ client: 0, call, return: ret, input: { op: "get", key }, output: { value, version: 0, err: "OK" } });
const put = (key: string, call: number, ret: number | undefined, value: string, version: number, err = "OK"): Op => {
  const op: Op = { client: 1, call, input: { op: "put", key, value, version } };
  if (ret !== undefined) Object.assign(op, { return: ret, output: { err } });
  return op;
};

describe("explain, for an ok verdict", () => {
  it("counts operations and partitions, one or several", () => {
    const h = [put("a", 0, 1, "x", 0), put("b", 2, 3, "y", 0), get("b", 4, 5, "y")];
    const result = check(h, kv);
    expect(explain(h, kv, result)).toBe(`linearizable: 3 operations in 2 partitions (${result.steps} search steps)`);
    expect(explain([], kv, check([], kv))).toBe("linearizable: 0 operations in 0 partitions (0 search steps)");
  });
});

describe("explain, for an unknown verdict", () => {
  it("names the partitions not finished and counts those that were", () => {
    const hard = Array.from({ length: 9 }, (_, i) => put("hard", 0, 50, `${i}`, 0, "ErrMaybe"));
    const h = [put("easy", 0, 1, "x", 0), ...hard, get("hard", 0, 60, "nobody")];
    const result = check(h, kv, { steps: 30 });
    expect(result.verdict).toBe("unknown");
    expect(explain(h, kv, result).split("\n")).toEqual([
      `unknown: the step budget ran out after ${result.steps} search steps, before the check could finish.`,
      '1 of 2 partitions are linearizable; not finished: key "hard".',
      "Give the check a larger --budget (search steps), or record a shorter history.",
    ]);
  });
});

describe("explain, for an illegal verdict", () => {
  it("says no operation can come first when the first one already fails", () => {
    const h = [read(0, 0, 1, 5)];
    expect(explain(h, register, check(h, register))).toBe(
      [
        "not linearizable: the history (1 operations)",
        "No operation of it can come first.",
        "State then: null",
        "None of the operations that may come next fits:",
        "  - op 0 (client 0, [0, 1]) read() -> 5: the model does not allow this result in that state",
      ].join("\n"),
    );
  });

  it("shows only the last `context` operations of a long order, numbered in the whole order", () => {
    const h = [...Array.from({ length: 6 }, (_, i) => write(0, 2 * i, 2 * i + 1, i)), read(1, 20, 21, 99)];
    const lines = explain(h, register, check(h, register), { context: 2, label: (i) => `#${i}` }).split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "not linearizable: the history (7 operations)",
      "The longest order the model accepts places 6 of its 7 operations:",
      "  ... 4 earlier operations",
      "  5. #4 (client 0, [8, 9]) write(4)",
      "  6. #5 (client 0, [10, 11]) write(5)",
    ]);
    expect(lines[5]).toBe("State then: 5");
  });

  it("words each outcome of a dead end, the count of other orders, and the operations left waiting", () => {
    const h = [write(0, 0, 1, 1), { client: 1, call: 0, input: { op: "write", value: 1 } } as Op, write(2, 0, 3, 2), read(3, 4, 5, 7), read(4, 6, 7, 7)];
    const result: CheckResult<unknown> = {
      verdict: "illegal",
      illegalPartition: "",
      steps: 9,
      partitions: [
        {
          name: "",
          verdict: "illegal",
          operations: [0, 1, 2, 3, 4],
          steps: 9,
          deadEnds: [
            {
              order: [0],
              state: 1,
              candidates: [
                { op: 1, outcome: "no-effect", after: 1 },
                { op: 2, outcome: "explored", after: 2 },
                { op: 3, outcome: "rejected" },
              ],
              firstReturn: 2,
              waiting: [4],
            },
            { order: [2], state: 2, candidates: [], waiting: [] },
          ],
        },
      ],
    };
    expect(explain(h, register, result, { time: (t) => `t${t}` }).split("\n")).toEqual([
      "not linearizable: the history (5 operations)",
      "The longest order the model accepts places 1 of its 5 operations:",
      "  1. op 0 (client 0, [t0, t1]) write(1)",
      "State then: 1",
      "None of the operations that may come next fits:",
      "  - op 1 (client 1, [t0, never returned]) write(1) -> ?: its outcome is unknown and here it would change nothing",
      "  - op 2 (client 2, [t0, t3]) write(2): it fits (state 2), but every way on from there was already tried and fails",
      "  - op 3 (client 3, [t4, t5]) read() -> 7: the model does not allow this result in that state",
      "The rest (op 4) were called after op 2 returned, so they cannot come before it.",
      "(1 other order of the same length also ends here.)",
    ]);
    const none = { ...result, partitions: [{ ...result.partitions[0]!, deadEnds: [{ order: [0], state: 1, candidates: [], waiting: [] }, ...result.partitions[0]!.deadEnds!, { order: [1], state: 1, candidates: [], waiting: [] }] }] };
    const lines = explain(h, register, none).split("\n");
    expect(lines).toContain("  (none: every operation left was called after one that must come first)");
    expect(lines.at(-1)).toBe("(3 other orders of the same length also end here.)");
  });

  it("names the partition of a partitioned model by its key, and counts only its operations", () => {
    const h = [put("a", 0, 1, "x", 0), put("b", 2, 3, "y", 0), get("b", 4, 5, "z")];
    expect(explain(h, kv, check(h, kv)).split("\n")[0]).toBe('not linearizable: key "b" (2 operations)');
  });
});

describe("operation and state texts", () => {
  const bare: Model<{ n: number }, { add: number }, { total: number }> = {
    init: () => ({ n: 0 }),
    step: (s, input) => ({ n: s.n + input.add }),
    equal: (a, b) => a.n === b.n,
    hash: (s) => s.n,
  };

  it("use the model's describers when it has them", () => {
    expect(operationText(kv, put("k", 0, 1, "v", 0))).toBe('put("k", "v", 0) -> OK');
    expect(stateText(kv, { value: "v", version: 1 })).toBe('"v" (version 1)');
  });

  it("fall back to JSON, with ? for an unknown outcome", () => {
    expect(operationText(bare, { client: 0, call: 0, return: 1, input: { add: 2 }, output: { total: 2 } })).toBe('{"add":2} -> {"total":2}');
    expect(operationText(bare, { client: 0, call: 0, input: { add: 2 } })).toBe('{"add":2} -> ?');
    expect(stateText(bare, { n: 3 })).toBe('{"n":3}');
  });
});

describe("explain, where the model's read evidence cut the orders short", () => {
  it("names the read that can no longer be returned, and says that what fits leads nowhere (Porcupine's c50-bad)", () => {
    const loaded = readHistory(readAnchor("test_data/kv/c50-bad.txt"), "c50-bad.txt");
    const model = findModel(loaded.model)!.model;
    const result = check(loaded.operations, model);
    const end = result.partitions.find((p) => p.name === result.illegalPartition)!.deadEnds![0]!;
    expect(end.stuckRead).toBeDefined();
    expect(end.candidates.some((c) => c.outcome === "explored")).toBe(true);
    const stuck = loaded.operations[end.stuckRead!]!;
    const lines = explain(loaded.operations, model, result).split("\n");
    const at = lines.findIndex((line) => line.startsWith("State then: "));
    expect(lines[at + 1]).toBe(
      `op ${end.stuckRead} (client ${stuck.client}, [${stuck.call}, ${stuck.return}]) ${operationText(model, stuck)} can no longer return that: from this state, no order of the operations not yet placed leads to it.`,
    );
    expect(lines[at + 2]).toBe("So none of the operations that may come next leads anywhere:");
    // What fits was not tried on: the read rules out every way on from it too.
    expect(lines[at + 3]).toMatch(/^ {2}- op \d+ .*: it fits \(state ".*"\), but from there too that read can never be returned$/);
    // Replayed independently: the read fits no state its value can still be made from, here the state then.
    expect(model.step(end.state, stuck.input, stuck.output)).toBeUndefined();
  });

  it("keeps the plain wording where every candidate is rejected", () => {
    const h = [put("k", 0, 1, "a", 0), get("k", 2, 3, "b")];
    const text = explain(h, kv, check(h, kv));
    expect(text).toContain("None of the operations that may come next fits:");
    expect(text).not.toContain("can no longer return that");
  });
});
