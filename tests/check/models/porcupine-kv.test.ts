import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AppendKvState, appendKvModel, stateHash } from "../../../src/check/index.js";
import { readAppendKvInput, readAppendKvOutput } from "../../../src/check/models/porcupine-kv.js";

const state = (value: string): AppendKvState => ({ value, hash: stateHash(value) });

describe("appendKvModel", () => {
  it("put replaces, append extends, get must return the whole string; any answer of a put or append fits", () => {
    const ab = state("ab");
    expect(appendKvModel.step(ab, { op: "put", key: "k", value: "x" }, {})).toEqual(state("x"));
    expect(appendKvModel.step(ab, { op: "append", key: "k", value: "c" }, undefined)).toEqual(state("abc"));
    expect(appendKvModel.step(ab, { op: "put", key: "k" }, {})).toEqual(state(""));
    expect(appendKvModel.step(ab, { op: "get", key: "k" }, { value: "ab" })).toBe(ab);
    expect(appendKvModel.step(ab, { op: "get", key: "k" }, { value: "a" })).toBeUndefined();
    expect(appendKvModel.step(ab, { op: "get", key: "k" }, {})).toBeUndefined();
    expect(appendKvModel.step(ab, { op: "get", key: "k" }, undefined)).toBe(ab);
  });

  it("keeps the hash of any sequence of puts and appends equal to the hash of the string it holds", () => {
    const step = fc.record({ op: fc.constantFrom("put" as const, "append" as const), value: fc.string({ maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        let s = appendKvModel.init();
        for (const { op, value } of steps) s = appendKvModel.step(s, { op, key: "k", value }, {})!;
        expect(s.hash).toBe(stateHash(s.value));
        expect(appendKvModel.equal(s, state(s.value))).toBe(true);
        expect(appendKvModel.hash(s)).toBe(appendKvModel.hash(state(s.value)));
      }),
    );
  });

  it("tells apart strings of one hash by their text", () => {
    expect(appendKvModel.equal({ value: "a", hash: 1 }, { value: "b", hash: 1 })).toBe(false);
  });

  it("partitions by key, calls only gets read-only, and describes operations as Porcupine's do", () => {
    expect(appendKvModel.partition!({ client: 0, call: 0, input: { op: "append", key: "7", value: "x" } })).toBe("7");
    expect(appendKvModel.readOnly!({ op: "get", key: "k" }, undefined)).toBe(true);
    expect(appendKvModel.readOnly!({ op: "append", key: "k", value: "" }, {})).toBe(false);
    const d = appendKvModel.describeOperation!;
    expect(d({ op: "get", key: "k" }, { value: "x y" })).toBe('get("k") -> "x y"');
    expect(d({ op: "get", key: "k" }, {})).toBe('get("k") -> ""');
    expect(d({ op: "get", key: "k" }, undefined)).toBe('get("k") -> ?');
    expect(d({ op: "append", key: "k", value: "z" }, {})).toBe('append("k", "z")');
    expect(d({ op: "put", key: "k", value: "z" }, undefined)).toBe('put("k", "z") -> ?');
    expect(appendKvModel.describeState!(state("q"))).toBe('"q"');
  });
});

describe("reading porcupine-kv inputs and outputs", () => {
  it("reads each operation, and only a get's output", () => {
    expect(readAppendKvInput({ op: "get", key: "k", value: "ignored" })).toEqual({ op: "get", key: "k" });
    expect(readAppendKvInput({ op: "append", key: "k", value: "v" })).toEqual({ op: "append", key: "k", value: "v" });
    expect(readAppendKvOutput({ value: "v" }, { op: "get", key: "k" })).toEqual({ value: "v" });
    expect(readAppendKvOutput({}, { op: "put", key: "k", value: "v" })).toEqual({});
  });

  it("says what each refused value lacks", () => {
    expect(() => readAppendKvInput({ op: "cas", key: "k" })).toThrow('expected input to have "op" one of "get", "put", "append"');
    expect(() => readAppendKvInput({ op: "get" })).toThrow('expected input to have a string "key"');
    expect(() => readAppendKvInput({ op: "append", key: "k" })).toThrow(`expected an append's input to have a string "value"`);
    expect(() => readAppendKvInput({ op: "put", key: "k", value: 1 })).toThrow(`expected an put's input to have a string "value"`);
    expect(() => readAppendKvOutput({ value: null }, { op: "get", key: "k" })).toThrow(`expected a get's output to have a string "value"`);
  });
});
