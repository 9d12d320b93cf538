import { describe, expect, it } from "vitest";
import { type KvInput, type KvOutput, type Operation, kvModel, kvStrictModel } from "../../../src/check/index.js";
import { KvEvidence } from "../../../src/check/models/kv-evidence.js";

type Op = Operation<KvInput, KvOutput>;

let clock = 0;
const at = () => clock++;
const put = (value: string, version: number, err?: KvOutput["err"]): Op => {
  const call = at();
  const input: KvInput = { op: "put", key: "k", value, version };
  return err === undefined ? { client: call, call, input } : { client: call, call, return: call + 100, input, output: { err } };
};
const get = (value: string, version = 0): Op => {
  const call = at();
  return { client: call, call, return: call + 100, input: { op: "get", key: "k" }, output: { value, version, err: "OK" } };
};
const state = (value: string, version: number) => ({ value, version });

describe("KvEvidence", () => {
  it("lists, for a put, the gets that return its value, in call order; nothing for a get", () => {
    const late = get("a");
    const early = { ...get("a"), call: -1 };
    const ops = [put("a", 0, "OK"), late, get("b"), early, put("b", 1, "ErrVersion")];
    const evidence = new KvEvidence(ops);
    expect(evidence.shownBy(0)).toEqual([3, 1]);
    expect(evidence.shownBy(4)).toEqual([2]);
    expect(evidence.shownBy(1)).toEqual([]);
  });

  it("a get can still return a value that is the state's, or that a put left may install: one naming a version not below the state's, that may have applied", () => {
    const ops = [put("a", 0, "OK"), put("b", 1, "ErrMaybe"), put("c", 0, "ErrVersion"), put("d", 3), get("a"), get("b"), get("c"), get("d"), get("")];
    const evidence = new KvEvidence(ops);
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
    const ops = [put("a", 0, "OK"), get("a")];
    const evidence = new KvEvidence(ops);
    evidence.track(0, true);
    expect(evidence.reachable(1, state("", 0))).toBe(false);
    evidence.track(0, false);
    expect(evidence.reachable(1, state("", 0))).toBe(true);
  });

  it("knows nothing against a put the model calls read-only (refused with ErrVersion)", () => {
    const ops = [put("a", 5, "ErrVersion")];
    expect(new KvEvidence(ops).reachable(0, state("zz", 9))).toBe(true);
  });

  it("is what both KV models offer the search", () => {
    const ops = [put("a", 0, "OK"), get("a")];
    expect(kvModel.evidence!(ops).shownBy(0)).toEqual([1]);
    expect(kvStrictModel.evidence!(ops).shownBy(0)).toEqual([1]);
  });
});
