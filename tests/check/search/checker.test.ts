import { describe, expect, it } from "vitest";
import { type Operation, check, findModel, shippedModels } from "../../../src/check/index.js";
import { verifyLinearization } from "../replay.js";

type Op = Operation<unknown, unknown>;
const register = findModel("register")!.model;
const kv = findModel("kv")!.model;
const write = (client: number, call: number, ret: number | undefined, value: number): Op =>
  ret === undefined ? { client, call, input: { op: "write", value } } : { client, call, return: ret, input: { op: "write", value }, output: {} };
const read = (client: number, call: number, ret: number | undefined, value: number | null): Op =>
  ret === undefined ? { client, call, input: { op: "read" } } : { client, call, return: ret, input: { op: "read" }, output: { value } };

/** One legal and one illegal operation alone, for each shipped model. */
const single: Record<string, [legal: Op, illegal: Op]> = {
  kv: [
    { client: 0, call: 0, return: 1, input: { op: "get", key: "k" }, output: { value: "", version: 0, err: "ErrNoKey" } },
    { client: 0, call: 0, return: 1, input: { op: "put", key: "k", value: "v", version: 1 }, output: { err: "OK" } },
  ],
  "kv-strict": [
    { client: 0, call: 0, return: 1, input: { op: "put", key: "k", value: "v", version: 1 }, output: { err: "ErrNoKey" } },
    { client: 0, call: 0, return: 1, input: { op: "get", key: "k" }, output: { value: "", version: 0, err: "OK" } },
  ],
  "porcupine-kv": [
    { client: 0, call: 0, return: 1, input: { op: "append", key: "k", value: "x" }, output: {} },
    { client: 0, call: 0, return: 1, input: { op: "get", key: "k" }, output: { value: "x" } },
  ],
  "cas-register": [
    { client: 0, call: 0, return: 1, input: { op: "cas", from: 1, to: 2 }, output: { ok: false } },
    { client: 0, call: 0, return: 1, input: { op: "cas", from: 1, to: 2 }, output: { ok: true } },
  ],
  register: [write(0, 0, 1, 1), read(0, 0, 1, 1)],
};

describe("the search at the edges", () => {
  it.each(shippedModels.map((m) => m.name))("a single operation under %s: ok placed alone, or illegal with nothing placed", (name) => {
    const model = findModel(name)!.model;
    const [legal, illegal] = single[name]!;
    const ok = check([legal], model);
    expect(ok.verdict).toBe("ok");
    expect(ok.partitions).toHaveLength(1);
    expect(ok.partitions[0]!.linearization).toEqual([0]);
    const bad = check([illegal], model);
    expect(bad.verdict).toBe("illegal");
    expect(bad.illegalPartition).toBe(bad.partitions[0]!.name);
    expect(bad.partitions[0]!.deadEnds).toEqual([{ order: [], state: model.init(), candidates: [{ op: 0, outcome: "rejected" }], firstReturn: 0, waiting: [] }]);
  });

  it("operations that never return may all be left out, or placed where they explain a read", () => {
    const pending = [write(0, 0, undefined, 1), write(1, 1, undefined, 2), read(2, 2, undefined, null)];
    const none = check(pending, register);
    expect(none.verdict).toBe("ok");
    expect(none.partitions[0]!.linearization).toEqual([]);
    const seen = [...pending, read(3, 5, 6, 2)];
    const result = check(seen, register);
    expect(result.verdict).toBe("ok");
    verifyLinearization(seen, register, result.partitions[0]!);
    expect(result.partitions[0]!.linearization).toContain(1);
    expect(result.partitions[0]!.linearization).not.toContain(2);
    // A read of unknown outcome is never placed: it needs no place.
    expect(check([read(0, 0, undefined, null), read(1, 1, 2, 7)], register).partitions[0]!.deadEnds![0]!.candidates).toEqual([{ op: 1, outcome: "rejected" }]);
  });

  it("all-concurrent operations: any value written may be read, and none other", () => {
    for (let n = 1; n <= 7; n++) {
      const writes = Array.from({ length: n }, (_, i) => write(i, 0, 100, i));
      for (let v = 0; v < n; v++) {
        const h = [...writes, read(50, 0, 100, v), read(51, 0, 100, null)];
        const result = check(h, register);
        expect(result.verdict).toBe("ok");
        verifyLinearization(h, register, result.partitions[0]!);
      }
      const never = check([...writes, read(50, 0, 100, n)], register);
      expect(never.verdict).toBe("illegal");
      // Every write fits everywhere, so the longest orders place all writes, and the read fits none.
      expect(never.partitions[0]!.deadEnds![0]!.order).toHaveLength(n);
    }
  });

  it("a dead end lists an unknown-outcome operation that would change nothing, and the operations waiting for the first return", () => {
    const noEffect = check([write(0, 0, 1, 1), write(1, 2, undefined, 1), read(2, 3, 4, 5)], register);
    expect(noEffect.partitions[0]!.deadEnds).toEqual([
      { order: [0], state: 1, candidates: [{ op: 1, outcome: "no-effect", after: 1 }, { op: 2, outcome: "rejected" }], firstReturn: 2, waiting: [] },
    ]);
    const waiting = check([write(0, 0, 1, 1), read(1, 2, 3, 2), write(2, 4, 5, 3), read(3, 6, 7, 3)], register);
    expect(waiting.partitions[0]!.deadEnds).toEqual([{ order: [0], state: 1, candidates: [{ op: 1, outcome: "rejected" }], firstReturn: 1, waiting: [2, 3] }]);
  });

  it("keeps as many longest orders as asked, one per (placed set, state): three writes in any order end in three states", () => {
    const h = [write(0, 0, 10, 1), write(1, 0, 10, 2), write(2, 0, 10, 3), read(3, 11, 12, 4)];
    for (const maxPrefixes of [1, 2, 3, 6, 10]) {
      const deadEnds = check(h, register, { maxPrefixes }).partitions[0]!.deadEnds!;
      expect(deadEnds).toHaveLength(Math.min(maxPrefixes, 3));
      for (const d of deadEnds) {
        expect([...d.order].sort()).toEqual([0, 1, 2]);
        expect(d.state).toBe(d.order[2]! + 1);
        expect(d.candidates).toEqual([{ op: 3, outcome: "rejected" }]);
      }
      expect(new Set(deadEnds.map((d) => d.state)).size).toBe(deadEnds.length);
      expect(new Set(deadEnds.map((d) => d.order.join())).size).toBe(deadEnds.length);
    }
  });

  it("stops at the first illegal partition, leaving those after it unknown: partitions in name order, each operation in exactly one", () => {
    const op = (key: string, call: number, value: string, got: string): Op[] => [
      { client: 0, call, return: call + 1, input: { op: "put", key, value, version: 0 }, output: { err: "OK" } },
      { client: 1, call: call + 2, return: call + 3, input: { op: "get", key }, output: { value: got, version: 1, err: "OK" } },
    ];
    const h = [...op("c", 0, "x", "x"), ...op("a", 10, "y", "y"), ...op("b", 20, "z", "WRONG")];
    const result = check(h, kv);
    expect(result.verdict).toBe("illegal");
    expect(result.illegalPartition).toBe("b");
    expect(result.partitions.map((p) => p.name)).toEqual(["a", "b", "c"]);
    expect(result.partitions.flatMap((p) => p.operations).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.partitions.map((p) => p.verdict)).toEqual(["ok", "illegal", "unknown"]);
    expect(result.partitions[2]!.steps).toBe(0);
    expect(result.steps).toBe(result.partitions.reduce((n, p) => n + p.steps, 0));
  });

  it("refuses a history with impossible times before searching", () => {
    expect(() => check([write(0, 3, 1, 1)], register)).toThrow("operation 0: returns at 1, before its call at 3");
  });
});

describe("the budgets' reasons", () => {
  const hard: Op[] = [...Array.from({ length: 10 }, (_, i) => write(i, 0, 100, i)), read(99, 0, 200, 99)];

  it("steps: unknown once the budget is spent, with the partition left unknown and its steps counted", () => {
    for (const steps of [0, 1, 100, 5_000]) {
      const result = check(hard, register, { steps });
      expect(result).toMatchObject({ verdict: "unknown", unknownReason: "steps" });
      expect(result.illegalPartition).toBeUndefined();
      // The search pauses at the budget; its last undo may unwind several committed reads past it.
      expect(result.steps).toBeGreaterThanOrEqual(steps);
      expect(result.steps).toBeLessThanOrEqual(steps + hard.length);
      expect(result.partitions).toEqual([{ name: "", verdict: "unknown", operations: hard.map((_, i) => i), steps: result.steps }]);
    }
  });

  it("memory: unknown as soon as the memo cannot take an entry; a budget that holds it decides", () => {
    expect(check(hard, register, { memory: 0 })).toMatchObject({ verdict: "unknown", unknownReason: "memory" });
    expect(check(hard, register, { memory: 1 << 20 }).verdict).toBe("illegal");
  });

  it("an easy history ends ok within any budget it needs, and states no reason", () => {
    const result = check([write(0, 0, 1, 1), read(1, 2, 3, 1)], register, { steps: 10, memory: 1000, timeoutMs: 60_000 });
    expect(result.verdict).toBe("ok");
    expect(result.unknownReason).toBeUndefined();
  });
});
