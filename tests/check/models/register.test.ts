import { describe, expect, it } from "vitest";
import { type RegisterValue, registerModel } from "../../../src/check/index.js";
import { NumberLiteral } from "../../../src/check/models/number-literal.js";
import { readRegisterInput, readRegisterOutput } from "../../../src/check/models/register.js";

const VALUES: RegisterValue[] = [null, "a", "1", 1, 0, -2.5, true, false];

describe("registerModel", () => {
  it("starts null; a write sets its value whatever the state and answer", () => {
    expect(registerModel.init()).toBeNull();
    for (const state of VALUES) for (const value of VALUES) expect(registerModel.step(state, { op: "write", value }, {})).toBe(value);
    expect(registerModel.step("a", { op: "write", value: "b" }, undefined)).toBe("b");
  });

  it("a read must return the value exactly (1 is not \"1\", false is not null); a read of unknown outcome always fits", () => {
    for (const state of VALUES) {
      for (const value of VALUES) expect(registerModel.step(state, { op: "read" }, { value })).toBe(value === state ? state : undefined);
      expect(registerModel.step(state, { op: "read" }, undefined)).toBe(state);
    }
  });

  it("hashes by type and value, so equal values hash equally and 1 and \"1\" apart", () => {
    for (const a of VALUES) for (const b of VALUES) if (registerModel.equal(a, b)) expect(registerModel.hash(a)).toBe(registerModel.hash(b));
    expect(registerModel.hash(1)).not.toBe(registerModel.hash("1"));
    expect(registerModel.hash(null)).not.toBe(registerModel.hash("null"));
  });

  it("has one partition and calls only reads read-only", () => {
    expect(registerModel.partition).toBeUndefined();
    expect(registerModel.readOnly!({ op: "read" }, undefined)).toBe(true);
    expect(registerModel.readOnly!({ op: "write", value: 1 }, {})).toBe(false);
  });

  it("describes operations and states as JSON", () => {
    expect(registerModel.describeOperation!({ op: "write", value: "a" }, {})).toBe('write("a")');
    expect(registerModel.describeOperation!({ op: "write", value: 3 }, undefined)).toBe("write(3) -> ?");
    expect(registerModel.describeOperation!({ op: "read" }, { value: true })).toBe("read() -> true");
    expect(registerModel.describeOperation!({ op: "read" }, {})).toBe("read() -> null");
    expect(registerModel.describeOperation!({ op: "read" }, undefined)).toBe("read() -> ?");
    expect(registerModel.describeState!(null)).toBe("null");
    expect(registerModel.describeState!("x")).toBe('"x"');
  });
});

describe("reading register inputs and outputs", () => {
  it("reads every scalar, and a write's output as empty", () => {
    for (const value of VALUES) {
      expect(readRegisterInput({ op: "write", value })).toEqual({ op: "write", value });
      expect(readRegisterOutput({ value }, { op: "read" })).toEqual({ value });
    }
    expect(readRegisterInput({ op: "read", value: 3 })).toEqual({ op: "read" });
    expect(readRegisterOutput({ anything: 1 }, { op: "write", value: 1 })).toEqual({});
  });

  it.each<[unknown, string]>([
    [7, "expected input to be an object"],
    [{ op: "cas" }, 'expected input to have "op" one of "read", "write"'],
    [{ op: "write" }, `expected a write's input to have a "value" that is a string, number, boolean or null`],
    [{ op: "write", value: [1] }, `expected a write's input to have a "value" that is a string, number, boolean or null`],
    [{ op: "write", value: { a: 1 } }, `expected a write's input to have a "value" that is a string, number, boolean or null`],
    [{ op: "write", value: 2 ** 53 }, `expected a write's input to have a "value" that a double holds exactly, found 9007199254740992`],
    [{ op: "write", value: new NumberLiteral("12345678901234567890123456789") }, "found 123456789012...23456789 (beyond 2^53 - 1"],
  ])("refuses the input %j: %s", (value, message) => {
    expect(() => readRegisterInput(value)).toThrow(message);
  });

  it("refuses a read's output with no value, or one that is not an object", () => {
    expect(() => readRegisterOutput({}, { op: "read" })).toThrow(`expected a read's output to have a "value" that is a string, number, boolean or null`);
    expect(() => readRegisterOutput(null, { op: "read" })).toThrow("expected output to be an object");
  });
});
