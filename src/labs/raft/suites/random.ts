import type { RaftWorld } from "../world/index.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

/** The course's tester.Randstring(n): n random printable characters, from the tester's seeded stream. */
export function randString(t: RaftWorld, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += LETTERS[t.randInt(LETTERS.length)];
  return s;
}
