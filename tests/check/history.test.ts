import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HistoryEvent, HistoryError, type Operation, fromEvents, validateHistory } from "../../src/check/index.js";

const op = (call: number, ret?: number, output: unknown = ret === undefined ? undefined : null): Operation<null, unknown> => {
  const o: Operation<null, unknown> = { client: 0, call, input: null };
  if (ret !== undefined) o.return = ret;
  if (output !== undefined) o.output = output;
  return o;
};

/** The HistoryError `run` throws. */
function refusal(run: () => void): HistoryError {
  try {
    run();
  } catch (error) {
    if (error instanceof HistoryError) return error;
    throw error;
  }
  throw new Error("no HistoryError");
}

describe("validateHistory", () => {
  it("names the first bad operation by index, for each way its times can be wrong", () => {
    const cases: [Operation<null, unknown>, string][] = [
      [op(NaN, 1), "call time NaN is not a number"],
      [op(Infinity), "call time Infinity is not a number"],
      [op(0, NaN), "return time NaN is not a number"],
      [op(0, -Infinity), "return time -Infinity is not a number"],
      [op(2 ** 53 + 2, 2 ** 53 + 4), "call time 9007199254740994 is beyond 2^53 - 1, where a double stands for several integers: give times as their ranks"],
      [op(0, undefined, "out"), "has an output but no return time"],
      [op(3, 2), "returns at 2, before its call at 3"],
    ];
    for (const [bad, message] of cases) {
      const error = refusal(() => validateHistory([op(0, 1), op(1), bad]));
      expect(error.index).toBe(2);
      expect(error.message).toBe(`operation 2: ${message}`);
      expect(error.name).toBe("HistoryError");
    }
  });

  it("accepts a return at its own call, fractional and negative times, and an operation that never returned", () => {
    expect(() => validateHistory([op(5, 5), op(-3.5, -1.25), op(7), op(0, 1, undefined)])).not.toThrow();
  });

  it("accepts an empty history", () => {
    expect(() => validateHistory([])).not.toThrow();
  });
});

describe("fromEvents", () => {
  it("times each operation by its events' positions, in call order, whatever the ids", () => {
    const events = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 20 }).map((clients) => {
      // Each client calls and returns in turn; some calls stay open at the end.
      const list: HistoryEvent<string, string>[] = [];
      const open = new Map<number, number>();
      clients.forEach((client, i) => {
        const id = open.get(client);
        if (id === undefined) {
          open.set(client, i);
          list.push({ kind: "call", id: `id${i}`, client, value: `in${i}` });
        } else {
          open.delete(client);
          list.push({ kind: "return", id: `id${id}`, client, value: `out${id}` });
        }
      });
      return list;
    });
    fc.assert(
      fc.property(events, (list) => {
        const ops = fromEvents(list);
        const calls = list.flatMap((e, i) => (e.kind === "call" ? [i] : []));
        expect(ops.map((o) => o.call)).toEqual(calls);
        for (const o of ops) {
          const id = `id${(o.input as string).slice(2)}`;
          const ret = list.findIndex((e) => e.kind === "return" && e.id === id);
          if (ret === -1) {
            expect(o.return).toBeUndefined();
            expect(o.output).toBeUndefined();
          } else {
            expect(o.return).toBe(ret);
            expect(o.output).toBe(`out${(o.input as string).slice(2)}`);
          }
        }
        expect(() => validateHistory(ops)).not.toThrow();
      }),
    );
  });

  it("refuses a second return for one id as a return with no open call", () => {
    const error = refusal(() =>
      fromEvents([
        { kind: "call", id: 1, client: 0, value: null },
        { kind: "return", id: 1, client: 0, value: null },
        { kind: "return", id: 1, client: 0, value: null },
      ]),
    );
    expect(error.index).toBe(2);
    expect(error.message).toBe("event 2: a return for id 1 with no call before it");
  });

  it("refuses reusing an id after its operation returned", () => {
    const error = refusal(() =>
      fromEvents([
        { kind: "call", id: "a", client: 0, value: null },
        { kind: "return", id: "a", client: 0, value: null },
        { kind: "call", id: "a", client: 0, value: null },
      ]),
    );
    expect([error.index, error.message]).toEqual([2, "event 2: a second call for id a"]);
  });

  it("gives nothing for no events", () => {
    expect(fromEvents([])).toEqual([]);
  });
});
