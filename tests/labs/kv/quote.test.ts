import { describe, expect, it } from "vitest";
import { cut, describeCall, describeGetReply, jsonText, quote } from "../../../src/labs/kv/quote.js";

describe("messages quote keys and values one way", () => {
  it("whole when short; by both ends and length when long, so two long keys that differ at the end tell apart", () => {
    expect(quote("k")).toBe('"k"');
    expect(quote(`${"k".repeat(9_999)}!`)).toBe(`"${"k".repeat(23)}…${"k".repeat(10)}!" (10,000 characters)`);
    expect(quote(undefined)).toBe("undefined");
    expect(quote({ err: "OK" })).toBe('{"err":"OK"}');
  });

  it("cuts any text to its bound with both ends and its length, and leaves shorter text alone", () => {
    expect(cut("abc", 5)).toBe("abc");
    expect(cut(`${"x".repeat(997)}xyz`, 10)).toBe("xxx…xyz (1,000 characters)"); // 3 of 10 from the end
  });

  it("names a call as every message does", () => {
    expect(describeCall({ op: "get", key: "__proto__" })).toBe('Get("__proto__")');
    expect(describeCall({ op: "put", key: "k", value: "v", version: 2 })).toBe('Put("k", "v", 2)');
  });

  it("shows a get's reply as every message does, and what a faulty clerk left out as undefined", () => {
    expect(describeGetReply({ value: "x", version: 4, err: "OK" })).toBe('("x", 4, OK)');
    expect(describeGetReply({ err: "ErrNoKey" })).toBe("(undefined, undefined, ErrNoKey)");
    expect(describeGetReply(undefined)).toBe("(undefined, undefined, undefined)");
  });

  it("shows what has no JSON, which a faulty server may reply, rather than throwing: a bigint, a cycle, a function", () => {
    const cycle: Record<string, unknown> = { err: "OK" };
    cycle["self"] = cycle;
    expect(quote(10n)).toBe("10n");
    expect(jsonText({ version: 10n })).toBe("{ version: 10n }");
    expect(jsonText(cycle)).toBe("<ref *1> { err: 'OK', self: [Circular *1] }");
    expect(jsonText(() => 1)).toBe("[Function (anonymous)]");
    expect(jsonText(undefined)).toBe("undefined");
    expect(jsonText({ a: [1] })).toBe('{"a":[1]}');
  });
});
