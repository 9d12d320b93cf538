import { describe, expect, it } from "vitest";
import { type Operation, check, findModel } from "../../src/check/index.js";
import { verifyLinearization } from "./replay.js";

const appendKv = findModel("porcupine-kv")!.model;

/**
 * One key, three clients appending and reading one after another, with `unknown` appends that
 * never return: each took effect just after its call, and later gets see it.
 */
function appendsNeverReturning(unknown: number, total = 15): Operation<unknown, unknown>[] {
  const ops: Operation<unknown, unknown>[] = [];
  let value = "";
  for (let i = 0; i < total; i++) {
    const t = 10 * i;
    if (i % 3 === 2) ops.push({ client: i % 3, call: t, return: t + 25, input: { op: "get", key: "k" }, output: { value } });
    else if (ops.filter((o) => o.return === undefined).length < unknown && i % 3 === 0) {
      value += `u${i} `;
      ops.push({ client: 100 + i, call: t, input: { op: "append", key: "k", value: `u${i} ` } });
    } else {
      value += `a${i} `;
      ops.push({ client: i % 3, call: t, return: t + 25, input: { op: "append", key: "k", value: `a${i} ` }, output: {} });
    }
  }
  return ops;
}

describe("appends that never return", () => {
  it("are tried in call order, so each one costs a few steps, not a factor", () => {
    for (let unknown = 0; unknown <= 5; unknown++) {
      const history = appendsNeverReturning(unknown);
      expect(history.filter((o) => o.return === undefined)).toHaveLength(unknown);
      const result = check(history, appendKv);
      expect(result.verdict).toBe("ok");
      verifyLinearization(history, appendKv, result.partitions[0]!);
      expect(result.steps).toBeLessThan(200);
    }
  });

  it("are decided illegal when a get sees an append twice, after every placement was tried", () => {
    const history = appendsNeverReturning(5);
    const lastGet = history.findLast((o) => (o.input as { op: string }).op === "get")!;
    lastGet.output = { value: `${(lastGet.output as { value: string }).value}a1 ` };
    const result = check(history, appendKv);
    expect(result.verdict).toBe("illegal");
    expect(result.steps).toBeLessThan(100_000);
  });
});
