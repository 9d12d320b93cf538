import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryBudget } from "../../../src/check/search/cache.js";
import { type Model, type Operation, findModel } from "../../../src/check/index.js";
import { PartitionSearch, type SearchStatus } from "../../../src/check/search/search.js";
import { verifyLinearization } from "../replay.js";

type Op = Operation<unknown, unknown>;
const register = findModel("register")!.model as Model<unknown, unknown, unknown>;

/** Small register histories: reads and writes of 0..2 over overlapping intervals, some never returning. */
const registerHistory = fc.array(
  fc.record({ write: fc.boolean(), value: fc.integer({ min: 0, max: 2 }), call: fc.integer({ min: 0, max: 12 }), length: fc.integer({ min: 0, max: 6 }), returns: fc.integer({ min: 0, max: 5 }) }),
  { maxLength: 9 },
).map((drafts) =>
  drafts.map((d, i): Op => {
    const input = d.write ? { op: "write", value: d.value } : { op: "read" };
    if (d.returns === 0) return { client: i, call: d.call, input };
    return { client: i, call: d.call, return: d.call + d.length, input, output: d.write ? {} : { value: d.value === 2 ? null : d.value } };
  }),
);

/** What a search came to, for comparing two searches of one history. */
function outcome(search: PartitionSearch<unknown, unknown, unknown>, status: SearchStatus) {
  return {
    status,
    steps: search.steps,
    linearization: status === "ok" ? search.linearization() : undefined,
    longest: status === "illegal" ? search.longest().map((p) => ({ order: Array.from(p.order), state: p.state })) : undefined,
  };
}

const whole = (h: Op[], model = register) => {
  const search = new PartitionSearch(model, h, new MemoryBudget(1 << 30), 3);
  return outcome(search, search.advance(Infinity));
};

describe("one partition's search", () => {
  it("ends in the same place, after the same steps, however its steps are sliced", () => {
    fc.assert(
      fc.property(registerHistory, fc.integer({ min: 1, max: 7 }), (h, slice) => {
        const search = new PartitionSearch(register, h, new MemoryBudget(1 << 30), 3);
        let status: SearchStatus = "running";
        for (let limit = slice; status === "running"; limit += slice) {
          status = search.advance(limit);
          // It pauses only at the limit (a last undo may unwind several committed reads past it).
          if (status === "running") expect(search.steps).toBeGreaterThanOrEqual(limit);
        }
        expect(outcome(search, status)).toEqual(whole(h));
      }),
      { numRuns: 200 },
    );
  });

  it("stops where the memo filled and, given memory back, goes on to the same end", () => {
    fc.assert(
      fc.property(registerHistory, (h) => {
        const budget = new MemoryBudget(0);
        const search = new PartitionSearch(register, h, budget, 3);
        let status = search.advance(Infinity);
        let refills = 0;
        while (status === "full") {
          budget.remaining += 200;
          refills++;
          search.resume();
          status = search.advance(Infinity);
        }
        expect(outcome(search, status)).toEqual(whole(h));
        // The memo holds at most one entry per step; each refill held about one.
        expect(refills).toBeLessThanOrEqual(search.steps + 1);
      }),
      { numRuns: 200 },
    );
  });

  it("reaches the same verdict without the model's readOnly hint", () => {
    const { readOnly: _, ...plain } = register;
    fc.assert(
      fc.property(registerHistory, (h) => {
        expect(whole(h, plain as typeof register).status).toBe(whole(h).status);
      }),
      { numRuns: 200 },
    );
  });

  it("places a history of operations one after another in as many steps as it has operations", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(-1)), { maxLength: 40 }), (values) => {
        let value: number | null = null;
        const h = values.map((v, i): Op => {
          const call = 2 * i;
          if (v === -1) return { client: 0, call, return: call + 1, input: { op: "read" }, output: { value } };
          value = v;
          return { client: 0, call, return: call + 1, input: { op: "write", value: v }, output: {} };
        });
        const result = whole(h);
        expect(result).toMatchObject({ status: "ok", steps: h.length, linearization: h.map((_, i) => i) });
      }),
    );
  });

  it("is ok at once for no operations, or for operations that never returned", () => {
    expect(whole([])).toEqual({ status: "ok", steps: 0, linearization: [], longest: undefined });
    const pending: Op[] = [{ client: 0, call: 0, input: { op: "write", value: 1 } }, { client: 1, call: 0, input: { op: "read" } }];
    expect(whole(pending)).toEqual({ status: "ok", steps: 0, linearization: [], longest: undefined });
  });

  it("counts what it must place: completed operations, and unknown-outcome ones that are not read-only", () => {
    const h: Op[] = [
      { client: 0, call: 0, return: 1, input: { op: "write", value: 1 }, output: {} },
      { client: 1, call: 0, input: { op: "write", value: 2 } },
      { client: 2, call: 0, input: { op: "read" } },
      { client: 3, call: 2, return: 3, input: { op: "read" }, output: { value: 1 } },
    ];
    const search = new PartitionSearch(register, h, new MemoryBudget(1 << 20), 3);
    expect([search.completed, search.optional]).toEqual([2, 1]);
  });

  it("pays for each depth's candidates from the memory budget: many concurrent operations stop as full, not past memory", () => {
    // 2,000 concurrent reads list about 2,000,000 candidates on the way down (8 MB); a 50 MB file
    // of such gets once took 16 GB and overflowed the pool's Int32Array ends.
    const reads: Op[] = Array.from({ length: 2_000 }, (_, i) => ({ client: i, call: 0, return: 1, input: { op: "read" }, output: { value: null } }));
    const budget = new MemoryBudget(1 << 20);
    const search = new PartitionSearch(register, reads, budget, 3);
    expect(search.advance(Infinity)).toBe("full");
    expect(budget.remaining).toBeGreaterThanOrEqual(0);
    search.release();
    expect(budget.remaining).toBe(1 << 20);
    // Given the memory, the same history is linearizable.
    expect(whole(reads).status).toBe("ok");
  });

  it("keeps at most maxPrefixes longest orders, each a real prefix the model replays", () => {
    const writes: Op[] = Array.from({ length: 4 }, (_, i) => ({ client: i, call: 0, return: 10, input: { op: "write", value: i }, output: {} }));
    const h = [...writes, { client: 9, call: 11, return: 12, input: { op: "read" }, output: { value: 7 } }];
    for (const max of [1, 2, 4]) {
      const search = new PartitionSearch(register, h, new MemoryBudget(1 << 20), max);
      expect(search.advance(Infinity)).toBe("illegal");
      const longest = search.longest();
      expect(longest).toHaveLength(max);
      for (const { order, state } of longest) {
        expect(order).toHaveLength(4);
        let s: unknown = register.init();
        for (const i of order) s = register.step(s, h[i]!.input, h[i]!.output);
        expect(s).toBe(state);
      }
    }
  });
});

describe("the model's read evidence", () => {
  const appendKv = findModel("porcupine-kv")!.model as Model<unknown, unknown, unknown>;
  const { evidence: _, ...appendKvBlind } = appendKv;

  /** Small one-key histories of puts, appends and gets with few distinct values, some never returning, reads sometimes wrong. */
  const appendHistory = fc.array(
    fc.record({
      op: fc.constantFrom("put", "append", "append", "get", "get"),
      value: fc.constantFrom("a", "b", "ab", ""),
      call: fc.integer({ min: 0, max: 12 }),
      length: fc.integer({ min: 0, max: 6 }),
      returns: fc.integer({ min: 0, max: 6 }),
      read: fc.constantFrom("", "a", "b", "ab", "ba", "aab", "bab"),
    }),
    { maxLength: 9 },
  ).map((drafts) =>
    drafts.map((d, i): Op => {
      const input = d.op === "get" ? { op: "get", key: "k" } : { op: d.op, key: "k", value: d.value };
      if (d.returns === 0 && d.op !== "get") return { client: i, call: d.call, input };
      return { client: i, call: d.call, return: d.call + d.length, input, output: d.op === "get" ? { value: d.read } : {} };
    }),
  );

  /** Small one-key histories of the versioned store: puts that returned OK, ErrVersion or ErrMaybe or never returned, and gets. */
  const kvHistory = fc.array(
    fc.record({
      get: fc.boolean(),
      value: fc.constantFrom("", "a", "b"),
      version: fc.integer({ min: 0, max: 2 }),
      err: fc.constantFrom("OK", "ErrVersion", "ErrMaybe", undefined),
      call: fc.integer({ min: 0, max: 12 }),
      length: fc.integer({ min: 0, max: 6 }),
    }),
    { maxLength: 9 },
  ).map((drafts) =>
    drafts.map((d, i): Op => {
      if (d.get) return { client: i, call: d.call, return: d.call + d.length, input: { op: "get", key: "k" }, output: { value: d.value, version: d.version, err: "OK" } };
      const input = { op: "put", key: "k", value: d.value, version: d.version };
      return d.err === undefined ? { client: i, call: d.call, input } : { client: i, call: d.call, return: d.call + d.length, input, output: { err: d.err } };
    }),
  );

  /** Small compare-and-set register histories: reads (some failed), writes and cas of 0..2, some never returning. */
  const casHistory = fc.array(
    fc.record({
      op: fc.constantFrom("read", "write", "cas"),
      a: fc.integer({ min: 0, max: 2 }),
      b: fc.integer({ min: 0, max: 2 }),
      ok: fc.boolean(),
      call: fc.integer({ min: 0, max: 12 }),
      length: fc.integer({ min: 0, max: 6 }),
      returns: fc.integer({ min: 0, max: 6 }),
    }),
    { maxLength: 9 },
  ).map((drafts) =>
    drafts.map((d, i): Op => {
      const input = d.op === "read" ? { op: "read" } : d.op === "write" ? { op: "write", value: d.a } : { op: "cas", from: d.a, to: d.b };
      if (d.returns === 0) return { client: i, call: d.call, input };
      const output = d.op === "read" ? (d.returns === 1 ? { failed: true } : { value: d.a === 2 ? null : d.a }) : d.op === "cas" ? { ok: d.ok } : {};
      return { client: i, call: d.call, return: d.call + d.length, input, output };
    }),
  );

  it.each([
    ["porcupine-kv", appendHistory, 300],
    ["kv", kvHistory, 100],
    ["kv-strict", kvHistory, 100],
    ["register", registerHistory, 100],
    ["cas-register", casHistory, 100],
  ] as const)("for %s, asked from the first placement on, it changes no verdict, and an order it finds is a real one", (name, histories, fewestCut) => {
    const model = findModel(name)!.model as Model<unknown, unknown, unknown>;
    const { evidence: _, ...blind } = model;
    let cut = 0;
    fc.assert(
      fc.property(histories, (h) => {
        const without = new PartitionSearch(blind, h, new MemoryBudget(1 << 30), 3);
        const told = new PartitionSearch(model, h, new MemoryBudget(1 << 30), 3, { evidenceAfterUndos: 0 });
        const status = told.advance(Infinity);
        expect(status).toBe(without.advance(Infinity));
        if (status === "ok") verifyLinearization(h, model, { name: "", verdict: "ok", operations: h.map((_, i) => i), steps: 0, linearization: told.linearization() });
        // It only ever cuts orders short: never more steps than the search without it.
        expect(told.steps).toBeLessThanOrEqual(without.steps);
        if (told.steps < without.steps) cut++;
      }),
      { numRuns: 3_000 },
    );
    // The evidence did cut orders short, so the verdicts above were put to the test.
    expect(cut).toBeGreaterThan(fewestCut);
  });

  it("starts only once the partition proves hard: a history with a few dead ends takes the same steps with or without it", () => {
    // Four concurrent appends and a read nothing makes: asked at once, the evidence would cut the
    // orders short; the search undoes far fewer placements than the threshold, so it is never asked.
    const h: Op[] = [
      ...["a", "b", "c", "d"].map((value, i): Op => ({ client: i, call: 0, return: 10, input: { op: "append", key: "k", value }, output: {} })),
      { client: 9, call: 0, return: 10, input: { op: "get", key: "k" }, output: { value: "nope" } },
    ];
    const run = (model: Model<unknown, unknown, unknown>, evidenceAfterUndos?: number) => {
      const search = new PartitionSearch(model, h, new MemoryBudget(1 << 20), 3, evidenceAfterUndos === undefined ? {} : { evidenceAfterUndos });
      return outcome(search, search.advance(Infinity));
    };
    expect(run(appendKv)).toEqual(run(appendKvBlind));
    expect(run(appendKv, 0).steps).toBeLessThan(run(appendKvBlind).steps);
  });
});
