import { describe, expect, it } from "vitest";
import { FORMAT_NAMES, FormatError, readHistory, sniffFormat } from "../../../src/check/index.js";
import { numberedLines } from "../../../src/check/formats/format-error.js";

const kvlab = '{"kvlab":"history","version":1,"model":"register"}\n{"client":0,"call":0,"return":1,"input":{"op":"read"},"output":{"value":null}}';
const porcupine = '{:process 0, :type :invoke, :f :get, :key "k", :value nil}';
const etcd = "INFO  jepsen.util - 0\t:invoke\t:read\tnil";

describe("telling a history's format", () => {
  it("looks at the first non-blank line only, past leading spaces", () => {
    expect(sniffFormat(`\n   \n  ${porcupine}\n{"kvlab":1}`, "f")).toBe("porcupine-kv");
    expect(sniffFormat(`\r\n${etcd}`, "f")).toBe("jepsen-etcd");
    expect(sniffFormat("{ }", "f")).toBe("kvlab");
  });

  it("names the first non-blank line when it is none of them", () => {
    expect(() => sniffFormat("\n\nhello", "x.txt")).toThrow(/^x\.txt:3: expected a kvlab header/);
    expect(() => sniffFormat("INFO  jepsen.utility - 0", "x.txt")).toThrow(/^x\.txt:1: /);
    expect(() => sniffFormat(" \n\t\n", "x.txt")).toThrow(new FormatError("x.txt", 0, "expected a history, found an empty file"));
  });

  it("reads by the named format or by the sniffed one alike", () => {
    for (const [text, format] of [
      [kvlab, "kvlab"],
      [porcupine, "porcupine-kv"],
      [etcd, "jepsen-etcd"],
    ] as const) {
      expect(readHistory(text, "f", format)).toEqual(readHistory(text, "f"));
      expect(readHistory(text, "f", "auto").format).toBe(format);
    }
    expect(FORMAT_NAMES).toEqual(["auto", "kvlab", "porcupine-kv", "jepsen-etcd"]);
  });
});

describe("FormatError and numbered lines", () => {
  it("a FormatError says file:line: problem, or file: problem for the whole file", () => {
    const e = new FormatError("a.jsonl", 3, "expected x");
    expect([e.message, e.name, e.file, e.line, e.problem]).toEqual(["a.jsonl:3: expected x", "FormatError", "a.jsonl", 3, "expected x"]);
    expect(new FormatError("a.jsonl", 0, "empty").message).toBe("a.jsonl: empty");
  });

  it("numberedLines keeps non-blank lines with their 1-based numbers, without a CR at the end", () => {
    expect(numberedLines("a\r\n\r\n  \nb\n\tc\r\n")).toEqual([
      { line: 1, text: "a" },
      { line: 4, text: "b" },
      { line: 5, text: "\tc" },
    ]);
    expect(numberedLines("")).toEqual([]);
  });
});
