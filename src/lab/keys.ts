/**
 * Keys that break a store built on the wrong structure: names a plain object already has
 * (`__proto__`, `constructor`, `toString`, …), the empty string, a 10,000-character key, keys
 * outside ASCII (an emoji, a combining accent, right-to-left text), keys with spaces, quotes, a
 * newline or NUL, and pairs that differ only by case or by a trailing space. A key is any string;
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
  "🔑🗝️",
  "e\u0301",
  "\u05de\u05e4\u05ea\u05d7",
  "a key with spaces",
  `"quoted" 'key'`,
  "line\nbreak",
  "nul\u0000byte",
  "Key",
  "key",
  "key ",
];
