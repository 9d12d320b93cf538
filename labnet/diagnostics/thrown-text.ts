import { inspect } from "node:util";

/** The most of a thrown value's description a one-line message carries. */
const LIMIT = 200;

/**
 * A value that was thrown, in words on one line, for a message: an Error as `Name: message`
 * (its first line), anything else as util.inspect shows it. String() is not enough: it prints a
 * plain object as `[object Object]`, and throws on an object with no prototype (a module that
 * throws `Object.create(null)` must not turn into a crash of kvlab). A long value is cut in the
 * middle, so that both ends show.
 */
export function thrownText(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${String(value.message).split("\n")[0]}`;
  const text = inspect(value, { breakLength: Infinity, depth: 2, maxArrayLength: 10, maxStringLength: LIMIT }).replace(/\s*\n\s*/g, " ");
  return text.length <= LIMIT ? text : `${text.slice(0, LIMIT / 2)}…${text.slice(-LIMIT / 2)}`;
}
