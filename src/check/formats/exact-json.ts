import { NumberLiteral, losslessJson } from "../models/number-literal.js";

/** A digit then a point or an exponent: the text may hold a literal that is not a plain integer. */
const POINT_OR_EXPONENT = /\d[.eE]/;
/**
 * A number literal (after `:`, `,` or `[`) that JSON.parse might not keep exactly: one of 16 or
 * more digits and points, or one with an exponent. Any shorter literal is a safe integer or a
 * fraction of at most 14 significant digits, which a double keeps digit for digit. The test may
 * also match inside a string; such a line only takes the slower, exact path.
 */
const MAY_LOSE_DIGITS = /[:,[]\s*-?(?:[\d.]{16}|\d+(?:\.\d+)?[eE])/;

/**
 * Parses one JSON text, keeping every number exactly: a number a double holds exactly (a safe
 * integer, or a fraction whose shortest double text has the same digits) becomes a number, any
 * other a {@link NumberLiteral} holding the literal as written (`9007199254740993`, `1.7e18`). Duplicate
 * keys keep the last value, as JSON.parse does. Throws a SyntaxError for text that is not JSON.
 *
 * Most lines hold only short numbers and go to JSON.parse: a text whose only numbers are plain
 * integers (no point, no exponent) loses none unless one comes back beyond 2^53 - 1, and a
 * fraction loses none unless it is long; only then is the text read again exactly. The two
 * tests cost about a tenth of JSON.parse.
 *
 * @example
 * parseJsonExactly('{"call":1700000000000000010,"n":3}'); // { call: NumberLiteral("1700000000000000010"), n: 3 }
 */
export function parseJsonExactly(text: string): unknown {
  if (POINT_OR_EXPONENT.test(text) && MAY_LOSE_DIGITS.test(text)) return parseJsonLosslessly(text);
  const value: unknown = JSON.parse(text);
  return holdsUnsafeNumber(value) ? parseJsonLosslessly(text) : value;
}

/** Whether `value` holds a number beyond ±(2^53 - 1), which JSON.parse may have rounded. */
function holdsUnsafeNumber(value: unknown): boolean {
  if (typeof value === "number") return value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER;
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsUnsafeNumber);
  for (const key in value) if (holdsUnsafeNumber((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * {@link parseJsonExactly}'s exact path, for every text: slower than JSON.parse, and the same
 * value for a text whose numbers a double holds.
 *
 * @example
 * parseJsonLosslessly("[0.1, 1e400]"); // [0.1, NumberLiteral("1e400")]
 */
export function parseJsonLosslessly(text: string): unknown {
  return losslessJson().parse(text, null, { parseNumber: keepNumber, onDuplicateKey: ({ newValue }) => newValue });
}

function keepNumber(literal: string): number | NumberLiteral {
  return losslessJson().isSafeNumber(literal) ? Number(literal) : new NumberLiteral(literal);
}

/**
 * A value read by {@link parseJsonExactly} as JSON text, its kept numbers as written, for messages.
 *
 * @example
 * jsonText(parseJsonExactly("[2, 9007199254740993]")); // "[2,9007199254740993]"
 */
export function jsonText(value: unknown): string {
  return losslessJson().stringify(value, undefined, undefined, [{ test: (v) => v instanceof NumberLiteral, stringify: (v) => (v as NumberLiteral).value }]) ?? "undefined";
}
