import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Model, type NondeterministicModel, type Operation, check, findModel, powerset } from "../../src/check/index.js";
import { replay, verifyLinearization } from "./replay.js";

/**
 * The checker against a brute-force checker written here: try every order of the operations that
 * respects real time (closed intervals; unknown-outcome operations anywhere after their call, or
 * nowhere), over the whole history at once (no partitions), with sets of states.
 */
function bruteForce<S, I, O>(history: readonly Operation<I, O>[], init: S[], step: (s: S, op: Operation<I, O>) => S[]): boolean {
  const used = history.map(() => false);
  const search = (states: S[]): boolean => {
    const left = history.flatMap((_, i) => (used[i] ? [] : [i]));
    if (left.every((i) => history[i]!.return === undefined)) return true;
    const horizon = Math.min(...left.map((i) => history[i]!.return ?? Infinity));
    for (const i of left) {
      if (history[i]!.call > horizon) continue;
      const seen = new Map<string, S>();
      for (const s of states) for (const t of step(s, history[i]!)) seen.set(JSON.stringify(t), t);
      if (seen.size === 0) continue;
      used[i] = true;
      const ok = search([...seen.values()]);
      used[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return search(init);
}

/** Brute force for a deterministic model: the state is a map from partition name to the model's state. */
function bruteForceModel<S, I, O>(history: readonly Operation<I, O>[], model: Model<S, I, O>): boolean {
  return bruteForce<Record<string, S>, I, O>(history, [{}], (states, op) => {
    const key = model.partition?.(op) ?? "";
    const next = model.step(states[key] ?? model.init(), op.input, op.output);
    return next === undefined ? [] : [{ ...states, [key]: next }];
  });
}

/** How an operation is generated: its input, and what it returns when it takes effect in `state`. */
interface Spec<S, I, O> {
  init: S;
  input: fc.Arbitrary<I>;
  run(state: S, input: I): [S, O];
  /** A wrong (or merely unlikely) output, to make some histories illegal. */
  corrupt: fc.Arbitrary<O>;
}

/**
 * Histories of up to 6 operations: mostly from a real sequential run (each operation takes effect
 * at a random point of its interval), some outputs replaced, some operations of unknown outcome.
 */
function histories<S, I, O>(spec: Spec<S, I, O>, keyOf: (input: I) => string = () => ""): fc.Arbitrary<Operation<I, O>[]> {
  const op = fc.record({
    call: fc.integer({ min: 0, max: 8 }),
    length: fc.integer({ min: 0, max: 5 }),
    point: fc.double({ min: 0, max: 1, noNaN: true }),
    input: spec.input,
    pending: fc.integer({ min: 0, max: 6 }).map((n) => (n === 0 ? "pending" : n === 1 ? "lost" : "done")),
    corrupt: fc.option(spec.corrupt, { freq: 5 }),
  });
  return fc.array(op, { minLength: 1, maxLength: 6 }).map((drafts) => {
    const order = drafts.map((d, i) => ({ d, i, at: d.call + d.point * d.length })).sort((a, b) => a.at - b.at || a.i - b.i);
    const states = new Map<string, S>();
    const ops: Operation<I, O>[] = [];
    for (const { d, i } of order) {
      const key = keyOf(d.input);
      const [next, output] = spec.run(states.get(key) ?? spec.init, d.input);
      if (d.pending !== "lost") states.set(key, next);
      const op: Operation<I, O> = { client: i, call: d.call, input: d.input };
      if (d.pending === "done") {
        op.return = d.call + d.length;
        op.output = d.corrupt ?? output;
      }
      ops[i] = op;
    }
    return ops;
  });
}

/** How many histories of each verdict a property saw, so a test can insist on a real mix. */
const tally = { ok: 0, illegal: 0 };

function agree<S, I, O>(model: Model<S, I, O>, history: Operation<I, O>[], expected: boolean): void {
  const result = check(history, model);
  tally[expected ? "ok" : "illegal"]++;
  expect(result.verdict).toBe(expected ? "ok" : "illegal");
  if (result.verdict === "ok") for (const p of result.partitions) verifyLinearization(history, model, p);
  else {
    const failed = result.partitions.find((p) => p.name === result.illegalPartition)!;
    for (const end of failed.deadEnds!) expect(model.equal(replay(history, model, end.order), end.state)).toBe(true);
  }
}

const small = fc.integer({ min: 0, max: 2 });
const word = fc.constantFrom("x", "y");
const key = fc.constantFrom("a", "b");
const RUNS = { numRuns: 300 };

describe("kvlab's verdict equals a brute-force checker's on small random histories", () => {
  beforeEach(() => {
    tally.ok = tally.illegal = 0;
  });
  afterEach(() => {
    // Both verdicts must be common, or the comparison proves little.
    expect(tally.ok).toBeGreaterThan(RUNS.numRuns / 10);
    expect(tally.illegal).toBeGreaterThan(RUNS.numRuns / 10);
  });

  it("register", () => {
    type I = { op: "read" } | { op: "write"; value: number };
    const spec: Spec<number | null, I, { value?: number | null }> = {
      init: null,
      input: fc.oneof(fc.constant({ op: "read" as const }), small.map((value) => ({ op: "write" as const, value }))),
      run: (s, i) => (i.op === "read" ? [s, { value: s }] : [i.value, {}]),
      corrupt: fc.oneof(small, fc.constant(null)).map((value) => ({ value })),
    };
    const model = findModel("register")!.model as Model<unknown, I, { value?: number | null }>;
    fc.assert(fc.property(histories(spec), (h) => agree(model, h, bruteForceModel(h, model))), RUNS);
  });

  it("cas-register (with failed reads and unknown outcomes)", () => {
    type I = { op: "read" } | { op: "write"; value: number } | { op: "cas"; from: number; to: number };
    type O = { value?: number | null; ok?: boolean; failed?: boolean };
    const spec: Spec<number | null, I, O> = {
      init: null,
      input: fc.oneof(
        fc.constant({ op: "read" as const }),
        small.map((value) => ({ op: "write" as const, value })),
        fc.tuple(small, small).map(([from, to]) => ({ op: "cas" as const, from, to })),
      ),
      run: (s, i) =>
        i.op === "read" ? [s, { value: s }] : i.op === "write" ? [i.value, {}] : s === i.from ? [i.to, { ok: true }] : [s, { ok: false }],
      corrupt: fc.oneof(small.map((value) => ({ value, ok: value === 1 })), fc.constant({ failed: true, ok: false })),
    };
    const model = findModel("cas-register")!.model as Model<unknown, I, O>;
    fc.assert(fc.property(histories(spec), (h) => agree(model, h, bruteForceModel(h, model))), RUNS);
  });

  for (const name of ["kv", "kv-strict"]) {
    it(`${name} (two keys, ErrMaybe, unknown outcomes)`, () => {
      type I = { op: "get"; key: string } | { op: "put"; key: string; value: string; version: number };
      type O = { value?: string; version?: number; err: string };
      type S = { value: string; version: number };
      const spec: Spec<S, I, O> = {
        init: { value: "", version: 0 },
        input: fc.oneof(
          key.map((k) => ({ op: "get" as const, key: k })),
          fc.tuple(key, word, small).map(([k, value, version]) => ({ op: "put" as const, key: k, value, version })),
        ),
        run(s, i) {
          if (i.op === "get") return [s, { value: s.value, version: s.version, err: s.version === 0 ? "ErrNoKey" : "OK" }];
          if (s.version === i.version) return [{ value: i.value, version: s.version + 1 }, { err: "OK" }];
          return [s, { err: s.version === 0 ? "ErrNoKey" : "ErrVersion" }];
        },
        corrupt: fc.record({ value: word, version: small, err: fc.constantFrom("OK", "ErrMaybe", "ErrVersion", "ErrNoKey") }),
      };
      const model = findModel(name)!.model as Model<S, I, O>;
      fc.assert(fc.property(histories(spec, (i) => i.key), (h) => agree(model, h, bruteForceModel(h, model))), RUNS);
    });
  }

  it("porcupine-kv (get, put, append on two keys)", () => {
    type I = { op: "get" | "put" | "append"; key: string; value?: string };
    const spec: Spec<string, I, { value?: string }> = {
      init: "",
      input: fc.record({ op: fc.constantFrom("get" as const, "put" as const, "append" as const), key, value: word }).map((i) =>
        i.op === "get" ? { op: i.op, key: i.key } : i,
      ),
      run: (s, i) => (i.op === "get" ? [s, { value: s }] : [i.op === "put" ? i.value! : s + i.value!, {}]),
      corrupt: fc.constantFrom("", "x", "y", "xy", "yx").map((value) => ({ value })),
    };
    const model = findModel("porcupine-kv")!.model as Model<unknown, I, { value?: string }>;
    fc.assert(fc.property(histories(spec, (i) => i.key), (h) => agree(model, h, bruteForceModel(h, model))), RUNS);
  });

  it("a nondeterministic model through powerset (a register whose writes may be lost)", () => {
    type I = { op: "read" } | { op: "write"; value: number };
    type O = { value?: number };
    const lossy: NondeterministicModel<number, I, O> = {
      init: () => [0],
      step: (s, i, o) => (i.op === "write" ? [s, i.value] : o === undefined || o.value === s ? [s] : []),
      equal: (a, b) => a === b,
      hash: (s) => s,
    };
    const spec: Spec<number, I, O> = {
      init: 0,
      input: fc.oneof(fc.constant({ op: "read" as const }), small.map((value) => ({ op: "write" as const, value: value + 1 }))),
      run: (s, i) => (i.op === "read" ? [s, { value: s }] : [i.value, {}]),
      corrupt: fc.integer({ min: 0, max: 3 }).map((value) => ({ value })),
    };
    const model = powerset(lossy);
    fc.assert(
      fc.property(histories(spec), (h) => agree(model, h, bruteForce(h, lossy.init(), (s, op) => lossy.step(s, op.input, op.output)))),
      RUNS,
    );
  });
});
