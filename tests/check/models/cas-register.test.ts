import { describe, expect, it } from "vitest";
import type { CasInput, CasOutput, ExactInteger } from "../../../src/check/index.js";
import { casRegisterModel } from "../../../src/check/index.js";
import { NumberLiteral } from "../../../src/check/models/number-literal.js";
import { readCasInput, readCasOutput } from "../../../src/check/models/cas-register.js";

const STATES: (ExactInteger | null)[] = [null, 0, 3, "9007199254740993"];
const cas = (from: ExactInteger, to: ExactInteger): CasInput => ({ op: "cas", from, to });

describe("casRegisterModel.step, by rule", () => {
  it("a read returns the value (null before any write); a failed read or one of unknown outcome always fits", () => {
    for (const state of STATES) {
      for (const value of STATES) expect(casRegisterModel.step(state, { op: "read" }, { value })).toBe(value === state ? state : undefined);
      expect(casRegisterModel.step(state, { op: "read" }, { failed: true })).toBe(state);
      expect(casRegisterModel.step(state, { op: "read" }, undefined)).toBe(state);
    }
  });

  it("a write sets the value", () => {
    for (const state of STATES) expect(casRegisterModel.step(state, { op: "write", value: 5 }, {})).toBe(5);
  });

  it("a cas swaps exactly when the value is `from`, and its answer must say whether it did", () => {
    for (const state of STATES) {
      for (const from of [0, 3, "9007199254740993"] as ExactInteger[]) {
        const swaps = state === from;
        expect(casRegisterModel.step(state, cas(from, 8), { ok: true })).toBe(swaps ? 8 : undefined);
        expect(casRegisterModel.step(state, cas(from, 8), { ok: false })).toBe(swaps ? undefined : state);
        expect(casRegisterModel.step(state, cas(from, 8), undefined)).toBe(swaps ? 8 : state);
      }
    }
  });

  it("big values compare exactly: 2^53 + 1 is not 2^53", () => {
    expect(casRegisterModel.step("9007199254740993", { op: "read" }, { value: 9007199254740992 })).toBeUndefined();
    expect(casRegisterModel.step("9007199254740993", cas("9007199254740993", 1), { ok: true })).toBe(1);
  });
});

describe("casRegisterModel's other parts", () => {
  it("hashes null, small and big values apart, and equal values equally", () => {
    const hashes = STATES.map((s) => casRegisterModel.hash(s));
    expect(new Set(hashes).size).toBe(STATES.length);
    expect(casRegisterModel.hash("9007199254740993")).toBe(casRegisterModel.hash("9007199254740993"));
    expect(casRegisterModel.equal(null, 0)).toBe(false);
  });

  it("calls a read and a cas that failed read-only, and nothing else", () => {
    const cases: [CasInput, CasOutput | undefined, boolean][] = [
      [{ op: "read" }, { value: 1 }, true],
      [{ op: "read" }, undefined, true],
      [cas(1, 2), { ok: false }, true],
      [cas(1, 2), { ok: true }, false],
      [cas(1, 2), undefined, false],
      [{ op: "write", value: 1 }, {}, false],
    ];
    for (const [input, output, readOnly] of cases) expect(casRegisterModel.readOnly!(input, output)).toBe(readOnly);
  });

  it("describes each operation and answer the way Jepsen's log reads", () => {
    const d = casRegisterModel.describeOperation!;
    expect(d({ op: "read" }, { value: 3 })).toBe("read() -> 3");
    expect(d({ op: "read" }, { value: null })).toBe("read() -> null");
    expect(d({ op: "read" }, { failed: true })).toBe("read() -> failed");
    expect(d({ op: "read" }, undefined)).toBe("read() -> ?");
    expect(d({ op: "write", value: "9007199254740993" }, {})).toBe("write(9007199254740993)");
    expect(d({ op: "write", value: 1 }, undefined)).toBe("write(1) -> ?");
    expect(d(cas(1, 2), { ok: true })).toBe("cas(1, 2) -> ok");
    expect(d(cas(1, 2), { ok: false })).toBe("cas(1, 2) -> fail");
    expect(d(cas(1, 2), undefined)).toBe("cas(1, 2) -> ?");
    expect(casRegisterModel.describeState!(null)).toBe("null");
    expect(casRegisterModel.describeState!(4)).toBe("4");
  });
});

describe("reading cas-register inputs and outputs", () => {
  it("reads each operation, with values of any size", () => {
    expect(readCasInput({ op: "read" })).toEqual({ op: "read" });
    expect(readCasInput({ op: "write", value: new NumberLiteral("9007199254740993") })).toEqual({ op: "write", value: "9007199254740993" });
    expect(readCasInput({ op: "cas", from: 1, to: 2 })).toEqual({ op: "cas", from: 1, to: 2 });
    expect(readCasOutput({ value: null }, { op: "read" })).toEqual({ value: null });
    expect(readCasOutput({ failed: true, value: 3 }, { op: "read" })).toEqual({ failed: true });
    expect(readCasOutput({ value: 3 }, { op: "read" })).toEqual({ value: 3 });
    expect(readCasOutput({ ok: 1 }, { op: "write", value: 1 })).toEqual({});
    expect(readCasOutput({ ok: false }, cas(1, 2))).toEqual({ ok: false });
  });

  it.each<[unknown, string]>([
    [[], "expected input to be an object"],
    [{ op: "swap" }, 'expected input to have "op" one of "read", "write", "cas"'],
    [{ op: "write", value: "3" }, `expected a write's input to have a whole number "value" >= 0`],
    [{ op: "write", value: -1 }, `expected a write's input to have a whole number "value" >= 0`],
    [{ op: "cas", to: 2 }, `expected a cas's input to have a whole number "from" >= 0`],
    [{ op: "cas", from: 1, to: 0.5 }, `expected a cas's input to have a whole number "to" >= 0`],
  ])("refuses the input %j: %s", (value, message) => {
    expect(() => readCasInput(value)).toThrow(message);
  });

  it("refuses a read's output without a whole value and a cas's without a boolean ok", () => {
    expect(() => readCasOutput({ value: "x" }, { op: "read" })).toThrow(`expected a read's output to have a whole number "value" >= 0`);
    expect(() => readCasOutput({}, { op: "read" })).toThrow(`expected a read's output to have a whole number "value" >= 0`);
    expect(() => readCasOutput({ ok: "true" }, cas(1, 2))).toThrow(`expected a cas's output to have a boolean "ok"`);
    expect(() => readCasOutput("ok", cas(1, 2))).toThrow("expected output to be an object");
  });
});
