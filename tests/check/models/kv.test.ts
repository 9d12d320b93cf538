import { describe, expect, it } from "vitest";
import type { KvErr, KvInput, KvOutput, KvState } from "../../../src/check/index.js";
import { kvModel, kvStrictModel } from "../../../src/check/index.js";
import { readKvInput, readKvOutput } from "../../../src/check/models/kv.js";

const ERRS: KvErr[] = ["OK", "ErrNoKey", "ErrVersion", "ErrMaybe"];
const STATES: KvState[] = [
  { value: "", version: 0 },
  { value: "a", version: 1 },
  { value: "b", version: 7 },
];
const put = (value: string, version: number): KvInput => ({ op: "put", key: "k", value, version });
const get: KvInput = { op: "get", key: "k" };

describe("kvModel.step, by rule over every state, version and err", () => {
  it("a put whose version matches installs the value with the next version, for OK, ErrMaybe or no answer; any other err is impossible", () => {
    for (const state of STATES) {
      const applied = { value: "new", version: state.version + 1 };
      for (const err of ERRS) {
        const expected = err === "OK" || err === "ErrMaybe" ? applied : undefined;
        expect(kvModel.step(state, put("new", state.version), { err }), `${JSON.stringify(state)} ${err}`).toEqual(expected);
      }
      expect(kvModel.step(state, put("new", state.version), undefined)).toEqual(applied);
    }
  });

  it("a put whose version does not match changes nothing, for ErrVersion, ErrMaybe or no answer; OK and ErrNoKey are impossible", () => {
    for (const state of STATES) {
      for (const version of [state.version + 1, state.version + 5]) {
        for (const err of ERRS) {
          const expected = err === "ErrVersion" || err === "ErrMaybe" ? state : undefined;
          expect(kvModel.step(state, put("new", version), { err }), `${JSON.stringify(state)} v${version} ${err}`).toEqual(expected);
        }
        expect(kvModel.step(state, put("new", version), undefined)).toEqual(state);
      }
    }
  });

  it("a get must return the current value, whatever its version and err say", () => {
    for (const state of STATES) {
      for (const err of ERRS) {
        expect(kvModel.step(state, get, { value: state.value, version: 99, err })).toBe(state);
        expect(kvModel.step(state, get, { value: `${state.value}x`, version: state.version, err })).toBeUndefined();
      }
      expect(kvModel.step(state, get, undefined)).toBe(state);
    }
  });
});

describe("kvStrictModel.step, by rule", () => {
  it("a get must return the value, the version, and ErrNoKey exactly when the key is missing", () => {
    for (const state of STATES) {
      const right: KvErr = state.version === 0 ? "ErrNoKey" : "OK";
      for (const err of ERRS) {
        const reply: KvOutput = { value: state.value, version: state.version, err };
        expect(kvStrictModel.step(state, get, reply)).toEqual(err === right ? state : undefined);
      }
      expect(kvStrictModel.step(state, get, { value: state.value, version: state.version + 1, err: right })).toBeUndefined();
      expect(kvStrictModel.step(state, get, { value: "other", version: state.version, err: right })).toBeUndefined();
      expect(kvStrictModel.step(state, get, undefined)).toBe(state);
    }
  });

  it("a put that does not match answers ErrNoKey on a missing key and ErrVersion on a present one (or ErrMaybe)", () => {
    for (const state of STATES) {
      const refusal: KvErr = state.version === 0 ? "ErrNoKey" : "ErrVersion";
      for (const err of ERRS) {
        const expected = err === refusal || err === "ErrMaybe" ? state : undefined;
        expect(kvStrictModel.step(state, put("new", state.version + 1), { err })).toEqual(expected);
      }
    }
  });

  it("a put that matches is the kv model's", () => {
    for (const state of STATES) {
      for (const err of ERRS) {
        expect(kvStrictModel.step(state, put("new", state.version), { err })).toEqual(kvModel.step(state, put("new", state.version), { err }));
      }
    }
  });

  it("shares kvModel's equality, hash, partition and texts", () => {
    expect(kvStrictModel.equal).toBe(kvModel.equal);
    expect(kvStrictModel.hash).toBe(kvModel.hash);
    expect(kvStrictModel.partition).toBe(kvModel.partition);
    expect(kvStrictModel.describeOperation).toBe(kvModel.describeOperation);
  });
});

describe("kvModel's other parts", () => {
  it("starts with no value at version 0", () => {
    expect(kvModel.init()).toEqual({ value: "", version: 0 });
  });

  it("equal states have one hash; a different value or version gives another here", () => {
    expect(kvModel.equal({ value: "a", version: 1 }, { value: "a", version: 1 })).toBe(true);
    expect(kvModel.equal({ value: "a", version: 1 }, { value: "a", version: 2 })).toBe(false);
    expect(kvModel.equal({ value: "a", version: 1 }, { value: "b", version: 1 })).toBe(false);
    expect(kvModel.hash({ value: "a", version: 1 })).toBe(kvModel.hash({ value: "a", version: 1 }));
    expect(kvModel.hash({ value: "a", version: 1 })).not.toBe(kvModel.hash({ value: "a", version: 2 }));
    expect(kvModel.hash({ value: "a", version: 1 })).not.toBe(kvModel.hash({ value: "b", version: 1 }));
  });

  it("partitions by key", () => {
    expect(kvModel.partition!({ client: 0, call: 0, input: { op: "get", key: "x" } })).toBe("x");
    expect(kvModel.partition!({ client: 0, call: 0, input: put("v", 0) })).toBe("k");
  });

  it("calls read-only a get, and a put whose answer says it did not apply; never OK, ErrMaybe or an unknown outcome", () => {
    expect(kvModel.readOnly!(get, undefined)).toBe(true);
    expect(kvModel.readOnly!(put("v", 0), { err: "ErrVersion" })).toBe(true);
    expect(kvModel.readOnly!(put("v", 0), { err: "ErrNoKey" })).toBe(true);
    expect(kvModel.readOnly!(put("v", 0), { err: "OK" })).toBe(false);
    expect(kvModel.readOnly!(put("v", 0), { err: "ErrMaybe" })).toBe(false);
    expect(kvModel.readOnly!(put("v", 0), undefined)).toBe(false);
  });

  it("readOnly is sound: wherever a read-only operation is accepted it leaves the state as it was", () => {
    const outputs: (KvOutput | undefined)[] = [undefined, ...ERRS.map((err) => ({ err, value: "a", version: 1 }))];
    for (const model of [kvModel, kvStrictModel]) {
      for (const state of STATES) {
        for (const input of [get, put("a", 0), put("a", 1), put("z", 7)]) {
          for (const output of outputs) {
            const next = model.step(state, input, output);
            if (next !== undefined && model.readOnly!(input, output)) expect(model.equal(next, state)).toBe(true);
          }
        }
      }
    }
  });

  it("describes operations and states as a student reads them", () => {
    expect(kvModel.describeOperation!(get, { value: "a", version: 1, err: "OK" })).toBe('get("k") -> ("a", 1, OK)');
    expect(kvModel.describeOperation!(get, { err: "ErrNoKey" })).toBe('get("k") -> ("", 0, ErrNoKey)');
    expect(kvModel.describeOperation!(get, undefined)).toBe('get("k") -> ?');
    expect(kvModel.describeOperation!(put("a\"b", 3), { err: "ErrMaybe" })).toBe('put("k", "a\\"b", 3) -> ErrMaybe');
    expect(kvModel.describeOperation!(put("a", 0), undefined)).toBe('put("k", "a", 0) -> ?');
    expect(kvModel.describeState!({ value: "", version: 0 })).toBe("no value (version 0)");
    expect(kvModel.describeState!({ value: "a", version: 2 })).toBe('"a" (version 2)');
  });
});

describe("reading kv inputs and outputs from JSON", () => {
  it("reads gets and puts, and each reply's fields", () => {
    expect(readKvInput({ op: "get", key: "x" })).toEqual({ op: "get", key: "x" });
    expect(readKvInput({ op: "put", key: "x", value: "v", version: 3, extra: 1 })).toEqual({ op: "put", key: "x", value: "v", version: 3 });
    expect(readKvOutput({ err: "OK", value: "ignored" }, put("v", 0))).toEqual({ err: "OK" });
    expect(readKvOutput({ value: "v", version: 2, err: "OK" }, get)).toEqual({ value: "v", version: 2, err: "OK" });
  });

  it.each<[unknown, string]>([
    [null, "expected input to be an object"],
    [[], "expected input to be an object"],
    ["get", "expected input to be an object"],
    [{ op: "delete", key: "x" }, 'expected input to have "op" one of "get", "put"'],
    [{ op: "get" }, 'expected input to have a string "key"'],
    [{ op: "get", key: 1 }, 'expected input to have a string "key"'],
    [{ op: "put", key: "x", version: 0 }, `expected a put's input to have a string "value"`],
    [{ op: "put", key: "x", value: "v" }, `expected a put's input to have a whole number "version" >= 0`],
    [{ op: "put", key: "x", value: "v", version: -1 }, `expected a put's input to have a whole number "version" >= 0`],
    [{ op: "put", key: "x", value: "v", version: 1.5 }, `expected a put's input to have a whole number "version" >= 0`],
  ])("refuses the input %j: %s", (value, message) => {
    expect(() => readKvInput(value)).toThrow(message);
  });

  it.each<[unknown, KvInput, string]>([
    [undefined, get, "expected output to be an object"],
    [{ err: "Err" }, get, 'expected output to have "err" one of "OK", "ErrNoKey", "ErrVersion", "ErrMaybe"'],
    [{ err: "OK", version: 1 }, get, `expected a get's output to have a string "value"`],
    [{ err: "OK", value: "v" }, get, `expected a get's output to have a whole number "version" >= 0`],
    [{}, put("v", 0), 'expected output to have "err" one of'],
  ])("refuses the output %j: %s", (value, input, message) => {
    expect(() => readKvOutput(value, input)).toThrow(message);
  });
});
