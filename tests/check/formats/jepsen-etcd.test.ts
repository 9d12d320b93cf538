import { describe, expect, it } from "vitest";
import { formatRefusal } from "./format-refusal.js";
import { readJepsenEtcd } from "../../../src/check/formats/jepsen-etcd.js";

const line = (process: number | string, type: string, f: string, value: string) => `INFO  jepsen.util - ${process}\t:${type}\t:${f}\t${value}`;
const log = (...lines: string[]) => lines.join("\n");

const refusal = (text: string): string => formatRefusal(() => readJepsenEtcd(text, "e.log"));

describe("Jepsen's etcd log reader", () => {
  it("reads each operation and answer: a read's value or nil, an ok cas, a failed cas, a write", () => {
    const loaded = readJepsenEtcd(
      log(
        line(0, "invoke", "read", "nil"),
        line(0, "ok", "read", "nil"),
        line(1, "invoke", "write", "4"),
        line(1, "ok", "write", "4"),
        line(2, "invoke", "cas", "[4 5]"),
        line(2, "ok", "cas", "[4 5]"),
        line(0, "invoke", "cas", "[1 -2]"),
        line(0, "fail", "cas", "[1 -2]"),
        line(1, "invoke", "read", "nil"),
        line(1, "ok", "read", "5"),
      ),
      "e.log",
    );
    expect(loaded.operations.map((o) => [o.input, o.output])).toEqual([
      [{ op: "read" }, { value: null }],
      [{ op: "write", value: 4 }, {}],
      [{ op: "cas", from: 4, to: 5 }, { ok: true }],
      [{ op: "cas", from: 1, to: -2 }, { ok: false }],
      [{ op: "read" }, { value: 5 }],
    ]);
    expect(loaded.lines).toEqual([1, 3, 5, 7, 9]);
    expect(loaded.operations.map((o) => [o.call, o.return])).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
  });

  it("an :info leaves the operation of unknown outcome and takes a time; a process may then invoke again", () => {
    const loaded = readJepsenEtcd(log(line(0, "invoke", "write", "1"), line(0, "info", "write", ":timed-out"), line(0, "invoke", "read", "nil"), line(0, "ok", "read", "1")), "e.log");
    expect(loaded.operations).toEqual([
      { client: 0, call: 0, input: { op: "write", value: 1 } },
      { client: 0, call: 2, return: 3, input: { op: "read" }, output: { value: 1 } },
    ]);
  });

  it("skips the nemesis's lines, whatever they say", () => {
    const loaded = readJepsenEtcd(log("INFO  jepsen.util - :nemesis :info :start nil", line(0, "invoke", "read", "nil"), "INFO jepsen.util - :nemesis\t:info\t:stop\t{:a 1}"), "e.log");
    expect(loaded.operations).toEqual([{ client: 0, call: 0, input: { op: "read" } }]);
    expect(loaded.lines).toEqual([2]);
  });

  it("says what a line lacks, at its line", () => {
    expect(refusal(line(0, "invoke", "write", "nil"))).toBe("e.log:1: expected a number to write");
    expect(refusal(line(0, "invoke", "write", ":timed-out"))).toBe("e.log:1: expected nil or a number, found :timed-out");
    expect(refusal(log(line(0, "invoke", "read", "nil"), line(0, "ok", "read", ":timed-out")))).toBe("e.log:2: expected nil or a number, found :timed-out");
    expect(refusal(log(line(0, "invoke", "read", "nil"), line(0, "invoke", "read", "nil")))).toBe("e.log:2: expected process 0 to complete its operation before invoking another");
    expect(refusal(line(7, "ok", "read", "1"))).toBe("e.log:1: expected an :invoke by process 7 before this :ok");
    expect(refusal(log(line(0, "invoke", "read", "nil"), line(0, "ok", "write", "1")))).toBe("e.log:2: expected :read as invoked by process 0");
    expect(refusal("INFO  jepsen.util - 0\t:invoke\t:delete\tnil")).toMatch(/^e\.log:1: expected a Jepsen log line like/);
    expect(refusal("WARN  jepsen.util - 0\t:invoke\t:read\tnil")).toMatch(/^e\.log:1: expected a Jepsen log line like/);
  });
});
