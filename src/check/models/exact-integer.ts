import { NumberLiteral, losslessJson } from "./number-literal.js";
import { type Json, ShapeError, shortLiteral } from "./shape.js";

/**
 * An integer compared exactly: a safe integer (|n| <= 2^53 - 1) as a number, any other as its
 * decimal digits, `-` first when negative, no leading zeros. Each integer has exactly one such
 * form, so two are the same integer exactly when they are `===`, and the form survives
 * `JSON.stringify` (a bigint would not).
 *
 * @example
 * const small: ExactInteger = 3;
 * const big: ExactInteger = "9007199254740993"; // 2^53 + 1, which no double holds
 */
export type ExactInteger = number | `${bigint}`;

/**
 * The most digits an {@link ExactInteger} may have: `1e999999999` is a short text for an integer
 * no register holds, and writing out its digits would take a gigabyte.
 */
export const MAX_INTEGER_DIGITS = 1000;

/** An integer of at most 15 digits: always safe. */
const SHORT_INTEGER = /^-?\d{1,15}$/;

/**
 * The integer a JSON or EDN number literal stands for (`12`, `-007`, `1.5e3`, `9007199254740993`),
 * or undefined when it is not a whole number. Throws a ShapeError naming `what` for one of more
 * than {@link MAX_INTEGER_DIGITS} digits.
 *
 * @example
 * exactInteger("1.5e3");              // 1500
 * exactInteger("9007199254740993");   // "9007199254740993"
 * exactInteger("0.99999999999999999"); // undefined: not whole, although a double rounds it to 1
 */
export function exactInteger(literal: string, what = "an integer"): ExactInteger | undefined {
  // Most are short plain integers, which a double holds: no need to load lossless-json.
  if (SHORT_INTEGER.test(literal)) return Number(literal) || 0;
  const { sign, digits, exponent } = losslessJson().splitNumber(literal);
  // The value is d1.d2...dn * 10^exponent: whole when every digit lands before the point.
  if (exponent < digits.length - 1) return undefined;
  if (exponent >= MAX_INTEGER_DIGITS) throw new ShapeError(`expected ${what} to have at most ${MAX_INTEGER_DIGITS} digits, found ${shortLiteral(literal)}`);
  const text = `${sign}${digits}${"0".repeat(exponent - (digits.length - 1))}`;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n || 0 : (text as `${bigint}`);
}

/**
 * A JSON value read by an exact reader (see formats/exact-json.ts) as an {@link ExactInteger}:
 * a safe whole number, or an exactly kept number literal that is whole. Undefined for anything
 * else, including a double beyond 2^53 (it may stand for any of several integers).
 *
 * @example
 * integerOf(parseJsonExactly('{"v":9007199254740993}').v); // "9007199254740993"
 */
export function integerOf(value: unknown, what?: string): ExactInteger | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value || 0 : undefined;
  return value instanceof NumberLiteral ? exactInteger(value.value, what) : undefined;
}

/**
 * The whole-number field `field` (>= 0, of any size) of `o` as an {@link ExactInteger}, or a
 * ShapeError naming `what`.
 *
 * @example
 * naturalField({ value: new NumberLiteral("9007199254740993") }, "value", "a write's input"); // "9007199254740993"
 */
export function naturalField(o: Json, field: string, what: string): ExactInteger {
  const n = integerOf(o[field], `"${field}" of ${what}`);
  if (n === undefined || (typeof n === "number" ? n < 0 : n.startsWith("-"))) {
    throw new ShapeError(`expected ${what} to have a whole number "${field}" >= 0`);
  }
  return n;
}
