import type { NumberSplit } from "lossless-json";
import type { Operation } from "../history.js";
import { NumberLiteral, losslessJson } from "../models/number-literal.js";

/**
 * A time as a history file wrote it: a number a double holds exactly, or (from
 * parseJsonExactly) the literal of one it does not, such as a nanosecond timestamp
 * `1700000000000000010`, which a double would round to its neighbour.
 *
 * @example
 * const t: FileTime = new NumberLiteral("1700000000000000010");
 */
export type FileTime = number | NumberLiteral;

/**
 * The largest exponent a time may have: exponents are compared as doubles, which hold every
 * integer up to 2^53 exactly; no time needs more than 10^(10^15).
 */
const MAX_EXPONENT = 1e15;

/**
 * `value` as a time, or a string saying what was expected instead: a finite number, or a kept
 * literal whose exponent is at most 10^15 in size.
 *
 * @example
 * fileTime(new NumberLiteral("1e400")); // the literal, which compares exactly
 * fileTime("12");                        // "to be a number"
 */
export function fileTime(value: unknown): FileTime | string {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (!(value instanceof NumberLiteral)) return "to be a number";
  if (Math.abs(losslessJson().splitNumber(value.value).exponent) > MAX_EXPONENT) return `to be a number with an exponent of at most ${MAX_EXPONENT}`;
  return value;
}

/**
 * The time's text: the literal as written, or the number's shortest text (which denotes the same
 * number: the exact reader keeps a number only then).
 *
 * @example
 * timeLiteral(new NumberLiteral("1700000000000000010")); // "1700000000000000010"
 */
export function timeLiteral(t: FileTime): string {
  return typeof t === "number" ? String(t) : t.value;
}

/**
 * Orders two times exactly: negative, zero or positive as `a` is before, at or after `b`.
 *
 * @example
 * compareTimes(new NumberLiteral("1700000000000000010"), new NumberLiteral("1700000000000000000")); // > 0
 */
export function compareTimes(a: FileTime, b: FileTime): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  return compareSplits(split(timeLiteral(a)), split(timeLiteral(b)));
}

/**
 * A file's times replaced by their ranks, for the checker, which only ever compares times: equal
 * times get equal ranks, a later time a higher one. `text` gives back the file's own text for a
 * rank, to show.
 */
export interface RankedTimes {
  ranks: number[];
  text(rank: number): string;
}

/**
 * The exact ranks of `times` when one of them is a literal a double cannot hold, else undefined
 * (the numbers compare exactly as they are).
 *
 * @example
 * rankTimes([new NumberLiteral("1700000000000000010"), 1]); // ranks [1, 0]; text(1) "1700000000000000010"
 */
export function rankTimes(times: readonly FileTime[]): RankedTimes | undefined {
  if (times.every((t) => typeof t === "number")) return undefined;
  const splits = times.map((t) => split(timeLiteral(t)));
  const order = times.map((_, i) => i).sort((a, b) => compareSplits(splits[a]!, splits[b]!));
  const ranks = new Array<number>(times.length);
  const texts: string[] = [];
  order.forEach((i, k) => {
    if (k === 0 || compareSplits(splits[order[k - 1]!]!, splits[i]!) !== 0) texts.push(timeLiteral(times[i]!));
    ranks[i] = texts.length - 1;
  });
  return { ranks, text: (rank) => texts[rank]! };
}

/**
 * The times of a file's operations that no double holds, by operation; the operation's own
 * `call` or `return` is a placeholder meanwhile.
 */
export type KeptTimes = Map<Operation<unknown, unknown>, { call?: NumberLiteral; return?: NumberLiteral }>;

/**
 * Replaces every time of `operations` by its exact rank (see {@link rankTimes}) when one of them
 * was `kept` as a literal, and returns the text of a rank then; undefined when none was kept,
 * the numbers being exact already.
 *
 * @example
 * const timeText = rankKeptTimes(operations, kept); // operations[i].call is now a rank
 */
export function rankKeptTimes(operations: Operation<unknown, unknown>[], kept: KeptTimes): ((rank: number) => string) | undefined {
  if (kept.size === 0) return undefined;
  const times: FileTime[] = [];
  for (const op of operations) {
    const literal = kept.get(op);
    times.push(literal?.call ?? op.call);
    if (op.return !== undefined) times.push(literal?.return ?? op.return);
  }
  const { ranks, text } = rankTimes(times)!;
  let next = 0;
  for (const op of operations) {
    op.call = ranks[next++]!;
    if (op.return !== undefined) op.return = ranks[next++]!;
  }
  return text;
}

const PLAIN_INTEGER = /^-?\d+$/;

/**
 * `text` split as lossless-json's splitNumber does, without its regular expressions for a plain
 * integer (the usual nanosecond time), which is three times faster on a million times.
 */
function split(text: string): NumberSplit {
  if (!PLAIN_INTEGER.test(text)) return losslessJson().splitNumber(text);
  const negative = text.charCodeAt(0) === 45;
  let start = negative ? 1 : 0;
  while (start < text.length - 1 && text.charCodeAt(start) === 48) start++;
  let end = text.length;
  while (end > start + 1 && text.charCodeAt(end - 1) === 48) end--;
  const digits = text.slice(start, end);
  return digits === "0" ? { sign: "", digits, exponent: 0 } : { sign: negative ? "-" : "", digits, exponent: text.length - start - 1 };
}

/** Exact order of two numbers split into sign, significant digits and exponent (digits[0].digits[1..] * 10^exponent). */
function compareSplits(a: NumberSplit, b: NumberSplit): number {
  const sign = (s: NumberSplit) => (s.digits === "0" ? 0 : s.sign === "-" ? -1 : 1);
  const sa = sign(a);
  const sb = sign(b);
  if (sa !== sb || sa === 0) return sa - sb;
  const magnitude = a.exponent !== b.exponent ? a.exponent - b.exponent : a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
  return magnitude === 0 ? 0 : sa * Math.sign(magnitude);
}
