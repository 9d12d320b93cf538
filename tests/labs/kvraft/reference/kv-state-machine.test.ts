import { describe, expect, it } from "vitest";
import { KVStateMachine } from "../../../../src/labs/kvraft/reference/index.js";

describe("KVStateMachine", () => {
  it("applies the KV lab's version rules", () => {
    const sm = new KVStateMachine();
    expect(sm.doOp({ op: "get", key: "x" })).toEqual({ value: "", version: 0, err: "ErrNoKey" });
    expect(sm.doOp({ op: "put", key: "x", value: "a", version: 1 })).toEqual({ err: "ErrNoKey" });
    expect(sm.doOp({ op: "put", key: "x", value: "a", version: 0 })).toEqual({ err: "OK" });
    expect(sm.doOp({ op: "put", key: "x", value: "b", version: 0 })).toEqual({ err: "ErrVersion" });
    expect(sm.doOp({ op: "put", key: "x", value: "b", version: 1 })).toEqual({ err: "OK" });
    expect(sm.doOp({ op: "get", key: "x" })).toEqual({ value: "b", version: 2, err: "OK" });
  });

  it("snapshots the table alone, compactly, and restores it from text or its bytes", () => {
    const sm = new KVStateMachine();
    sm.doOp({ op: "put", key: "x", value: "0", version: 0 });
    for (let version = 1; version < 400; version++) sm.doOp({ op: "put", key: "x", value: String(version % 2), version });
    const snapshot = sm.snapshot();
    expect(snapshot).toBe('[["x","1",400]]');
    for (const copy of [snapshot, new TextEncoder().encode(String(snapshot))]) {
      const restored = new KVStateMachine();
      restored.doOp({ op: "put", key: "gone", value: "v", version: 0 });
      restored.restore(copy);
      expect(restored.doOp({ op: "get", key: "x" })).toEqual({ value: "1", version: 400, err: "OK" });
      expect(restored.doOp({ op: "get", key: "gone" })).toEqual({ value: "", version: 0, err: "ErrNoKey" });
    }
  });
});
