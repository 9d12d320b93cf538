/**
 * Keys that break a store built on the wrong structure: names a plain object already has
 * (`__proto__`, `constructor`, `toString`, …), the empty string, two 10,000-character keys that
 * differ only in their last character, keys outside ASCII (an emoji, right-to-left text, an
 * accent both combined and precomposed), keys with spaces, quotes, a newline or NUL, and pairs
 * that differ only by case or by a trailing space. A key is any string;
 * the suites and the fuzzer use these alongside plain ones.
 */
export const HOSTILE_KEYS: readonly string[] = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "",
  "k".repeat(10_000),
  `${"k".repeat(9_999)}!`,
  "🔑🗝️",
  "e\u0301",
  "\u00e9",
  "\u05de\u05e4\u05ea\u05d7",
  "a key with spaces",
  `"quoted" 'key'`,
  "line\nbreak",
  "nul\u0000byte",
  "Key",
  "key",
  "key ",
];
