import { describe, expect, it } from "vitest";
import { parseShard } from "../../../src/harness/command-line/index.js";

describe("parseShard", () => {
  it.each([
    ["1/1", { index: 1, count: 1 }],
    ["3/4", { index: 3, count: 4 }],
    [" 2/2 ", { index: 2, count: 2 }],
  ])("--shard %s parses", (text, shard) => expect(parseShard(text)).toEqual(shard));

  it.each(["0/2", "3/2", "1/0", "2", "a/b", "1/2/3", "-1/2", "1.5/2", "", "1/99999999999999999999"])("--shard %s is a usage error", (text) => {
    expect(parseShard(text)).toBe(`--shard must be I/N with 1 ≤ I ≤ N (e.g. 2/4) or auto, got ${text}`);
  });
});
