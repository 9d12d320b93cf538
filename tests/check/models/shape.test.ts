import { describe, expect, it } from "vitest";
import { NumberLiteral } from "../../../src/check/models/number-literal.js";
import { ShapeError, integer, object, oneOf, shortLiteral, string } from "../../../src/check/models/shape.js";

/** The ShapeError `read` throws, for its message and class. */
function refusal(read: () => unknown): ShapeError {
  try {
    read();
  } catch (error) {
    if (error instanceof ShapeError) return error;
    throw error;
  }
  throw new Error("no ShapeError");
}

describe("the JSON shape readers", () => {
  it("object takes a plain object only: not null, an array, a scalar or a kept number", () => {
    expect(object({ a: 1 }, "x")).toEqual({ a: 1 });
    for (const value of [null, undefined, [], 1, "o", true, new NumberLiteral("1e400")]) {
      expect(refusal(() => object(value, "the thing")).message).toBe("expected the thing to be an object");
    }
  });

  it("string takes a string field, the empty one included", () => {
    expect(string({ k: "" }, "k", "x")).toBe("");
    for (const v of [undefined, null, 1, ["a"]]) expect(refusal(() => string({ k: v }, "k", "an input")).message).toBe('expected an input to have a string "k"');
  });

  it("integer takes 0 to 2^53 - 1 and refuses the rest, saying which bound a kept literal broke", () => {
    expect(integer({ n: 0 }, "n", "x")).toBe(0);
    expect(integer({ n: Number.MAX_SAFE_INTEGER }, "n", "x")).toBe(Number.MAX_SAFE_INTEGER);
    for (const v of [-1, 0.5, 2 ** 53, "1", null, NaN]) expect(refusal(() => integer({ n: v }, "n", "a put")).message).toBe('expected a put to have a whole number "n" >= 0');
    expect(refusal(() => integer({ n: new NumberLiteral("9007199254740993") }, "n", "a put")).message).toBe(
      'expected a put to have a whole number "n" >= 0 and at most 9007199254740991 (2^53 - 1), found 9007199254740993',
    );
    expect(refusal(() => integer({ n: new NumberLiteral("1.00000000000000000001") }, "n", "a put")).message).toBe(
      'expected a put to have a whole number "n" >= 0, found 1.00000000000000000001',
    );
  });

  it("oneOf takes a listed string and lists the choices when refusing", () => {
    expect(oneOf({ op: "b" }, "op", ["a", "b"], "x")).toBe("b");
    expect(refusal(() => oneOf({ op: "c" }, "op", ["a", "b"], "input")).message).toBe('expected input to have "op" one of "a", "b"');
    expect(refusal(() => oneOf({}, "op", ["a"], "input")).message).toBe('expected input to have "op" one of "a"');
    expect(refusal(() => oneOf({ op: "toString" }, "op", ["a"], "input"))).toBeInstanceOf(ShapeError);
  });

  it("shortLiteral keeps 24 characters and cuts a longer literal in the middle", () => {
    expect(shortLiteral("1".repeat(24))).toBe("1".repeat(24));
    expect(shortLiteral(`${"1".repeat(12)}${"2".repeat(5)}${"3".repeat(8)}`)).toBe(`${"1".repeat(12)}...${"3".repeat(8)}`);
  });

  it("a ShapeError is named as one", () => {
    expect(new ShapeError("m").name).toBe("ShapeError");
  });
});
