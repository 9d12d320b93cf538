import fc from "fast-check";
import { NumberLiteral } from "../../../src/check/models/number-literal.js";
import { describe, expect, it } from "vitest";
import { exactLineParser, jsonText, parseJsonExactly, parseJsonLosslessly } from "../../../src/check/formats/exact-json.js";
import { compareTimes, fileTime, rankTimes } from "../../../src/check/formats/exact-times.js";
import { exactInteger, integerOf } from "../../../src/check/models/exact-integer.js";
import { ShapeError } from "../../../src/check/models/shape.js";

const lossless = (literal: string) => new NumberLiteral(literal);

/** JSON number literals of every kind: short and long integers, fractions, exponents, signs. */
const literal = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.stringMatching(/^(0|[1-9][0-9]{0,3})$/), fc.stringMatching(/^[1-9][0-9]{12,24}$/)),
    fc.option(fc.stringMatching(/^[0-9]{1,20}$/)),
    fc.option(fc.tuple(fc.constantFrom("e", "E", "e+", "e-", "E-"), fc.integer({ min: 0, max: 400 }))),
  )
  .map(([negative, whole, fraction, exponent]) => `${negative ? "-" : ""}${whole}${fraction === null ? "" : `.${fraction}`}${exponent === null ? "" : `${exponent[0]}${exponent[1]}`}`);

/**
 * JSON texts with such literals: alone, or among strings (some with digits, points and e's in
 * them, which send a text to the exact path), arrays and nesting.
 */
const jsonWithLiterals = fc.oneof(
  literal.map((l) => `{"call":${l}}`),
  literal.map((l) => `[ ${l},"v"]`),
  fc
    .array(fc.tuple(fc.constantFrom("call", "return", "value", "a"), fc.oneof(literal, fc.json(), literal.map((l) => `[${l}, "x1e5"]`))), { maxLength: 5 })
    .map((fields) => `{${fields.map(([k, v], i) => `"${k}${i}" : ${v}`).join(", ")}}`),
);

describe("parseJsonExactly", () => {
  it("keeps a number a double does not hold as its literal, and the rest as numbers", () => {
    expect(parseJsonExactly('{"call":1700000000000000010,"n":3,"f":0.1}')).toEqual({ call: lossless("1700000000000000010"), n: 3, f: 0.1 });
    expect(parseJsonExactly("[9007199254740991, 9007199254740992, -9007199254740993]")).toEqual([9007199254740991, lossless("9007199254740992"), lossless("-9007199254740993")]);
    // A double would make these 1, 1e18 and 0.
    expect(parseJsonExactly("[0.99999999999999999, 1e18, 1e-400]")).toEqual([lossless("0.99999999999999999"), lossless("1e18"), lossless("1e-400")]);
    // Integers written as fractions or with exponents are safe when a double holds them.
    expect(parseJsonExactly("[1.0, 1.5e3, 25e-1, 12345678901234.5]")).toEqual([1, 1500, 2.5, 12345678901234.5]);
  });

  it("is the exact parser's value for every text: the quick tests never let a lost digit through", () => {
    fc.assert(
      fc.property(jsonWithLiterals, (text) => {
        expect(parseJsonExactly(text)).toEqual(parseJsonLosslessly(text));
      }),
      { numRuns: 500 },
    );
  });

  it("exactLineParser reads a file's lines as parseJsonExactly does, whichever path it tries first", () => {
    fc.assert(
      fc.property(fc.array(jsonWithLiterals, { maxLength: 8 }), (texts) => {
        const parse = exactLineParser();
        expect(texts.map((t) => parse(t))).toEqual(texts.map(parseJsonLosslessly));
      }),
      { numRuns: 300 },
    );
  });

  it("reads what JSON.parse reads, numbers aside: strings, escapes, nesting, and a repeated key keeps its last value", () => {
    const asNumbers = (v: unknown): unknown =>
      v instanceof NumberLiteral ? Number(v.value) : Array.isArray(v) ? v.map(asNumbers) : typeof v === "object" && v !== null ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asNumbers(x)])) : v;
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(asNumbers(parseJsonLosslessly(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
    expect(parseJsonLosslessly('{"a":1,"a":2}')).toEqual({ a: 2 });
    expect(parseJsonLosslessly('{"a":"\\u0041\\n"}')).toEqual({ a: "A\n" });
  });

  it("refuses what is not JSON, as JSON.parse does", () => {
    for (const text of ["[01]", '{"a":1,}', "{", '"\t"', "[1e]", "12345678901234567890 1"]) {
      expect(() => JSON.parse(text)).toThrow();
      expect(() => parseJsonExactly(text)).toThrow();
    }
  });

  it("jsonText writes kept numbers as written", () => {
    expect(jsonText(parseJsonExactly('{"v":[9007199254740993,"s",null]}'))).toBe('{"v":[9007199254740993,"s",null]}');
  });
});

describe("exact times", () => {
  /** A time literal and its exact value, scaled by 10^40 into a BigInt. */
  const timeLiteral = fc
    .tuple(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: 0, max: 6 }), fc.constantFrom("plain", "exponent"))
    .map(([n, decimals, spelling]) => {
      const sign = n < 0n ? "-" : "";
      const digits = (n < 0n ? -n : n).toString().padStart(decimals + 1, "0");
      const plain = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
      const text = spelling === "plain" ? `${sign}${plain}` : `${sign}${(n < 0n ? -n : n).toString()}e-${decimals}`;
      return { text, scaled: n * 10n ** BigInt(40 - decimals) };
    });

  it("compareTimes orders any two literals exactly", () => {
    fc.assert(
      fc.property(timeLiteral, timeLiteral, (a, b) => {
        const expected = a.scaled < b.scaled ? -1 : a.scaled > b.scaled ? 1 : 0;
        expect(Math.sign(compareTimes(lossless(a.text), lossless(b.text)))).toBe(expected);
      }),
      { numRuns: 500 },
    );
    // Plain integers take a quicker path: they too order as BigInts do.
    const integer = fc.stringMatching(/^-?(0|[1-9][0-9]{0,24})$/);
    fc.assert(
      fc.property(integer, integer, (a, b) => {
        expect(Math.sign(compareTimes(lossless(a), lossless(b)))).toBe(BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
      }),
      { numRuns: 1000 },
    );
    expect(compareTimes(lossless("1700000000000000010"), 1)).toBeGreaterThan(0);
    expect(compareTimes(lossless("-100"), lossless("-1000"))).toBeGreaterThan(0);
    expect(compareTimes(lossless("-0.00018"), lossless("-1.8e-4"))).toBe(0);
    expect(compareTimes(lossless("-0.0"), 0)).toBe(0);
    expect(compareTimes(3, 2.5)).toBeGreaterThan(0);
  });

  it("rankTimes gives equal times one rank, later times higher ones, and the text of each rank", () => {
    fc.assert(
      fc.property(fc.array(timeLiteral, { minLength: 1, maxLength: 12 }), (times) => {
        const ranked = rankTimes(times.map((t) => lossless(t.text)))!;
        times.forEach((a, i) =>
          times.forEach((b, j) => expect(Math.sign(ranked.ranks[i]! - ranked.ranks[j]!)).toBe(a.scaled < b.scaled ? -1 : a.scaled > b.scaled ? 1 : 0)),
        );
        // Ranks are 0, 1, 2... with no gap; each names a time of that value.
        const distinct = new Set(times.map((t) => t.scaled)).size;
        expect(new Set(ranked.ranks)).toEqual(new Set(Array.from({ length: distinct }, (_, r) => r)));
        times.forEach((t, i) => expect(times.find((u) => u.text === ranked.text(ranked.ranks[i]!))!.scaled).toBe(t.scaled));
      }),
      { numRuns: 300 },
    );
  });

  it("rankTimes leaves times alone when all are numbers", () => {
    expect(rankTimes([3, 1, 2.5])).toBeUndefined();
  });

  it("fileTime takes finite numbers and kept literals, and says what else it expected", () => {
    expect(fileTime(5)).toBe(5);
    expect(fileTime(lossless("1e400"))).toEqual(lossless("1e400"));
    expect(fileTime("5")).toBe("to be a number");
    expect(fileTime(Infinity)).toBe("to be a number");
    expect(fileTime(lossless("1e99999999999999999"))).toMatch(/exponent of at most/);
  });
});

describe("exact integers", () => {
  it("a safe integer is a number, any other its digits; a fraction is none", () => {
    expect(exactInteger("1.5e3")).toBe(1500);
    expect(exactInteger("-007")).toBe(-7);
    expect(exactInteger("-0")).toBe(0);
    expect(exactInteger("50e-1")).toBe(5);
    expect(exactInteger("9007199254740991")).toBe(9007199254740991);
    expect(exactInteger("-9007199254740991")).toBe(-9007199254740991);
    expect(exactInteger("9007199254740992")).toBe("9007199254740992");
    expect(exactInteger("-9007199254740993")).toBe("-9007199254740993");
    expect(exactInteger("1e21")).toBe("1000000000000000000000");
    expect(exactInteger("1.7e18")).toBe("1700000000000000000");
    expect(exactInteger("0.5")).toBeUndefined();
    expect(exactInteger("5e-1")).toBeUndefined();
    expect(exactInteger("0.99999999999999999")).toBeUndefined();
  });

  it("equal integers are === however written, different ones never", () => {
    const spelled = fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 3 })).map(([n, zeros]) => ({
      n,
      text: zeros === 0 ? n.toString() : `${n.toString()}${"0".repeat(zeros)}e-${zeros}`,
    }));
    fc.assert(
      fc.property(spelled, spelled, (a, b) => {
        expect(exactInteger(a.text) === exactInteger(b.text)).toBe(a.n === b.n);
        expect(String(exactInteger(a.text))).toBe(a.n.toString());
      }),
      { numRuns: 500 },
    );
  });

  it("refuses an integer of more than 1000 digits, naming what it was", () => {
    expect(exactInteger("1e999")).toHaveLength(1000);
    expect(() => exactInteger("1e1000", "a value")).toThrow(ShapeError);
    expect(() => exactInteger("1e1000", "a value")).toThrow("expected a value to have at most 1000 digits, found 1e1000");
  });

  it("integerOf reads safe numbers and kept literals, not doubles beyond 2^53", () => {
    expect(integerOf(7)).toBe(7);
    expect(integerOf(-0)).toBe(0);
    expect(integerOf(lossless("9007199254740993"))).toBe("9007199254740993");
    expect(integerOf(2 ** 53)).toBeUndefined();
    expect(integerOf(1.5)).toBeUndefined();
    expect(integerOf("7")).toBeUndefined();
  });
});
