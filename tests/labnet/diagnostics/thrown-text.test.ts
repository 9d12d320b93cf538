import { describe, expect, it } from "vitest";
import { thrownText } from "../../../labnet/diagnostics/thrown-text.js";

describe("a thrown value in words", () => {
  it("an Error is its name and its message's first line, whatever its message holds", () => {
    expect(thrownText(new RangeError("first\nsecond"))).toBe("RangeError: first");
    expect(thrownText(Object.assign(new Error(), { message: 42 }))).toBe("Error: 42");
  });

  it("anything else as inspect shows it, on one line: no [object Object], and no throw for an object with no prototype", () => {
    expect(thrownText({ a: { b: [1, 2] } })).toBe("{ a: { b: [ 1, 2 ] } }");
    expect(thrownText(Object.create(null))).toBe("[Object: null prototype] {}");
    expect(thrownText(Object.assign(Object.create(null), { toString: 5 }))).toBe("[Object: null prototype] { toString: 5 }");
    expect(thrownText("why")).toBe("'why'");
    expect(thrownText(Symbol("s"))).toBe("Symbol(s)");
    expect(thrownText(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])))).not.toContain("\n");
  });

  it("a long value is cut in the middle to 201 characters, both ends kept", () => {
    const text = thrownText(Array.from({ length: 9 }, (_, i) => `${i}`.repeat(50)));
    expect(text).toHaveLength(201);
    expect(text.startsWith("[ '0000")).toBe(true);
    expect(text.endsWith("' ]")).toBe(true);
    expect(text).toContain("…");
  });
});
