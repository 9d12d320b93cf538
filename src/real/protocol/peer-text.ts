/**
 * Text for a value a peer sent, to put in an error message or a log line. A peer chooses the
 * value: a 3 KB frame can hold an array nested 3,000 deep, on which JSON.stringify overflows the
 * stack, and 16 MiB can hold a string or a map no message should carry. So the value is first cut
 * down (a few levels, a few items, a few characters each) and the text is then cut to a bound:
 * naming it can neither throw nor grow with the input. Small values read as their JSON.
 */

/** Levels of arrays and maps shown; deeper ones read as `[…]` or `{…}`. */
const DEPTH = 4;
/** Items of an array or entries of a map shown; the rest read as one `…`. */
const ITEMS = 8;
/** Characters of a string shown. */
const STRING_CHARS = 64;
/** Characters of the whole text. */
export const PEER_TEXT_CHARS = 200;

/** `value` as bounded JSON-like text (a BigInt, which JSON refuses, as `123n`). */
export function peerText(value: unknown): string {
  const text = JSON.stringify(pruned(value, DEPTH)) ?? String(value);
  return cut(text, PEER_TEXT_CHARS);
}

/** The first `chars` characters of `text` and `…` if there were more, never half a surrogate pair. */
export function cut(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const end = /[\ud800-\udbff]/.test(text[chars - 1]!) ? chars - 1 : chars;
  return `${text.slice(0, end)}…`;
}

/** A copy of `value` no deeper than `depth`, with at most ITEMS items per level, and short strings. */
function pruned(value: unknown, depth: number): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return cut(value, STRING_CHARS);
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (Array.isArray(value)) {
    if (depth === 0) return value.length === 0 ? [] : "[…]";
    const items = value.slice(0, ITEMS).map((item: unknown) => pruned(item, depth - 1));
    return value.length > ITEMS ? [...items, "…"] : items;
  }
  const plain = Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
  if (!plain && !(value instanceof Map)) return `<${value.constructor?.name ?? "object"}>`; // no toJSON or toString of theirs is called
  const copy: Record<string, unknown> = {};
  let count = 0;
  for (const [key, item] of value instanceof Map ? value.entries() : ownEntries(value)) {
    if (depth === 0 || count === ITEMS) {
      copy["…"] = "…";
      break;
    }
    // A map's key may be anything MessagePack holds: named by the same rules, one level deep.
    copy[typeof key === "string" ? cut(key, STRING_CHARS) : (JSON.stringify(pruned(key, 1)) ?? String(key))] = pruned(item, depth - 1);
    count++;
  }
  return copy;
}

/** An object's own enumerable entries, one at a time: a map of a million keys costs no more than ITEMS. */
function* ownEntries(object: object): Generator<[string, unknown]> {
  for (const key in object) if (Object.hasOwn(object, key)) yield [key, (object as Record<string, unknown>)[key]];
}
