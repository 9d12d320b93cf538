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

/** `value` as an object, or a ShapeError naming `what`. */
export function object(value: unknown, what: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ShapeError(`expected ${what} to be an object`);
  return value as Json;
}

/** The string field `field` of `o`, or a ShapeError. */
export function string(o: Json, field: string, what: string): string {
  const v = o[field];
  if (typeof v !== "string") throw new ShapeError(`expected ${what} to have a string "${field}"`);
  return v;
}

/** The whole-number field `field` (>= 0) of `o`, or a ShapeError. */
export function integer(o: Json, field: string, what: string): number {
  const v = o[field];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    throw new ShapeError(`expected ${what} to have a whole number "${field}" >= 0`);
  }
  return v;
}

/** The field `field` of `o` if it is one of `choices`, or a ShapeError listing them. */
export function oneOf<T extends string>(o: Json, field: string, choices: readonly T[], what: string): T {
  const v = o[field];
  if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
    throw new ShapeError(`expected ${what} to have "${field}" one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
  }
  return v as T;
}
