import { describe, expect, it } from "vitest";
import { formatRefusal } from "./format-refusal.js";
import { readPorcupineKv } from "../../../src/check/formats/porcupine-kv.js";

const line = (process: number | string, type: string, f: string, key: string, value: string) => `{:process ${process}, :type :${type}, :f :${f}, :key "${key}", :value ${value}}`;

const refusal = (text: string): string => formatRefusal(() => readPorcupineKv(text, "c.txt"));

describe("Porcupine's kv log reader", () => {
  it("times operations by event position and keeps each invocation's line", () => {
    const log = [line(0, "invoke", "put", "k", '"a"'), line(1, "invoke", "get", "k", "nil"), line(0, "ok", "put", "k", '"a"'), line(1, "ok", "get", "k", '"a"')].join("\n");
    expect(readPorcupineKv(log, "c.txt")).toEqual({
      format: "porcupine-kv",
      model: "porcupine-kv",
      lines: [1, 2],
      operations: [
        { client: 0, call: 0, return: 2, input: { op: "put", key: "k", value: "a" }, output: {} },
        { client: 1, call: 1, return: 3, input: { op: "get", key: "k" }, output: { value: "a" } },
      ],
    });
  });

  it("unquotes keys and values: \\n, \\t and escaped quotes and backslashes", () => {
    const log = [line(0, "invoke", "append", 'a\\"b', '"x\\ny\\tz\\\\"'), line(0, "ok", "append", 'a\\"b', '"x\\ny\\tz\\\\"')].join("\n");
    expect(readPorcupineKv(log, "c.txt").operations[0]!.input).toEqual({ op: "append", key: 'a"b', value: "x\ny\tz\\" });
  });

  it("reads a get answered nil as the empty string, and a process left open at the end as of unknown outcome", () => {
    const log = [line(3, "invoke", "get", "k", "nil"), line(3, "ok", "get", "k", "nil"), line(3, "invoke", "put", "k", '"v"')].join("\n");
    expect(readPorcupineKv(log, "c.txt").operations).toEqual([
      { client: 3, call: 0, return: 1, input: { op: "get", key: "k" }, output: { value: "" } },
      { client: 3, call: 2, input: { op: "put", key: "k", value: "v" } },
    ]);
  });

  it("says what a line lacks, at its line", () => {
    expect(refusal(line(0, "invoke", "delete", "k", "nil"))).toMatch(/^c\.txt:1: expected an EDN map like/);
    expect(refusal(line(0, "invoke", "put", "k", "nil"))).toBe("c.txt:1: expected a string :value for :put");
    expect(refusal(line(0, "invoke", "append", "k", "nil"))).toBe("c.txt:1: expected a string :value for :append");
    expect(refusal([line(0, "invoke", "get", "k", "nil"), line(0, "ok", "put", "k", '"a"')].join("\n"))).toBe('c.txt:2: expected :f :get and :key "k" as invoked by process 0');
    expect(refusal(line(2, "fail", "get", "k", "nil"))).toBe("c.txt:1: expected an :invoke by process 2 before this :fail");
    expect(refusal(line(2, "info", "get", "k", "nil"))).toBe("c.txt:1: expected an :invoke by process 2 before this :info");
    expect(refusal(`\n\n${line(-1, "invoke", "get", "k", "nil")}`)).toMatch(/^c\.txt:3: expected an EDN map/);
  });
});
