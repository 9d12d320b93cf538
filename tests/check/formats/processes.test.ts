import { describe, expect, it } from "vitest";
import { FormatError } from "../../../src/check/index.js";
import { ProcessLog, logInteger } from "../../../src/check/formats/processes.js";

describe("ProcessLog", () => {
  it("pairs each process's invocation with its completion, one time per event", () => {
    const log = new ProcessLog<string, string>("f");
    log.invoke(1, 10, "a");
    log.invoke(2, 11, "b");
    log.complete(2, 12, "ok", (input) => ({ output: `${input}!` }));
    log.complete(1, 13, "ok", () => ({ output: "done" }));
    expect(log.history()).toEqual({
      operations: [
        { client: 1, call: 0, return: 3, input: "a", output: "done" },
        { client: 2, call: 1, return: 2, input: "b", output: "b!" },
      ],
      lines: [10, 11],
    });
  });

  it("drops an operation that did not happen, and keeps the times of the rest", () => {
    const log = new ProcessLog<string, string>("f");
    log.invoke(1, 1, "a");
    log.complete(1, 2, "fail", () => "drop");
    log.invoke(1, 3, "b");
    log.abandon(1, 4);
    log.invoke(1, 5, "c");
    expect(log.history()).toEqual({
      operations: [
        { client: 1, call: 2, input: "b" },
        { client: 1, call: 4, input: "c" },
      ],
      lines: [3, 5],
    });
  });

  it("keeps processes 2^53 and 2^53 + 1 apart", () => {
    const log = new ProcessLog<string, string>("f");
    log.invoke(logInteger("9007199254740992", "f", 1, "a process"), 1, "a");
    log.invoke(logInteger("9007199254740993", "f", 2, "a process"), 2, "b");
    expect(log.history().operations.map((o) => o.client)).toEqual(["9007199254740992", "9007199254740993"]);
  });

  it("refuses a second invocation, and a completion or :info with none open, at the line", () => {
    const log = new ProcessLog<string, string>("f.log");
    log.invoke(0, 4, "a");
    expect(() => log.invoke(0, 5, "b")).toThrow(new FormatError("f.log", 5, "expected process 0 to complete its operation before invoking another"));
    expect(() => log.complete(1, 6, "ok", () => "drop")).toThrow("f.log:6: expected an :invoke by process 1 before this :ok");
    expect(() => log.abandon(1, 7)).toThrow("f.log:7: expected an :invoke by process 1 before this :info");
  });

  it("logInteger reads any size exactly and refuses over 1000 digits at the line", () => {
    expect(logInteger("-12", "f", 1, "a value")).toBe(-12);
    expect(logInteger("12345678901234567890", "f", 1, "a value")).toBe("12345678901234567890");
    expect(() => logInteger("9".repeat(1001), "f.log", 8, "a value")).toThrow(/^f\.log:8: expected a value to have at most 1000 digits/);
  });
});
