import { describe, expect, it } from "vitest";
import { HistoryError, check, explain, findModel, fromEvents, readHistory, validateHistory } from "../../../src/check/index.js";

describe("ordered events", () => {
  it("become operations timed by position; a call with no return has an unknown outcome", () => {
    const ops = fromEvents([
      { kind: "call", id: "a", client: 1, value: { op: "write", value: 1 } },
      { kind: "call", id: "b", client: 2, value: { op: "read" } },
      { kind: "return", id: "a", client: 1, value: {} },
    ]);
    expect(ops).toEqual([
      { client: 1, call: 0, return: 2, input: { op: "write", value: 1 }, output: {} },
      { client: 2, call: 1, input: { op: "read" } },
    ]);
  });

  it("a return with no call, or a second call, is an input error", () => {
    expect(() => fromEvents([{ kind: "return", id: 7, client: 0, value: null }])).toThrow(new HistoryError("event 0: a return for id 7 with no call before it", 0));
    expect(() =>
      fromEvents([
        { kind: "call", id: 1, client: 0, value: null },
        { kind: "call", id: 1, client: 0, value: null },
      ]),
    ).toThrow("event 1: a second call for id 1");
  });

  it("operations with impossible times are rejected before checking", () => {
    expect(() => validateHistory([{ client: 0, call: 5, return: 3, input: null, output: null }])).toThrow("operation 0: returns at 3, before its call at 5");
    expect(() => check([{ client: 0, call: 1, input: null, output: null }], findModel("register")!.model)).toThrow("has an output but no return time");
  });
});

describe("explanations", () => {
  it("name the key, the order, the state, and why each candidate fails", () => {
    const text = [
      '{"kvlab":"history","version":1,"model":"kv"}',
      '{"client":1,"call":0,"return":10,"input":{"op":"put","key":"x","value":"a","version":0},"output":{"err":"OK"}}',
      '{"client":3,"call":5}'.replace("}", ',"input":{"op":"put","key":"x","value":"z","version":1}}'),
      '{"client":2,"call":12,"return":15,"input":{"op":"get","key":"x"},"output":{"value":"b","version":2,"err":"OK"}}',
    ].join("\n");
    const loaded = readHistory(text, "h.jsonl");
    const model = findModel(loaded.model)!.model;
    const result = check(loaded.operations, model);
    expect(explain(loaded.operations, model, result, { label: (i) => `line ${loaded.lines[i]}` })).toBe(
      [
        'not linearizable: key "x" (3 operations)',
        "The longest order the model accepts places 2 of its 3 operations:",
        '  1. line 2 (client 1, [0, 10]) put("x", "a", 0) -> OK',
        '  2. line 3 (client 3, [5, never returned]) put("x", "z", 1) -> ?',
        'State then: "z" (version 2)',
        "None of the operations that may come next fits:",
        '  - line 4 (client 2, [12, 15]) get("x") -> ("b", 2, OK): the model does not allow this result in that state',
      ].join("\n"),
    );
  });

  it("say ok and unknown plainly", () => {
    const model = findModel("register")!.model;
    const h = [{ client: 0, call: 0, return: 1, input: { op: "write", value: 1 }, output: {} }];
    expect(explain(h, model, check(h, model))).toBe("linearizable: 1 operations in 1 partition (1 search steps)");
    expect(explain(h, model, check(h, model, { steps: 0 }))).toBe(
      [
        "unknown: the step budget ran out after 0 search steps, before the check could finish.",
        "0 of 1 partitions are linearizable; not finished: the history.",
        "Give the check a larger --budget (search steps), or record a shorter history.",
      ].join("\n"),
    );
  });

  it("advise only what can help: more memory, not more steps, when the memo filled", () => {
    const model = findModel("register")!.model;
    const h = [0, 1, 2, 3].map((i) => ({ client: i, call: 0, return: 9, input: { op: "write", value: i }, output: {} }));
    h.push({ client: 9, call: 0, return: 9, input: { op: "read" } as never, output: { value: 7 } as never });
    const text = explain(h, model, check(h, model, { memory: 400 }));
    expect(text).toContain("unknown: the memory budget ran out after");
    expect(text).toContain("Give the check more memory with --memory (MiB of memo); a larger --budget cannot help, or record a shorter history.");
    const timedOut = explain(h, model, { ...check(h, model, { steps: 1 }), unknownReason: "timeout" });
    expect(timedOut).toContain("the timeout expired");
    expect(timedOut).toContain("Give the check a longer --timeout, or record a shorter history.");
  });
});

describe("explanations of a long history", () => {
  it("name the operations that must wait for the earliest return", () => {
    const register = findModel("register")!.model;
    const h = [
      { client: 0, call: 0, return: 1, input: { op: "write", value: 1 }, output: {} },
      { client: 1, call: 2, return: 3, input: { op: "read" }, output: { value: 2 } },
      ...Array.from({ length: 7 }, (_, k) => ({ client: 2, call: 4 + k, return: 4 + k, input: { op: "write", value: k }, output: {} })),
    ];
    const text = explain(h, register, check(h, register));
    expect(text).toContain("  - op 1 (client 1, [2, 3]) read() -> 2: the model does not allow this result in that state");
    expect(text).toContain("The rest (op 2, op 3, op 4, op 5, op 6, and 2 more) were called after op 1 returned, so they cannot come before it.");
  });
});
