import { describe, expect, it } from "vitest";
import { decodeRsmSnapshot, encodeRsmSnapshot } from "../../../../src/labs/kvraft/reference/index.js";

describe("the rsm's snapshot codec", () => {
  it("keeps the index with the state machine's snapshot, giving back text as text and bytes as bytes", () => {
    expect(encodeRsmSnapshot(7, "[1]")).toBe("7\ns[1]");
    expect(decodeRsmSnapshot(encodeRsmSnapshot(7, "[1]\nx"))).toEqual({ index: 7, state: "[1]\nx" });
    const bytes = new Uint8Array([0, 10, 255]);
    expect(decodeRsmSnapshot(encodeRsmSnapshot(12, bytes))).toEqual({ index: 12, state: bytes });
    expect(decodeRsmSnapshot(new TextEncoder().encode(encodeRsmSnapshot(3, "")))).toEqual({ index: 3, state: "" });
  });

  it("names what it was given when it is not an rsm snapshot", () => {
    expect(() => decodeRsmSnapshot("[1,2]")).toThrow('not an rsm snapshot: "[1,2]"');
    expect(() => decodeRsmSnapshot("x\ns")).toThrow('not an rsm snapshot: "x\\ns"');
  });
});
