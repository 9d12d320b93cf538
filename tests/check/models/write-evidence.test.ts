import { describe, expect, it } from "vitest";
import { type Operation, casRegisterModel, kvModel, kvStrictModel, registerModel } from "../../../src/check/index.js";
import { WriteEvidence } from "../../../src/check/models/write-evidence.js";

type Op = Operation<unknown, unknown>;

let clock = 0;
const op = (input: unknown, output?: unknown): Op => {
  const call = clock++;
  return output === undefined ? { client: call, call, input } : { client: call, call, return: call + 100, input, output };
};

describe("WriteEvidence, for a register", () => {
  const evidenceOf = (ops: Op[]) => registerModel.evidence!(ops as never) as WriteEvidence<unknown, unknown, unknown>;

  it("lists, for a write, the reads that return its value, in call order", () => {
    const late = op({ op: "read" }, { value: 1 });
    const early = { ...op({ op: "read" }, { value: 1 }), call: -1 };
    const ops = [op({ op: "write", value: 1 }, {}), late, op({ op: "read" }, { value: 2 }), early];
    const evidence = evidenceOf(ops);
    expect(evidence.shownBy(0)).toEqual([3, 1]);
    expect(evidence.shownBy(1)).toEqual([]);
  });

  it("a read can still return the state's value, or one a write still to be placed sets", () => {
    const ops = [op({ op: "write", value: 1 }, {}), op({ op: "write", value: 2 }), op({ op: "read" }, { value: 1 }), op({ op: "read" }, { value: 2 }), op({ op: "read" }, { value: null })];
    const evidence = evidenceOf(ops);
    expect(evidence.reachable(2, null)).toBe(true);
    evidence.track(0, true);
    expect(evidence.reachable(2, 1)).toBe(true);
    expect(evidence.reachable(2, 2)).toBe(false);
    expect(evidence.reachable(3, 1)).toBe(true); // the write of 2 never returned: it may still take effect
    expect(evidence.reachable(4, 1)).toBe(false); // nothing writes null
    evidence.track(0, false);
    expect(evidence.reachable(2, 2)).toBe(true);
  });
});

describe("WriteEvidence, for a compare-and-set register", () => {
  const evidenceOf = (ops: Op[]) => casRegisterModel.evidence!(ops as never) as WriteEvidence<unknown, unknown, unknown>;

  it("a cas that may have swapped sets its new value; one refused sets nothing; a failed read shows nothing", () => {
    const ops = [op({ op: "cas", from: 0, to: 5 }, { ok: true }), op({ op: "cas", from: 0, to: 6 }, { ok: false }), op({ op: "cas", from: 0, to: 7 }), op({ op: "read" }, { value: 5 }), op({ op: "read" }, { value: 6 }), op({ op: "read" }, { value: 7 }), op({ op: "read" }, { failed: true })];
    const evidence = evidenceOf(ops);
    expect(evidence.reachable(3, 0)).toBe(true);
    expect(evidence.reachable(4, 0)).toBe(false);
    expect(evidence.reachable(5, 0)).toBe(true);
    expect(evidence.reachable(6, 0)).toBe(true);
    expect(evidence.shownBy(0)).toEqual([3]);
    expect(evidence.shownBy(1)).toEqual([]);
    // A refused cas is read-only to the model, and shows nothing the evidence could hold against it.
    expect(evidence.reachable(1, 3)).toBe(true);
  });
});

describe("WriteEvidence, for the versioned store (kv, kv-strict)", () => {
  const put = (value: string, version: number, err?: string): Op => op({ op: "put", key: "k", value, version }, err === undefined ? undefined : { err });
  const get = (value: string, version = 0): Op => op({ op: "get", key: "k" }, { value, version, err: "OK" });
  const evidenceOf = (ops: Op[]) => kvModel.evidence!(ops as never);
  const state = (value: string, version: number) => ({ value, version });

  it("lists, for a put that may apply, the gets that return its value, in call order; nothing for a refused put", () => {
    const late = get("a");
    const early = { ...get("a"), call: -1 };
    const ops = [put("a", 0, "OK"), late, get("b"), early, put("b", 1, "ErrVersion")];
    const evidence = evidenceOf(ops);
    expect(evidence.shownBy(0)).toEqual([3, 1]);
    expect(evidence.shownBy(4)).toEqual([]);
    expect(evidence.shownBy(1)).toEqual([]);
  });

  it("a get can still return a value that is the state's, or that a put left may install: one naming a version not below the state's, that may have applied", () => {
    const ops = [put("a", 0, "OK"), put("b", 1, "ErrMaybe"), put("c", 0, "ErrVersion"), put("d", 3), get("a"), get("b"), get("c"), get("d"), get("")];
    const evidence = evidenceOf(ops);
    expect(evidence.reachable(4, state("a", 1))).toBe(true); // the state's value
    expect(evidence.reachable(4, state("", 0))).toBe(true); // the put of "a" at version 0 is left
    expect(evidence.reachable(4, state("x", 1))).toBe(false); // its version 0 is past
    expect(evidence.reachable(5, state("a", 1))).toBe(true); // ErrMaybe: it may have applied
    expect(evidence.reachable(6, state("", 0))).toBe(false); // ErrVersion: it never installs "c"
    expect(evidence.reachable(7, state("x", 3))).toBe(true); // never returned: it may apply at 3
    expect(evidence.reachable(7, state("x", 4))).toBe(false);
    expect(evidence.reachable(8, state("", 0))).toBe(true);
    expect(evidence.reachable(8, state("a", 1))).toBe(false); // no put of "" is left
  });

  it("a placed put no longer counts, and counts again once its placement is undone", () => {
    const evidence = evidenceOf([put("a", 0, "OK"), get("a")]);
    evidence.track(0, true);
    expect(evidence.reachable(1, state("", 0))).toBe(false);
    evidence.track(0, false);
    expect(evidence.reachable(1, state("", 0))).toBe(true);
  });

  it("knows nothing against a put the model calls read-only (refused with ErrVersion); kv-strict offers the same", () => {
    expect(evidenceOf([put("a", 5, "ErrVersion")]).reachable(0, state("zz", 9))).toBe(true);
    expect(kvStrictModel.evidence!([put("a", 0, "OK"), get("a")] as never).shownBy(0)).toEqual([1]);
  });
});
