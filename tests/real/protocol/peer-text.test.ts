import { describe, expect, it } from "vitest";
import { cut, PEER_TEXT_CHARS, peerText } from "../../../src/real/protocol/peer-text.js";

describe("peerText: a peer's value named in bounded text", () => {
  it("small values read as their JSON, a BigInt as 123n", () => {
    expect(peerText("flushall")).toBe('"flushall"');
    expect(peerText({ id: 1, error: "no" })).toBe('{"id":1,"error":"no"}');
    expect(peerText([1, null, true])).toBe("[1,null,true]");
    expect(peerText(2n ** 64n)).toBe('"18446744073709551616n"');
    expect(peerText(undefined)).toBe("undefined");
    expect(peerText(null)).toBe("null");
  });

  it("deep nesting is cut at four levels, without walking the rest", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(peerText(deep)).toBe('[[[["[…]"]]]]');
    let maps: unknown = {};
    for (let i = 0; i < 100_000; i++) maps = { k: maps };
    expect(peerText(maps)).toBe('{"k":{"k":{"k":{"k":{"…":"…"}}}}}');
    expect(peerText([[[[[]]]]])).toBe("[[[[[]]]]]");
  });

  it("long arrays, maps and strings are cut, and so is the whole text", () => {
    expect(peerText(Array.from({ length: 1_000_000 }, (_, i) => i))).toBe('[0,1,2,3,4,5,6,7,"…"]');
    expect(peerText(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])))).toBe('{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"…":"…"}');
    expect(peerText("x".repeat(1_000_000))).toBe(`"${"x".repeat(64)}…"`);
    const wide = Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => "y".repeat(60)));
    const text = peerText(wide);
    expect(text.length).toBe(PEER_TEXT_CHARS + 1);
    expect(text.endsWith("…")).toBe(true);
  });

  it("bytes, maps with any keys and objects of other classes are named without calling their code", () => {
    expect(peerText(Buffer.alloc(5_000_000))).toBe('"<5000000 bytes>"');
    expect(peerText(new Map<unknown, unknown>([[1, "a"], [[2], "b"]]))).toBe('{"1":"a","[2]":"b"}');
    class Hostile {
      toJSON(): never {
        throw new Error("called");
      }
    }
    expect(peerText(new Hostile())).toBe('"<Hostile>"');
    expect(peerText(Object.assign(Object.create(null) as object, { a: 1 }))).toBe('{"a":1}');
  });

  it("cut never leaves half a surrogate pair", () => {
    expect(cut("ab😀cd", 3)).toBe("ab…");
    expect(cut("ab😀cd", 4)).toBe("ab😀…");
    expect(cut("abc", 3)).toBe("abc");
  });
});
