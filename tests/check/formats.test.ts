import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, findModel, readHistory, sniffFormat } from "../../src/check/index.js";

const good = (name: string) => join(import.meta.dirname, "fixtures", "good", name);

describe("history formats", () => {
  it("sniffs each format from its first line", () => {
    expect(sniffFormat('\n{"kvlab":"history","version":1}', "a")).toBe("kvlab");
    expect(sniffFormat('{:process 0, :type :invoke, :f :get, :key "0", :value nil}', "b")).toBe("porcupine-kv");
    expect(sniffFormat("INFO  jepsen.util - 0\t:invoke\t:read\tnil", "c")).toBe("jepsen-etcd");
  });

  it("Jepsen etcd: :info leaves the outcome unknown, :fail on a cas is an answer, the nemesis is skipped", () => {
    const loaded = readHistory(readFileSync(good("etcd-nemesis.log"), "utf8"), "etcd-nemesis.log");
    expect(loaded).toEqual({
      format: "jepsen-etcd",
      model: "cas-register",
      lines: [1, 3, 7],
      operations: [
        { client: 0, call: 0, input: { op: "write", value: 3 } },
        { client: 1, call: 1, return: 3, input: { op: "read" }, output: { value: 3 } },
        { client: 2, call: 4, return: 5, input: { op: "cas", from: 2, to: 4 }, output: { ok: false } },
      ],
    });
    expect(check(loaded.operations, findModel(loaded.model)!.model).verdict).toBe("ok");
  });

  it("Jepsen etcd: a failed read did not happen; a failed write is dropped", () => {
    const log = [
      "INFO  jepsen.util - 0\t:invoke\t:read\tnil",
      "INFO  jepsen.util - 0\t:fail\t:read\t:timed-out",
      "INFO  jepsen.util - 0\t:invoke\t:write\t1",
      "INFO  jepsen.util - 0\t:fail\t:write\t1",
    ].join("\n");
    expect(readHistory(log, "x.log").operations).toEqual([{ client: 0, call: 0, return: 1, input: { op: "read" }, output: { failed: true } }]);
  });

  it("Porcupine kv: :fail drops the operation, :info leaves it of unknown outcome", () => {
    const log = [
      '{:process 0, :type :invoke, :f :put, :key "k", :value "a"}',
      '{:process 0, :type :fail, :f :put, :key "k", :value "a"}',
      '{:process 1, :type :invoke, :f :append, :key "k", :value "b"}',
      '{:process 1, :type :info, :f :append, :key "k", :value "b"}',
      '{:process 2, :type :invoke, :f :get, :key "k", :value nil}',
      '{:process 2, :type :ok, :f :get, :key "k", :value "b"}',
    ].join("\n");
    const loaded = readHistory(log, "kv.txt");
    expect(loaded.operations).toEqual([
      { client: 1, call: 2, input: { op: "append", key: "k", value: "b" } },
      { client: 2, call: 4, return: 5, input: { op: "get", key: "k" }, output: { value: "b" } },
    ]);
    expect(loaded.lines).toEqual([3, 5]);
    expect(check(loaded.operations, findModel("porcupine-kv")!.model).verdict).toBe("ok");
  });

  it("kvlab: an operation without return and output has an unknown outcome", () => {
    const loaded = readHistory(readFileSync(good("kv-concurrent.jsonl"), "utf8"), "kv-concurrent.jsonl");
    expect(loaded.model).toBe("kv");
    expect(loaded.operations[4]).toEqual({ client: 2, call: 38, input: { op: "put", key: "x", value: "d", version: 2 } });
    expect(loaded.lines).toEqual([2, 3, 4, 5, 6, 7]);
  });
});
