import { describe, expect, it } from "vitest";
import { HOSTILE_KEYS } from "../../../src/labs/kv/keys.js";

describe("HOSTILE_KEYS", () => {
  it("are all distinct strings", () => {
    expect(new Set(HOSTILE_KEYS).size).toBe(HOSTILE_KEYS.length);
    expect(HOSTILE_KEYS.every((key) => typeof key === "string")).toBe(true);
  });

  it("include names a plain object already has", () => {
    const inherited = HOSTILE_KEYS.filter((key) => key in {});
    expect(inherited).toEqual(expect.arrayContaining(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]));
  });

  it("include the empty string", () => {
    expect(HOSTILE_KEYS).toContain("");
  });

  it("include two 10,000-character keys that differ only in their last character", () => {
    const long = HOSTILE_KEYS.filter((key) => key.length === 10_000);
    expect(long).toHaveLength(2);
    expect(long[0]!.slice(0, -1)).toBe(long[1]!.slice(0, -1));
    expect(long[0]!.at(-1)).not.toBe(long[1]!.at(-1));
  });

  it("include keys outside ASCII: an emoji, right-to-left text, and one accent combined and precomposed", () => {
    expect(HOSTILE_KEYS.some((key) => /\p{Extended_Pictographic}/u.test(key))).toBe(true);
    expect(HOSTILE_KEYS.some((key) => /\p{Script=Hebrew}/u.test(key))).toBe(true);
    const accents = HOSTILE_KEYS.filter((key) => key.normalize("NFC") === "\u00e9");
    // Equal once normalized, different as stored: a store that normalizes merges them.
    expect(accents.sort()).toEqual(["e\u0301", "\u00e9"]);
  });

  it("include keys with spaces, quotes, a newline and a NUL", () => {
    for (const pattern of [/ /, /"/, /'/, /\n/, /\0/]) expect(HOSTILE_KEYS.some((key) => pattern.test(key))).toBe(true);
  });

  it("include pairs that differ only by case or by a trailing space", () => {
    expect(HOSTILE_KEYS.some((a) => HOSTILE_KEYS.some((b) => a !== b && a.toLowerCase() === b.toLowerCase()))).toBe(true);
    expect(HOSTILE_KEYS.some((a) => a.length > 1 && HOSTILE_KEYS.includes(`${a} `))).toBe(true);
  });
});
