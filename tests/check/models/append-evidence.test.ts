import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AppendKvInput, type AppendKvOutput, type AppendKvState, type Operation, appendKvModel, stateHash } from "../../../src/check/index.js";
import { AppendEvidence } from "../../../src/check/models/append-evidence.js";

type Op = Operation<AppendKvInput, AppendKvOutput>;

const state = (value: string): AppendKvState => ({ value, hash: stateHash(value) });
let clock = 0;
const op = (input: Omit<AppendKvInput, "key">, output?: AppendKvOutput): Op => {
  const call = clock++;
  return output === undefined && input.op !== "get" ? { client: call, call, input: { key: "k", ...input } } : { client: call, call, return: call + 100, input: { key: "k", ...input }, output: output ?? {} };
};
const put = (value: string, returned = true) => (returned ? op({ op: "put", value }, {}) : op({ op: "put", value }));
const append = (value: string, returned = true) => (returned ? op({ op: "append", value }, {}) : op({ op: "append", value }));
const get = (value: string) => op({ op: "get" }, { value });

describe("AppendEvidence", () => {
  it("lists, for an append, the gets whose value it is a piece of and, for a put, those whose value begins with it, in call order", () => {
    const ops = [get("ab"), put("a"), append("b"), append("zz"), get("a"), get("xab"), op({ op: "get" }), get("bb")];
    const evidence = new AppendEvidence(ops);
    // "xab" holds "b", but no put or append makes its "xa": no cutting of it has "b" as a piece.
    expect(evidence.shownBy(2)).toEqual([0, 7]);
    expect(evidence.shownBy(1)).toEqual([0, 4]);
    expect(evidence.shownBy(3)).toEqual([]);
    expect(evidence.shownBy(0)).toEqual([]);
    // In call order, not in the order of the operations given.
    const late = get("b");
    const early = { ...get("bb"), call: -5 };
    expect(new AppendEvidence([append("b"), late, early]).shownBy(0)).toEqual([2, 1]);
  });

  it("a get can still return a value that begins with the state now, or with a put left, the rest made of appends left", () => {
    const ops = [put("p"), append("b"), append("c"), get("pbc"), get("abc"), get("pcb"), get("p"), get("")];
    const evidence = new AppendEvidence(ops);
    expect(evidence.reachable(3, state(""))).toBe(true); // put p, then b and c
    expect(evidence.reachable(3, state("pb"))).toBe(true); // c is left
    expect(evidence.reachable(4, state("a"))).toBe(true); // from "a": b, c
    expect(evidence.reachable(4, state(""))).toBe(false); // no append of "a", no put of "a..."
    expect(evidence.reachable(5, state(""))).toBe(true); // the order of appends is not asked
    expect(evidence.reachable(6, state("x"))).toBe(true); // the put itself
    expect(evidence.reachable(7, state("x"))).toBe(false); // nothing empties the value but a put of ""
    expect(evidence.reachable(7, state(""))).toBe(true);
  });

  it("an operation placed no longer counts, and counts again once its placement is undone", () => {
    const ops = [put("p"), append("b"), get("pb")];
    const evidence = new AppendEvidence(ops);
    evidence.track(1, true);
    expect(evidence.reachable(2, state("p"))).toBe(false);
    expect(evidence.reachable(2, state("pb"))).toBe(true);
    evidence.track(1, false);
    expect(evidence.reachable(2, state("p"))).toBe(true);
    evidence.track(0, true);
    expect(evidence.reachable(2, state("x"))).toBe(false);
    expect(evidence.reachable(2, state("p"))).toBe(true);
  });

  it("asks only whether some append of a value is left, not how many; an append of \"\" changes nothing and counts for nothing", () => {
    const ops = [append("a"), append("a"), get("aa"), append(""), get("")];
    const evidence = new AppendEvidence(ops);
    expect(evidence.reachable(2, state(""))).toBe(true);
    evidence.track(0, true);
    // "aa" needs two appends of "a" and one is left: in doubt, the evidence says it can.
    expect(evidence.reachable(2, state(""))).toBe(true);
    expect(evidence.reachable(2, state("a"))).toBe(true);
    evidence.track(1, true);
    expect(evidence.reachable(2, state("a"))).toBe(false);
    evidence.track(3, true);
    expect(evidence.reachable(4, state(""))).toBe(true);
  });

  it("a state that does not end where the value can be cut is not judged: in doubt, the get can", () => {
    const ops = [append("abc"), get("abc")];
    const evidence = new AppendEvidence(ops);
    evidence.track(0, true);
    expect(evidence.reachable(1, state("a"))).toBe(true);
    expect(evidence.reachable(1, state(""))).toBe(false);
  });

  it("operations of unknown outcome may still take effect: they count as left", () => {
    const ops = [put("p", false), append("b", false), get("pb")];
    expect(new AppendEvidence(ops).reachable(2, state("zzz"))).toBe(true);
  });

  it("never says a get cannot return its value when some order of the operations left does lead there", () => {
    // A true sequential run: every get reads the value at its place; at each point of it, the
    // operations after that point are left, and every get among them must be reachable.
    const step = fc.oneof(
      fc.record({ op: fc.constant("put" as const), value: fc.constantFrom("", "a", "b", "ab") }),
      fc.record({ op: fc.constant("append" as const), value: fc.constantFrom("", "a", "b", "ba") }),
      fc.record({ op: fc.constant("get" as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 14 }), fc.array(fc.nat(), { maxLength: 14 }), (steps, shuffle) => {
        let value = "";
        const run: Op[] = [];
        const states: string[] = [];
        for (const s of steps) {
          states.push(value);
          if (s.op === "get") run.push(get(value));
          else {
            value = s.op === "put" ? s.value : value + s.value;
            run.push(s.op === "put" ? put(s.value) : append(s.value));
          }
        }
        // The evidence is given the operations in another order; it numbers them as given.
        const given = run.map((o, i) => ({ o, i, key: shuffle[i] ?? 0 })).sort((a, b) => a.key - b.key || a.i - b.i);
        const numberOf = new Map(given.map(({ i }, k) => [i, k]));
        const evidence = new AppendEvidence(given.map(({ o }) => o));
        for (let at = 0; at < run.length; at++) {
          for (let later = at; later < run.length; later++) {
            if (run[later]!.input.op === "get") expect(evidence.reachable(numberOf.get(later)!, state(states[at]!))).toBe(true);
          }
          evidence.track(numberOf.get(at)!, true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("is what the porcupine-kv model offers the search", () => {
    const ops = [append("b"), get("b")];
    expect(appendKvModel.evidence!(ops).shownBy(0)).toEqual([1]);
  });
});
