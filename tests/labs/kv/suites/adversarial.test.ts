import { describe, expect, it } from "vitest";
import { allTests, reference, runLabTest } from "../../../../src/index.js";
import { HOSTILE_KEYS } from "../../../../src/labs/kv/keys.js";
import { doubleSend } from "../fixtures/double-send-clerk.js";

const newTests = ["test_reliable_put_rule", "test_partitioned_put", "test_partitioned_get", "test_delayed_replies", "test_loss_burst"];

describe("the put-rule walk and the adversarial schedules", () => {
  it.each(newTests)("the reference passes %s on 20 seeds, each seed always the same run", async (name) => {
    const test = allTests.find((t) => t.name === name)!;
    for (let seed = 1; seed <= 20; seed++) {
      const report = await runLabTest(reference, test, seed);
      expect(report.message).toBeUndefined();
      expect((await runLabTest(reference, test, seed)).traceHash).toBe(report.traceHash);
    }
  });

  it("a clerk call that fails inside a cut fails the run, leaving no rejection unhandled (kvlab test would end in an internal error)", async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", note);
    try {
      const report = await runLabTest(doubleSend, allTests.find((t) => t.name === "test_partitioned_get")!, 1);
      await new Promise((settled) => setImmediate(settled)); // Node reports a rejection nobody handled after the microtasks
      expect(report.verdict).toBe("fail");
      expect(report.message).toMatch(/^clerk-2: Put\("constructor", "new", 1\) returned ErrVersion after 2 sends; a resent put that meets ErrVersion must return ErrMaybe/);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", note);
    }
  });

  it("hostile keys are distinct and include what a plain object already holds", () => {
    expect(new Set(HOSTILE_KEYS).size).toBe(HOSTILE_KEYS.length);
    for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty", ""]) expect(HOSTILE_KEYS).toContain(key);
    expect(Math.max(...HOSTILE_KEYS.map((key) => key.length))).toBeGreaterThanOrEqual(10_000);
  });
});
