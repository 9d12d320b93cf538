import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bitset } from "../../../src/check/search/bitset.js";

/** Adds and removes members of a Bitset of `size` as a plain Set does, one action at a time. */
const actions = (size: number) => fc.array(fc.record({ add: fc.boolean(), i: fc.integer({ min: 0, max: size - 1 }) }), { maxLength: 300 });

describe("Bitset", () => {
  it("holds what a Set holds after any adds and removes, with the same hash as the set built directly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }).chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: 8 }), actions(size))), ([size, dense, list]) => {
        const set = new Bitset(size, dense);
        const members = new Set<number>();
        for (const { add, i } of list) {
          // add and remove are for members not yet in and members in, as the search uses them.
          if (add && !members.has(i)) {
            set.add(i);
            members.add(i);
          } else if (!add && members.has(i)) {
            set.remove(i);
            members.delete(i);
          }
        }
        for (let i = 0; i < size; i++) expect(set.has(i)).toBe(members.has(i));
        const direct = new Bitset(size, dense);
        for (const i of [...members].sort((a, b) => b - a)) direct.add(i);
        expect(set.hash).toBe(direct.hash);
        expect(Array.from(set.words)).toEqual(Array.from(direct.words));
      }),
    );
  });

  it("keeps full and top exact: dense words below full are all ones, from top on all zeros, and both are tight", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 160 }).chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: 6 }), actions(size))), ([size, dense, list]) => {
        const set = new Bitset(size, dense);
        for (const { add, i } of list) {
          if (add && !set.has(i)) set.add(i);
          else if (!add && set.has(i)) set.remove(i);
          const denseWords = Math.min(dense, set.words.length);
          let full = 0;
          while (full < denseWords && set.words[full] === 0xffffffff) full++;
          let top = denseWords;
          while (top > 0 && set.words[top - 1] === 0) top--;
          expect(set.full).toBe(full);
          expect(set.top).toBe(top);
        }
      }),
    );
  });

  it("has as many words as its size or its dense words need, and at least one", () => {
    expect(new Bitset(0, 0).words).toHaveLength(1);
    expect(new Bitset(32, 0).words).toHaveLength(1);
    expect(new Bitset(33, 0).words).toHaveLength(2);
    expect(new Bitset(10, 3).words).toHaveLength(3);
  });

  it("an empty set hashes to 0, and different small sets hash apart", () => {
    expect(new Bitset(64, 2).hash).toBe(0);
    const hashes = new Set<number>();
    for (let i = 0; i < 64; i++) for (let j = i + 1; j < 64; j++) hashes.add(new Bitset(64, 2).with(i).with(j).hash);
    for (let i = 0; i < 64; i++) hashes.add(new Bitset(64, 2).with(i).hash);
    expect(hashes.size).toBe(64 + (64 * 63) / 2);
  });

  it("with adds and gives back the same set", () => {
    const set = new Bitset(40, 1);
    expect(set.with(39)).toBe(set);
    expect(set.has(39)).toBe(true);
    expect(set.has(38)).toBe(false);
  });
});
