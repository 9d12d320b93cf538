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
  const value = parseQuickly(text);
  return value === LOSES_DIGITS ? parseJsonLosslessly(text) : value;
}

/**
 * A {@link parseJsonExactly} for the lines of one file. After a line that held a number no double
 * holds, it reads the next one exactly straight away: in a file of nanosecond times every line
 * holds one, and going to JSON.parse first would read each line twice. After a line that held
 * none, it goes back to JSON.parse first.
 *
 * @example
 * const parse = exactLineParser();
 * lines.map((line) => parse(line));
 */
export function exactLineParser(): (text: string) => unknown {
  let exactLast = false;
  return (text) => {
    if (!exactLast) {
      const value = parseQuickly(text);
      if (value !== LOSES_DIGITS) return value;
    }
    const value = parseJsonLosslessly(text);
    exactLast = holds(value, "literal");
    return value;
  };
}

/** Said by {@link parseQuickly} of a text JSON.parse may not read exactly. */
const LOSES_DIGITS = Symbol("loses digits");

/** JSON.parse's value of `text` when it keeps every number exactly, else LOSES_DIGITS. */
function parseQuickly(text: string): unknown {
  if (POINT_OR_EXPONENT.test(text) && MAY_LOSE_DIGITS.test(text)) return LOSES_DIGITS;
  const value: unknown = JSON.parse(text);
  // A plain integer JSON.parse gave back beyond 2^53 - 1 may have been rounded.
  return holds(value, "unsafe") ? LOSES_DIGITS : value;
}

/**
 * Whether `value` or anything in it (an element, a field, at any depth) is a number beyond
 * ±(2^53 - 1) ("unsafe") or a {@link NumberLiteral} ("literal"). (A kind rather than a test
 * function: this runs on every line, and the call per value would cost a tenth of JSON.parse.)
 */
function holds(value: unknown, kind: "unsafe" | "literal"): boolean {
  if (typeof value === "number") return kind === "unsafe" && (value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER);
  if (typeof value !== "object" || value === null) return false;
  if (value instanceof NumberLiteral) return kind === "literal";
  if (Array.isArray(value)) return value.some((v) => holds(v, kind));
  for (const key in value) if (holds((value as Record<string, unknown>)[key], kind)) return true;
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
