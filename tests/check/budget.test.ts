import { describe, expect, it } from "vitest";
import { type Operation, check, findModel } from "../../src/check/index.js";

/** The register without its read evidence, which sees at once that nobody wrote 99: these tests need a search that is hard. */
const { evidence: _register, ...register } = findModel("register")!.model;
const appendKv = findModel("porcupine-kv")!.model;

/** Twelve concurrent writes, then a read of a value none wrote: illegal, but only after trying every order. */
const hardRegister: Operation<unknown, unknown>[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ client: i, call: 0, return: 100 + i, input: { op: "write", value: i }, output: {} })),
  { client: 99, call: 0, return: 200, input: { op: "read" }, output: { value: 99 } },
];

/** Key "hard": ten concurrent appends and a read nobody could see (10! orders); key "z": an obvious violation. */
const hardAndEasy: Operation<unknown, unknown>[] = [
  ...Array.from({ length: 10 }, (_, i) => ({ client: i, call: 0, return: 50, input: { op: "append", key: "hard", value: `${i}` }, output: {} })),
  { client: 20, call: 0, return: 60, input: { op: "get", key: "hard" }, output: { value: "nope" } },
  { client: 21, call: 0, return: 1, input: { op: "put", key: "z", value: "a" }, output: {} },
  { client: 21, call: 2, return: 3, input: { op: "get", key: "z" }, output: { value: "b" } },
];

describe("budgets", () => {
  it("the hard history is illegal given enough steps", () => {
    const result = check(hardRegister, register);
    expect(result.verdict).toBe("illegal");
    expect(result.steps).toBeGreaterThan(100_000);
  });

  it("with its read evidence the register is not hard: nothing left writes 99 once the evidence starts", () => {
    const result = check(hardRegister, findModel("register")!.model);
    expect(result.verdict).toBe("illegal");
    expect(result.steps).toBeLessThan(10_000);
  });

  it("the same budget gives the same verdict and details twice", () => {
    for (const steps of [50_000, 10_000_000]) {
      const first = check(hardRegister, register, { steps });
      const second = check(hardRegister, register, { steps });
      expect(second).toEqual(first);
    }
    expect(check(hardRegister, register, { steps: 50_000 }).verdict).toBe("unknown");
  });

  it("a tiny step budget gives unknown, never a verdict", () => {
    const result = check(hardRegister, register, { steps: 10 });
    expect(result.verdict).toBe("unknown");
    expect(result.unknownReason).toBe("steps");
    expect(result.steps).toBeLessThanOrEqual(10);
  });

  it("a tiny memory budget gives unknown instead of growing", () => {
    const result = check(hardRegister, register, { memory: 100 });
    expect(result.verdict).toBe("unknown");
    expect(result.unknownReason).toBe("memory");
  });

  it("the memo keeps only the unsettled part of each linearized set, so long histories fit", () => {
    // 20,000 operations, one partition: a whole bitset per entry would need some 50 MB here.
    const long = Array.from({ length: 20_000 }, (_, i) =>
      i % 2 === 0
        ? { client: i % 7, call: i * 10, return: i * 10 + 15, input: { op: "write", value: i }, output: {} }
        : { client: i % 7, call: i * 10, return: i * 10 + 15, input: { op: "read" }, output: { value: i - 1 } },
    );
    expect(check(long, register, { memory: 4_000_000 }).verdict).toBe("ok");
    long[19_999]!.output = { value: 5 };
    expect(check(long, register, { memory: 4_000_000 }).verdict).toBe("illegal");
  });

  it("a timeout gives unknown", () => {
    const result = check(hardRegister, register, { timeoutMs: 0 });
    expect(result.verdict).toBe("unknown");
    expect(result.unknownReason).toBe("timeout");
  });

  it("round-robin: a hard partition does not hide an easy violation in another", () => {
    // Without the model's read evidence, which sees at once that no order of appends makes "nope".
    const { evidence: _, ...appendKvBlind } = appendKv;
    const result = check(hardAndEasy, appendKvBlind, { steps: 100_000 });
    expect(result.verdict).toBe("illegal");
    expect(result.illegalPartition).toBe("z");
    expect(result.partitions.find((p) => p.name === "hard")!.verdict).toBe("unknown");
  });

  it("with the model's read evidence the hard partition is not hard: the read that nothing left can make ends it within a slice", () => {
    const result = check(hardAndEasy, appendKv, { steps: 100_000 });
    expect(result).toMatchObject({ verdict: "illegal", illegalPartition: "hard" });
    const hard = result.partitions.find((p) => p.name === "hard")!;
    // 10 appends in every order would take millions of steps; the evidence starts after 1,020 undos.
    expect(hard.steps).toBeLessThan(10_000);
    // The longest order places the ten appends, and the read fits nowhere after them: an ordinary dead end.
    expect(hard.deadEnds![0]!).toMatchObject({ candidates: [{ op: 10, outcome: "rejected" }] });
    expect(hard.deadEnds![0]!.stuckRead).toBeUndefined();
  });
});
