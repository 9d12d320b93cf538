import { describe, expect, it } from "vitest";
import { ValuePieces, WriteValues } from "../../../src/check/models/value-pieces.js";

const values = (...texts: string[]) => {
  const v = new WriteValues();
  for (const t of texts) v.add(t);
  v.done();
  return v;
};

describe("WriteValues", () => {
  it("numbers each distinct value once, knows the lengths values come in, and finds a value inside a text", () => {
    const v = values("ab", "c", "ab", "xyz");
    expect(v.size).toBe(3);
    expect(v.lengths).toEqual([1, 2, 3]);
    expect(v.at("zabc", 1, 2)).toBe(0);
    expect(v.at("zabc", 3, 1)).toBe(1);
    expect(v.at("zabc", 3, 2)).toBeUndefined(); // runs past the end
    expect(v.at("zabc", 0, 1)).toBeUndefined();
  });
});

describe("ValuePieces", () => {
  it("cuts a value into a put's value and appends' values every way there is, edges in order of where they start", () => {
    const pieces = new ValuePieces("pabc", values("p", "pa"), values("a", "ab", "bc", "c", "b"));
    expect(pieces.anchors).toEqual([1, 0, 2, 1]);
    const edges = pieces.from.map((from, e) => [from, pieces.to[e], pieces.append[e]]);
    // From 0 nothing (no append begins "p"); from 1 "a" and "ab"; from 2 "b" and "bc"; from 3 "c".
    expect(edges).toEqual([
      [1, 2, 0],
      [1, 3, 1],
      [2, 3, 4],
      [2, 4, 2],
      [3, 4, 3],
    ]);
    expect([...pieces.cut]).toEqual([1, 1, 1, 1, 1]);
  });

  it("leaves positions no cutting reaches uncut, and takes a put of \"\" as a start", () => {
    const pieces = new ValuePieces("xab", values(""), values("a", "b"));
    expect(pieces.anchors).toEqual([0, 0]);
    expect(pieces.from).toEqual([]);
    expect([...pieces.cut]).toEqual([1, 0, 0, 0]);
  });
});
