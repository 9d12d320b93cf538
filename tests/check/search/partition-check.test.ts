import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryBudget } from "../../../src/check/search/cache.js";
import { type Operation, check, findModel } from "../../../src/check/index.js";
import { PartitionSearch } from "../../../src/check/search/search.js";
import { verifyLinearization } from "../replay.js";

const appendKv = findModel("porcupine-kv")!.model;
/** The model without its read evidence, which would decide the probes' histories without them. */
const { evidence: _, ...appendKvBlind } = appendKv;

/** A small deterministic generator (an LCG), so each history is the same on every run. */
function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/**
 * Five clients appending to and reading one key. An append never returns with probability
 * `unknown`; such an append took effect (at a point of its first moments) half the time, and its
 * client goes on as a new one. Every other operation takes effect at a point inside its interval.
 */
function appendsSomeLost(seed: number, operations: number, unknown: number): Operation<unknown, unknown>[] {
  const rnd = random(seed);
  const free = [0, 0, 0, 0, 0];
  const effects: { at: number; apply: () => void }[] = [];
  const ops: Operation<unknown, unknown>[] = [];
  let value = "";
  for (let n = 0; n < operations; n++) {
    const c = n % free.length;
    const call = free[c]! + Math.floor(rnd() * 4);
    const length = 1 + Math.floor(rnd() * 10);
    if (rnd() < 0.5) {
      const op: Operation<unknown, unknown> = { client: c, call, return: call + length, input: { op: "get", key: "k" } };
      effects.push({ at: call + rnd() * length, apply: () => (op.output = { value }) });
      ops.push(op);
      free[c] = call + length + 1;
      continue;
    }
    const text = `x ${n} y`;
    const lost = rnd() < unknown;
    if (lost) {
      ops.push({ client: 100 + n, call, input: { op: "append", key: "k", value: text } });
      if (rnd() < 0.5) effects.push({ at: call + rnd() * length, apply: () => (value += text) });
      free[c] = call + 1;
    } else {
      ops.push({ client: c, call, return: call + length, input: { op: "append", key: "k", value: text }, output: {} });
      effects.push({ at: call + rnd() * length, apply: () => (value += text) });
      free[c] = call + length + 1;
    }
  }
  effects.sort((a, b) => a.at - b.at).forEach((e) => e.apply());
  return ops;
}

describe("a partition with operations of unknown outcome", () => {
  it("is decided by a probe with a short window where the full search alone drowns in the appends that never took effect", () => {
    const history = appendsSomeLost(7, 200, 0.15);
    expect(history.filter((o) => o.return === undefined).length).toBeGreaterThanOrEqual(10);
    const full = new PartitionSearch(appendKvBlind, history, new MemoryBudget(64 * 1024 * 1024), 1);
    expect(full.advance(2_000_000)).not.toBe("ok");
    const result = check(history, appendKvBlind);
    expect(result.verdict).toBe("ok");
    expect(result.steps).toBeLessThan(2_000_000);
    verifyLinearization(history, appendKv, result.partitions[0]!);
    // With the model's read evidence the full search alone cuts the orders the reads rule out.
    const told = new PartitionSearch(appendKv, history, new MemoryBudget(64 * 1024 * 1024), 1);
    expect(told.advance(2_000_000)).toBe("ok");
  });

  it("is illegal with the full search's dead ends when a get reads what no order gives", () => {
    const small = appendsSomeLost(3, 40, 0.2);
    small.findLast((o) => (o.input as { op: string }).op === "get")!.output = { value: "impossible" };
    const decided = check(small, appendKv);
    expect(decided.verdict).toBe("illegal");
    expect(decided.partitions[0]!.deadEnds!.length).toBeGreaterThan(0);
  });

  it("gives the same verdict, steps and order on every run", () => {
    const history = appendsSomeLost(11, 150, 0.2);
    const first = check(history, appendKv);
    expect(check(history, appendKv)).toEqual(first);
  });

  it("a window searches only orders that place each unknown-outcome operation soon after its call", () => {
    // One append never returned and took effect long after its call: seen only by the last get.
    const history: Operation<unknown, unknown>[] = [
      { client: 9, call: 0, input: { op: "append", key: "k", value: "u" } },
      ...[1, 2, 3, 4].map((i) => ({ client: 0, call: 10 * i, return: 10 * i + 1, input: { op: "get", key: "k" }, output: { value: "" } })),
      { client: 0, call: 50, return: 51, input: { op: "get", key: "k" }, output: { value: "u" } },
    ];
    const budget = new MemoryBudget(1 << 20);
    expect(new PartitionSearch(appendKv, history, budget, 1, { window: 2 }).advance(1_000)).toBe("illegal");
    expect(new PartitionSearch(appendKv, history, budget, 1, { window: 5 }).advance(1_000)).toBe("ok");
    expect(new PartitionSearch(appendKv, history, budget, 1).advance(1_000)).toBe("ok");
    expect(check(history, appendKv).verdict).toBe("ok");
  });

  it("a window's linearization is a real one, and a window never finds one where the full search proves there is none", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 8, max: 24 }), fc.boolean(), fc.constantFrom(1, 2, 4), (seed, size, corrupt, window) => {
        const history = appendsSomeLost(seed, size, 0.3);
        const get = history.findLast((o) => (o.input as { op: string }).op === "get");
        if (corrupt && get !== undefined) get.output = { value: `${(get.output as { value: string }).value}?` };
        const budget = new MemoryBudget(1 << 24);
        const full = new PartitionSearch(appendKv, history, budget, 1).advance(1_000_000);
        const windowed = new PartitionSearch(appendKv, history, budget, 1, { window });
        const status = windowed.advance(1_000_000);
        if (status === "ok") {
          expect(full).toBe("ok");
          verifyLinearization(history, appendKv, { name: "k", verdict: "ok", operations: history.map((_, i) => i), steps: 0, linearization: windowed.linearization() });
        }
      }),
      { numRuns: 200 },
    );
  });

  it("never turns a verdict the full search reaches into unknown for want of the memory its probe holds", () => {
    for (const seed of [13]) {
      const history = appendsSomeLost(seed, 60, 0.2);
      history.findLast((o) => (o.input as { op: string }).op === "get")!.output = { value: "impossible" };
      // What the full search alone holds at its end.
      const budget = new MemoryBudget(1 << 30);
      const alone = new PartitionSearch(appendKv, history, budget, 3);
      expect(alone.advance(Infinity)).toBe("illegal");
      const needed = (1 << 30) - budget.remaining;
      for (const factor of [1.05, 1.5]) {
        const result = check(history, appendKv, { memory: Math.ceil(needed * factor) });
        expect([seed, factor, result.verdict]).toEqual([seed, factor, "illegal"]);
      }
    }
  });
});

