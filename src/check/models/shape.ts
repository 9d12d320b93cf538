import { NumberLiteral, losslessJson } from "./number-literal.js";

/**
 * Small readers for JSON values, used by the models to read inputs and outputs from history
 * files. Each throws a {@link ShapeError} that says what was expected, which the format readers
 * turn into a `file:line:` message.
 */
export class ShapeError extends Error {
  override name = "ShapeError";
}

/** A JSON object, as the readers see it. */
export type Json = Record<string, unknown>;

/** `value` as an object (not an exactly kept number: see formats/exact-json.ts), or a ShapeError naming `what`. */
export function object(value: unknown, what: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof NumberLiteral) throw new ShapeError(`expected ${what} to be an object`);
  return value as Json;
}

/** The string field `field` of `o`, or a ShapeError. */
export function string(o: Json, field: string, what: string): string {
  const v = o[field];
  if (typeof v !== "string") throw new ShapeError(`expected ${what} to have a string "${field}"`);
  return v;
}

/**
 * The whole-number field `field` (>= 0) of `o`, or a ShapeError. It must be at most 2^53 - 1, the
 * largest integer whose neighbours a double tells apart; a larger one is refused, not rounded.
 */
export function integer(o: Json, field: string, what: string): number {
  const v = o[field];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    throw new ShapeError(`expected ${what} to have a whole number "${field}" >= 0${v instanceof NumberLiteral ? beyond(v.value) : ""}`);
  }
  return v;
}

/** Why an exactly kept number literal is no safe integer, for a ShapeError. */
function beyond(literal: string): string {
  const { digits, exponent } = losslessJson().splitNumber(literal);
  const whole = exponent >= digits.length - 1;
  return whole ? ` and at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1), found ${shortLiteral(literal)}` : `, found ${shortLiteral(literal)}`;
}

/** A number literal for a one-line message: a very long one is cut in the middle. */
export function shortLiteral(literal: string): string {
  return literal.length > 24 ? `${literal.slice(0, 12)}...${literal.slice(-8)}` : literal;
}

/** The field `field` of `o` if it is one of `choices`, or a ShapeError listing them. */
export function oneOf<T extends string>(o: Json, field: string, choices: readonly T[], what: string): T {
  const v = o[field];
  if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
    throw new ShapeError(`expected ${what} to have "${field}" one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
  }
  return v as T;
}
