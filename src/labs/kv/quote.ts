import { inspect } from "node:util";

/** Characters a quoted key or value shows whole in a message. */
const QUOTED = 40;

/**
 * `text` whole up to `max` characters; longer, its start and its end with its length (`length`,
 * when the text stands for something else, a value's own length rather than its JSON's). Both
 * ends, since two long keys often differ only at one end. The one way the lab cuts text short.
 */
export function cut(text: string, max: number, length = text.length): string {
  if (text.length <= max) return text;
  const tail = Math.floor(max * 0.3);
  return `${text.slice(0, max - tail - 4)}…${text.slice(-tail)} (${length.toLocaleString("en-US")} characters)`;
}

/**
 * `value`'s JSON; for what has none, which a faulty server may reply (undefined, a function, a
 * bigint, a cycle), how Node would show it, so that a message about a bad reply can still be
 * written: JSON.stringify gives undefined for a function and throws for a bigint or a cycle.
 */
export function jsonText(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text;
  } catch {
    // Shown as Node shows it, below.
  }
  return inspect(value, { depth: 2, breakLength: Infinity });
}

/**
 * A key, value or reply as messages quote it: its JSON, cut past 40 characters; what has no JSON
 * (undefined, which a faulty server may send in a value's place) as it is.
 */
export function quote(value: unknown): string {
  const text = jsonText(value);
  return cut(text, QUOTED, typeof value === "string" ? value.length : text.length);
}

/**
 * A get's reply as every message shows it: `("x", 4, OK)`; what a faulty clerk returned in its
 * place shows its missing fields as undefined.
 */
export function describeGetReply(reply: { value?: unknown; version?: unknown; err?: unknown } | undefined): string {
  return `(${quote(reply?.value)}, ${String(reply?.version)}, ${String(reply?.err)})`;
}

/** A clerk call as every message names it: `Get("k")` or `Put("k", "v", 2)`. */
export function describeCall(call: { op: "get" | "put"; key: string; value?: string; version?: number }): string {
  return call.op === "get" ? `Get(${quote(call.key)})` : `Put(${quote(call.key)}, ${quote(call.value ?? "")}, ${call.version})`;
}
