import { describe, expect, it } from "vitest";
import { KvRecorder } from "../../../src/labs/kv/history.js";

/** A promise and its resolver, so a test decides when a call returns. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("KvRecorder", () => {
  it("orders calls and returns by when they happened, even at one virtual instant", async () => {
    const recorder = new KvRecorder(() => 5);
    const first = deferred<{ err: "OK" }>();
    const second = deferred<{ value: string; version: number; err: "OK" }>();
    const a = recorder.record(0, { op: "put", key: "k", value: "v", version: 0 }, () => first.promise);
    const b = recorder.record(1, { op: "get", key: "k" }, () => second.promise, "clerk-2");
    second.resolve({ value: "v", version: 1, err: "OK" });
    await b;
    first.resolve({ err: "OK" });
    expect(await a).toEqual({ err: "OK" });
    expect(recorder.operations).toEqual([
      { client: 1, input: { op: "get", key: "k" }, output: { value: "v", version: 1, err: "OK" }, call: 2, return: 3, callMs: 5, returnMs: 5, end: "clerk-2" },
      { client: 0, input: { op: "put", key: "k", value: "v", version: 0 }, output: { err: "OK" }, call: 1, return: 4, callMs: 5, returnMs: 5 },
    ]);
    // No end given: the field is absent, not undefined.
    expect("end" in recorder.operations[1]!).toBe(false);
  });

  it("keeps the virtual times of the call and of the return", async () => {
    let now = 10;
    const recorder = new KvRecorder(() => now);
    await recorder.record(0, { op: "get", key: "k" }, async () => {
      now = 25;
      return { value: "", version: 0, err: "ErrNoKey" };
    });
    expect(recorder.operations[0]).toMatchObject({ call: 1, return: 2, callMs: 10, returnMs: 25 });
  });

  it("records nothing for a call that throws", async () => {
    const recorder = new KvRecorder(() => 0);
    await expect(recorder.record(0, { op: "get", key: "k" }, async () => Promise.reject(new Error("lost")))).rejects.toThrow("lost");
    expect(recorder.operations).toEqual([]);
  });
});
