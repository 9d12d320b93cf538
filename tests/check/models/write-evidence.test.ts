import { describe, expect, it } from "vitest";
import { type Operation, casRegisterModel, registerModel } from "../../../src/check/index.js";
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
