// Property tests of check() by rule: a history recorded from a sequential execution of a model,
// however its operations' intervals are stretched around their instants, is linearizable; the
// same history with one read's value replaced by a value never written is not.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Model, type Operation, check, findModel } from "../../src/check/index.js";
import { verifyLinearization } from "./replay.js";

type Op = Operation<unknown, unknown>;

/** One step of a sequential execution: the input, and a function of the state giving the output. */
interface Step {
  input: unknown;
  output: (state: unknown) => unknown;
}

/** A model, how to draw its steps, and how to make a read's output one that no state holds. */
interface Spec {
  name: string;
  step: fc.Arbitrary<Step>;
  isRead: (op: Op) => boolean;
  corrupt: (op: Op) => Op;
}

const KEYS = ["a", "b"];
const read: Step = { input: { op: "read" }, output: (s) => ({ value: s }) };
const specs: Spec[] = [
  {
    name: "register",
    step: fc.oneof(fc.integer({ min: 0, max: 3 }).map((v): Step => ({ input: { op: "write", value: v }, output: () => ({}) })), fc.constant(read)),
    isRead: (op) => (op.input as { op: string }).op === "read",
    corrupt: (op) => ({ ...op, output: { value: 99 } }),
  },
  {
    name: "cas-register",
    step: fc.oneof(
      fc.integer({ min: 0, max: 3 }).map((v): Step => ({ input: { op: "write", value: v }, output: () => ({}) })),
      fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([from, to]): Step => ({ input: { op: "cas", from, to }, output: (s) => ({ ok: s === from }) })),
      fc.constant(read),
    ),
    isRead: (op) => (op.input as { op: string }).op === "read",
    corrupt: (op) => ({ ...op, output: { value: 99 } }),
  },
  ...["kv", "kv-strict"].map(
    (name): Spec => ({
      name,
      step: fc.oneof(
        fc.constantFrom(...KEYS).map((key): Step => ({
          input: { op: "get", key },
          output: (s) => {
            const { value, version } = s as { value: string; version: number };
            return { value, version, err: version === 0 ? "ErrNoKey" : "OK" };
          },
        })),
        fc.tuple(fc.constantFrom(...KEYS), fc.string({ maxLength: 2 }), fc.integer({ min: 0, max: 3 }), fc.boolean()).map(([key, value, version, maybe]): Step => ({
          input: { op: "put", key, value, version },
          output: (s) => {
            const current = (s as { version: number }).version;
            // The kv model wants ErrVersion for every refused put; kv-strict ErrNoKey on a missing key.
            const refusal = name === "kv-strict" && current === 0 ? "ErrNoKey" : "ErrVersion";
            return { err: maybe ? "ErrMaybe" : version === current ? "OK" : refusal };
          },
        })),
      ),
      isRead: (op) => (op.input as { op: string }).op === "get",
      corrupt: (op) => ({ ...op, output: { ...(op.output as object), value: "never written" } }),
    }),
  ),
  {
    name: "porcupine-kv",
    step: fc.oneof(
      fc.tuple(fc.constantFrom("put", "append"), fc.constantFrom(...KEYS), fc.constantFrom("x", "y", "")).map(([op, key, value]): Step => ({ input: { op, key, value }, output: () => ({}) })),
      fc.constantFrom(...KEYS).map((key): Step => ({ input: { op: "get", key }, output: (s) => ({ value: (s as { value: string }).value }) })),
    ),
    isRead: (op) => (op.input as { op: string }).op === "get",
    corrupt: (op) => ({ ...op, output: { value: "never written" } }),
  },
];

/** How far each operation's interval reaches before and after its instant, and whether its reply was lost. */
const stretch = fc.record({ before: fc.integer({ min: 0, max: 40 }), after: fc.integer({ min: 0, max: 40 }), lost: fc.integer({ min: 0, max: 9 }) });

/**
 * Runs `steps` one after another through `model` (operation k at instant 10k), then stretches
 * each interval around its instant; a lost reply makes an operation of unknown outcome.
 */
function sequentialHistory(model: Model<unknown, unknown, unknown>, steps: Step[], stretches: { before: number; after: number; lost: number }[], loseReplies: boolean): Op[] {
  const states = new Map<string, unknown>();
  return steps.map((step, k) => {
    const op: Op = { client: k % 4, call: 10 * k - stretches[k]!.before, input: step.input };
    const key = model.partition ? model.partition(op) : "";
    const state = states.has(key) ? states.get(key) : model.init();
    const output = step.output(state);
    const next = model.step(state, step.input, output);
    if (next === undefined) throw new Error(`the spec's output for ${JSON.stringify(step.input)} is not the model's`);
    states.set(key, next);
    if (loseReplies && stretches[k]!.lost === 0) return op;
    return { ...op, return: 10 * k + stretches[k]!.after, output };
  });
}

const history = (spec: Spec) =>
  fc.array(fc.tuple(spec.step, stretch), { minLength: 1, maxLength: 14 }).map((pairs) => ({ steps: pairs.map(([s]) => s), stretches: pairs.map(([, t]) => t) }));

describe.each(specs)("histories of sequential executions of $name", (spec) => {
  const model = findModel(spec.name)!.model;

  it("are linearizable, with an order the model replays", () => {
    fc.assert(
      fc.property(history(spec), fc.boolean(), ({ steps, stretches }, loseReplies) => {
        const h = sequentialHistory(model, steps, stretches, loseReplies);
        const result = check(h, model);
        expect(result.verdict).toBe("ok");
        for (const partition of result.partitions) verifyLinearization(h, model, partition);
      }),
      { numRuns: 150 },
    );
  });

  it("are not, once a completed read returns a value never written", () => {
    fc.assert(
      fc.property(history(spec), fc.nat(), ({ steps, stretches }, pick) => {
        const h = sequentialHistory(model, steps, stretches, false);
        const reads = h.flatMap((op, i) => (spec.isRead(op) ? [i] : []));
        fc.pre(reads.length > 0);
        const i = reads[pick % reads.length]!;
        const corrupted = h.map((op, j) => (j === i ? spec.corrupt(op) : op));
        const result = check(corrupted, model);
        expect(result.verdict).toBe("illegal");
        const partition = result.partitions.find((p) => p.name === result.illegalPartition)!;
        expect(partition.operations).toContain(i);
      }),
      { numRuns: 150 },
    );
  });

  it("give the same result on every check", () => {
    fc.assert(
      fc.property(history(spec), ({ steps, stretches }) => {
        const h = sequentialHistory(model, steps, stretches, true);
        expect(check(h, model)).toEqual(check(h, model));
      }),
      { numRuns: 30 },
    );
  });
});
