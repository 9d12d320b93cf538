import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type NondeterministicModel, check, powerset, stateHash } from "../../src/check/index.js";

/** A register whose writes may be lost, partitioned by key, with every optional part. */
const lossy: NondeterministicModel<number, { op: "w" | "r"; key: string; v: number }, { v?: number }> = {
  init: () => [0],
  step: (s, input, output) => (input.op === "w" ? [s, input.v] : output === undefined || output.v === s ? [s] : []),
  equal: (a, b) => a === b,
  hash: (s) => s,
  partition: (op) => op.input.key,
  readOnly: (input) => input.op === "r",
  describeOperation: (input) => `${input.op}${input.v}`,
  describeState: (s) => `<${s}>`,
};

describe("powerset", () => {
  const model = powerset(lossy);

  it("starts from the set of initial states, sorted by hash without repeats", () => {
    const twice = powerset({ ...lossy, init: () => [3, 1, 3, 2] });
    expect(twice.init()).toEqual([1, 2, 3]);
  });

  it("steps every state, keeping the union; no state left means the operation could not have happened", () => {
    expect(model.step([0], { op: "w", key: "k", v: 5 }, {})).toEqual([0, 5]);
    expect(model.step([0, 5], { op: "r", key: "k" , v: 0 }, { v: 5 })).toEqual([5]);
    expect(model.step([0, 5], { op: "r", key: "k", v: 0 }, { v: 7 })).toBeUndefined();
    expect(model.step([0, 5], { op: "w", key: "k", v: 5 }, {})).toEqual([0, 5]);
  });

  it("equal sets compare and hash equally whatever order they were built in", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 8 }), (states) => {
        const a = powerset({ ...lossy, init: () => states }).init();
        const b = powerset({ ...lossy, init: () => [...states].reverse() }).init();
        expect(model.equal(a, b)).toBe(true);
        expect(model.hash(a)).toBe(model.hash(b));
        expect(new Set(a).size).toBe(a.length);
      }),
    );
    expect(model.equal([0, 1], [0])).toBe(false);
    expect(model.equal([0, 1], [0, 2])).toBe(false);
  });

  it("passes on partition, readOnly and describeOperation, and describes a set of states", () => {
    const op = { client: 0, call: 0, input: { op: "w" as const, key: "q", v: 1 } };
    expect(model.partition!(op)).toBe("q");
    expect(model.readOnly!({ op: "r", key: "q", v: 0 }, undefined)).toBe(true);
    expect(model.describeOperation!({ op: "w", key: "q", v: 4 }, undefined)).toBe("w4");
    expect(model.describeState!([0, 4])).toBe("{<0>, <4>}");
    const bare = powerset({ init: () => [{ n: 1 }], step: (s) => [s], equal: () => true, hash: () => 0 });
    expect(bare.partition).toBeUndefined();
    expect(bare.readOnly).toBeUndefined();
    expect(bare.describeOperation).toBeUndefined();
    expect(bare.describeState!([{ n: 1 }])).toBe('{{"n":1}}');
  });

  it("checks a history through the set of states: a read of a lost write's value is legal, of one never written is not", () => {
    const w = (call: number, v: number) => ({ client: 0, call, return: call + 1, input: { op: "w" as const, key: "k", v }, output: {} });
    const r = (call: number, v: number) => ({ client: 1, call, return: call + 1, input: { op: "r" as const, key: "k", v: 0 }, output: { v } });
    expect(check([w(0, 1), r(2, 0), r(4, 1)], model).verdict).toBe("illegal");
    expect(check([w(0, 1), r(2, 0)], model).verdict).toBe("ok");
    expect(check([w(0, 1), r(2, 1)], model).verdict).toBe("ok");
    expect(check([w(0, 1), r(2, 2)], model).verdict).toBe("illegal");
  });
});

describe("stateHash", () => {
  it("is FNV-1a over the text's code units, as a signed 32-bit number", () => {
    expect(stateHash("a")).toBe(0xe40c292c | 0);
    expect(stateHash("foobar")).toBe(0xbf9cf968 | 0);
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (text) => {
        expect(stateHash(text)).toBe(stateHash(text) | 0);
      }),
    );
  });

  it("chains: hashing a suffix from the prefix's hash is hashing the whole", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(stateHash(b, stateHash(a))).toBe(stateHash(a + b));
      }),
    );
  });

  it("a seed gives another hash for the same text (a version chained before a value)", () => {
    expect(stateHash("a", 1)).not.toBe(stateHash("a", 2));
  });
});

describe("stateHash's range", () => {
  it("is a signed 32-bit integer for every text, the empty one included (its seed made signed)", () => {
    for (const text of ["", "a", "abc", "🔑", "x".repeat(1000)]) {
      const hash = stateHash(text);
      expect(hash, JSON.stringify(text)).toBe(hash | 0);
    }
    expect(stateHash("")).toBe(0x811c9dc5 | 0);
  });
});
