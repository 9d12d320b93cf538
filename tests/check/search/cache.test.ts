import { describe, expect, it } from "vitest";
import { Bitset } from "../../../src/check/search/bitset.js";
import { ENTRY_BYTES, MemoryBudget, StateCache } from "../../../src/check/search/cache.js";

const set = (size: number, dense: number, members: number[]): Bitset => {
  const s = new Bitset(size, dense);
  for (const m of members) s.add(m);
  return s;
};
const cache = (bytes = 1 << 30) => {
  const budget = new MemoryBudget(bytes);
  return { budget, memo: new StateCache<string>((a, b) => a === b, budget) };
};

describe("the search's memo", () => {
  it("remembers a (set, state) pair: seen the second time, added for another set or state", () => {
    const { memo } = cache();
    expect(memo.add(set(70, 2, [1, 2]), "s", 7)).toBe("added");
    expect(memo.add(set(70, 2, [2, 1]), "s", 7)).toBe("seen");
    expect(memo.add(set(70, 2, [1, 2, 69]), "s", 7)).toBe("added");
    expect(memo.add(set(70, 2, [1, 2]), "t", 8)).toBe("added");
    expect(memo.add(set(70, 2, [1, 2]), "t", 8)).toBe("seen");
  });

  it("tells apart sets and states whose hashes collide", () => {
    const { memo } = cache();
    const a = set(64, 2, [1]);
    const b = set(64, 2, [2]);
    // A state hash chosen so that both (set, state) keys hash the same.
    b.hash = a.hash;
    expect(memo.add(a, "s", 0)).toBe("added");
    expect(memo.add(b, "s", 0)).toBe("added");
    expect(memo.add(a, "u", 0)).toBe("added");
    expect(memo.add(b, "s", 0)).toBe("seen");
  });

  it("keeps every entry apart through its tables' growth: thousands of sets, each seen once added", () => {
    const { memo } = cache();
    const sets: Bitset[] = [];
    for (let i = 0; i < 3000; i++) sets.push(set(4096, 64, [i, 4000]));
    for (const s of sets) expect(memo.add(s, "x", 1)).toBe("added");
    for (const s of sets) expect(memo.add(s, "x", 1)).toBe("seen");
    expect(memo.add(set(4096, 64, [4001]), "x", 1)).toBe("added");
  });

  it("charges each entry its unsettled words plus a flat cost, and refuses what the budget cannot hold", () => {
    const { budget, memo } = cache();
    const before = budget.remaining;
    // Word 0 full, word 1 partly set (dense), one word beyond the dense ones: 2 bounds + 1 + 1.
    const s = set(96, 2, [...Array.from({ length: 32 }, (_, i) => i), 40, 70]);
    expect(s.full).toBe(1);
    expect(memo.add(s, "x", 0)).toBe("added");
    expect(before - budget.remaining).toBe(4 * (2 + 1 + 1) + ENTRY_BYTES);

    const short = cache(ENTRY_BYTES + 4 * 3 - 1);
    expect(short.memo.add(set(64, 2, [3]), "x", 0)).toBe("full");
    expect(short.budget.remaining).toBe(ENTRY_BYTES + 11);
    const exact = cache(ENTRY_BYTES + 4 * 3);
    expect(exact.memo.add(set(64, 2, [3]), "x", 0)).toBe("added");
    expect(exact.budget.remaining).toBe(0);
    expect(exact.memo.add(set(64, 2, [4]), "x", 0)).toBe("full");
    expect(exact.memo.add(set(64, 2, [3]), "x", 0)).toBe("seen");
  });

  it("sets that differ only in settled words are still told apart by their bounds", () => {
    const { memo } = cache();
    const low = set(128, 4, Array.from({ length: 32 }, (_, i) => i));
    const none = set(128, 4, []);
    expect(memo.add(low, "x", 0)).toBe("added");
    expect(memo.add(none, "x", 0)).toBe("added");
    expect(memo.add(set(128, 4, Array.from({ length: 32 }, (_, i) => 31 - i)), "x", 0)).toBe("seen");
  });

  it("gives its bytes back to the shared budget on release, and a budget is shared by memos", () => {
    const budget = new MemoryBudget(10_000);
    const a = new StateCache<string>((x, y) => x === y, budget);
    const b = new StateCache<string>((x, y) => x === y, budget);
    for (let i = 0; i < 20; i++) a.add(set(32, 1, [i]), "s", 0);
    const afterA = budget.remaining;
    expect(afterA).toBe(10_000 - 20 * (8 + 4 + ENTRY_BYTES));
    let added = 0;
    while (b.add(set(32, 1, [added % 32]), `s${added}`, added) === "added") added++;
    expect(added).toBe(Math.floor(afterA / (12 + ENTRY_BYTES)));
    a.release();
    expect(budget.remaining).toBe(10_000 - added * (12 + ENTRY_BYTES));
    b.release();
    expect(budget.remaining).toBe(10_000);
  });
});
