import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Operation, check, kvModel } from "../../../src/check/index.js";
import type { KvInput, KvOutput } from "../../../src/check/models/kv.js";
import { minimalIllegalHistory } from "../../../src/check/explain/shrink-history.js";

type KvOp = Operation<KvInput, KvOutput>;
const put = (client: number, call: number, ret: number, value: string, version: number, err: KvOutput["err"]): KvOp => ({ client, call, return: ret, input: { op: "put", key: "x", value, version }, output: { err } });
const get = (client: number, call: number, ret: number, value: string, version: number): KvOp => ({ client, call, return: ret, input: { op: "get", key: "x" }, output: { value, version, err: "OK" } });

describe("the minimal illegal sub-history", () => {
  it("keeps what a stale read needs: the overwrite and the read; the first write only as 'applied at some time'", () => {
    const history = [put(1, 0, 10, "a", 0, "OK"), get(2, 12, 15, "a", 1), put(1, 16, 20, "b", 1, "OK"), get(2, 22, 25, "a", 1), put(3, 30, 40, "c", 7, "ErrVersion")];
    expect(minimalIllegalHistory(history, kvModel)).toEqual({ key: "x", kept: [2, 3], weakened: [0], total: 5 });
  });

  it("is undefined for a linearizable history", () => {
    expect(minimalIllegalHistory([put(1, 0, 10, "a", 0, "OK"), get(2, 12, 15, "a", 1)], kvModel)).toBeUndefined();
  });

  it("on random illegal histories: the part is illegal, and weakening any one more operation makes it legal", () => {
    const opArbitrary = fc.record({
      client: fc.integer({ min: 1, max: 3 }),
      start: fc.integer({ min: 0, max: 40 }),
      length: fc.integer({ min: 0, max: 10 }),
      isPut: fc.boolean(),
      value: fc.constantFrom("a", "b", "c"),
      version: fc.integer({ min: 0, max: 2 }),
      err: fc.constantFrom<KvOutput["err"]>("OK", "ErrVersion", "ErrMaybe"),
    });
    fc.assert(
      fc.property(fc.array(opArbitrary, { minLength: 1, maxLength: 8 }), (specs) => {
        const history = specs.map((s) => (s.isPut ? put(s.client, s.start, s.start + s.length, s.value, s.version, s.err) : get(s.client, s.start, s.start + s.length, s.value, s.version)));
        const minimal = minimalIllegalHistory(history, kvModel);
        if (check(history, kvModel).verdict !== "illegal") return minimal === undefined;
        const part = (kept: number[], weakened: number[]) => [...kept.map((i) => history[i]!), ...weakened.map((i) => ({ client: history[i]!.client, call: history[i]!.call, input: history[i]!.input }))];
        expect(check(part(minimal!.kept, minimal!.weakened), kvModel).verdict).toBe("illegal");
        for (const i of minimal!.kept) {
          const others = minimal!.kept.filter((j) => j !== i);
          const isRead = kvModel.readOnly!(history[i]!.input, history[i]!.output);
          const weakerOne = isRead ? part(others, minimal!.weakened) : part(others, [...minimal!.weakened, i]);
          expect(check(weakerOne, kvModel).verdict).not.toBe("illegal");
        }
        return true;
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
