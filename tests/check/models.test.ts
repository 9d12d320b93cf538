import { describe, expect, it } from "vitest";
import { type Operation, check, findModel, powerset, shippedModels } from "../../src/check/index.js";

type Kv = Operation<unknown, unknown>;
const kv = findModel("kv")!.model;
const strict = findModel("kv-strict")!.model;
const get = (client: number, call: number, ret: number, value: string, version: number, err = "OK"): Kv => ({
  client,
  call,
  return: ret,
  input: { op: "get", key: "k" },
  output: { value, version, err },
});
const put = (client: number, call: number, ret: number | undefined, value: string, version: number, err?: string): Kv => {
  const op: Kv = { client, call, input: { op: "put", key: "k", value, version } };
  if (ret !== undefined) Object.assign(op, { return: ret, output: { err } });
  return op;
};

describe("the kv model (the lab's semantics)", () => {
  it("accepts a get of a missing key: the initial value is empty", () => {
    expect(check([get(0, 0, 1, "", 0, "ErrNoKey")], kv).verdict).toBe("ok");
  });

  it("checks a get's value but not its version", () => {
    const h = [put(0, 0, 1, "a", 0, "OK"), get(0, 2, 3, "a", 7)];
    expect(check(h, kv).verdict).toBe("ok");
    expect(check(h, strict).verdict).toBe("illegal");
    expect(check([put(0, 0, 1, "a", 0, "OK"), get(0, 2, 3, "b", 1)], kv).verdict).toBe("illegal");
  });

  it("takes a put's version: matching installs (OK), not matching changes nothing (ErrVersion)", () => {
    expect(check([put(0, 0, 1, "a", 0, "OK"), put(0, 2, 3, "b", 0, "ErrVersion"), get(0, 4, 5, "a", 1)], kv).verdict).toBe("ok");
    expect(check([put(0, 0, 1, "a", 0, "OK"), put(0, 2, 3, "b", 0, "OK")], kv).verdict).toBe("illegal");
    expect(check([put(0, 0, 1, "a", 1, "ErrVersion")], kv).verdict).toBe("ok");
  });

  it("accepts ErrMaybe as applied or as not applied", () => {
    // Where the version matches it was applied; where it does not, it changed nothing.
    expect(check([put(0, 0, 1, "a", 0, "ErrMaybe"), get(0, 2, 3, "a", 1)], kv).verdict).toBe("ok");
    expect(check([put(0, 0, 1, "a", 0, "ErrMaybe"), get(0, 2, 3, "", 0, "ErrNoKey")], kv).verdict).toBe("illegal");
    const first = put(0, 0, 1, "a", 0, "OK");
    expect(check([first, put(0, 2, 3, "b", 0, "ErrMaybe"), get(0, 4, 5, "a", 1)], kv).verdict).toBe("ok");
    expect(check([first, put(0, 2, 3, "b", 1, "ErrMaybe"), get(0, 4, 5, "b", 2)], kv).verdict).toBe("ok");
    expect(check([first, put(0, 2, 3, "b", 1, "ErrMaybe"), get(0, 4, 5, "a", 1)], kv).verdict).toBe("illegal");
  });

  it("rejects a logged put that returned ErrNoKey; the strict model accepts it only for a missing key", () => {
    expect(check([put(0, 0, 1, "a", 1, "ErrNoKey")], kv).verdict).toBe("illegal");
    expect(check([put(0, 0, 1, "a", 1, "ErrNoKey")], strict).verdict).toBe("ok");
    expect(check([put(0, 0, 1, "a", 0, "OK"), put(0, 2, 3, "b", 5, "ErrNoKey")], strict).verdict).toBe("illegal");
  });

  it("the strict model wants ErrNoKey exactly when the key is missing", () => {
    expect(check([get(0, 0, 1, "", 0, "OK")], strict).verdict).toBe("illegal");
    expect(check([put(0, 0, 1, "a", 0, "OK"), get(0, 2, 3, "a", 1, "OK")], strict).verdict).toBe("ok");
  });

  it("a put of unknown outcome may have happened, or not", () => {
    expect(check([put(0, 0, undefined, "a", 0), get(1, 5, 6, "a", 1)], kv).verdict).toBe("ok");
    expect(check([put(0, 0, undefined, "a", 0), get(1, 5, 6, "", 0, "ErrNoKey")], kv).verdict).toBe("ok");
    // Once seen applied, it cannot be unseen.
    expect(check([put(0, 0, undefined, "a", 0), get(1, 5, 6, "a", 1), get(1, 7, 8, "", 0)], kv).verdict).toBe("illegal");
  });

  it("partitions by key, in name order", () => {
    const h: Kv[] = [
      { client: 0, call: 0, return: 1, input: { op: "get", key: "b" }, output: { value: "", version: 0, err: "ErrNoKey" } },
      { client: 0, call: 2, return: 3, input: { op: "get", key: "a" }, output: { value: "", version: 0, err: "ErrNoKey" } },
    ];
    expect(check(h, kv).partitions.map((p) => [p.name, p.operations])).toEqual([
      ["a", [1]],
      ["b", [0]],
    ]);
  });
});

describe("histories", () => {
  const register = findModel("register")!.model;
  const write = (call: number, ret: number, value: number): Kv => ({ client: 0, call, return: ret, input: { op: "write", value }, output: {} });
  const read = (call: number, ret: number, value: number | null): Kv => ({ client: 1, call, return: ret, input: { op: "read" }, output: { value } });

  it("intervals are closed: an operation returning at t and one called at t overlap", () => {
    expect(check([write(0, 5, 1), read(5, 6, null)], register).verdict).toBe("ok");
    expect(check([write(0, 5, 1), read(6, 7, null)], register).verdict).toBe("illegal");
  });

  it("identical operations of unknown outcome can each take effect", () => {
    const cas = findModel("cas-register")!.model;
    const pendingCas: Kv = { client: 5, call: 0, input: { op: "cas", from: 0, to: 1 } };
    const h: Kv[] = [
      pendingCas,
      { ...pendingCas, client: 6 },
      { client: 0, call: 1, return: 2, input: { op: "write", value: 0 }, output: {} },
      { client: 0, call: 3, return: 4, input: { op: "read" }, output: { value: 1 } },
      { client: 0, call: 5, return: 6, input: { op: "write", value: 0 }, output: {} },
      { client: 0, call: 7, return: 8, input: { op: "read" }, output: { value: 1 } },
    ];
    const result = check(h, cas);
    expect(result.verdict).toBe("ok");
    expect(result.partitions[0]!.linearization).toEqual([2, 0, 3, 4, 1, 5]);
    // A third swap would need a third operation.
    const third: Kv[] = [
      { client: 0, call: 9, return: 10, input: { op: "write", value: 0 }, output: {} },
      { client: 0, call: 11, return: 12, input: { op: "read" }, output: { value: 1 } },
    ];
    expect(check([...h, ...third], cas).verdict).toBe("illegal");
  });

  it("an empty history is linearizable", () => {
    expect(check([], register)).toEqual({ verdict: "ok", steps: 0, partitions: [] });
  });

  it("an ok result gives the order found", () => {
    const h = [write(0, 10, 1), read(2, 3, null), read(4, 5, 1), write(11, 12, 2)];
    expect(check(h, register).partitions[0]!.linearization).toEqual([1, 0, 2, 3]);
  });
});

describe("models", () => {
  it("every shipped model has a name, a summary and readers", () => {
    expect(shippedModels.map((m) => m.name)).toEqual(["kv", "kv-strict", "porcupine-kv", "cas-register", "register"]);
    for (const m of shippedModels) {
      expect(m.summary).not.toBe("");
      expect(typeof m.readInput).toBe("function");
      expect(typeof m.readOutput).toBe("function");
    }
  });

  it("the cas register: a failed cas changes nothing, a failed read never happened", () => {
    const cas = findModel("cas-register")!.model;
    const h: Kv[] = [
      { client: 0, call: 0, return: 1, input: { op: "write", value: 3 }, output: {} },
      { client: 0, call: 2, return: 3, input: { op: "cas", from: 1, to: 2 }, output: { ok: false } },
      { client: 0, call: 4, return: 5, input: { op: "read" }, output: { failed: true } },
      { client: 0, call: 6, return: 7, input: { op: "cas", from: 3, to: 4 }, output: { ok: true } },
      { client: 0, call: 8, return: 9, input: { op: "read" }, output: { value: 4 } },
    ];
    expect(check(h, cas).verdict).toBe("ok");
    expect(check([...h, { client: 0, call: 10, return: 11, input: { op: "cas", from: 3, to: 5 }, output: { ok: true } }], cas).verdict).toBe("illegal");
  });

  it("powerset turns a nondeterministic model into sets of states", () => {
    const coin = powerset<number, string, number>({
      init: () => [0],
      step: (s, input, output) => (input === "flip" ? [0, 1] : output === s ? [s] : []),
      equal: (a, b) => a === b,
      hash: (s) => s,
    });
    expect(coin.step([0], "flip", undefined)).toEqual([0, 1]);
    expect(coin.step([0, 1], "look", 1)).toEqual([1]);
    expect(coin.step([0], "look", 1)).toBeUndefined();
    expect(coin.equal([0, 1], [1, 0])).toBe(true);
  });
});
