import type { Bitset } from "./bitset.js";

/**
 * How many bytes of memo all running searches may hold at once. Shared by the partitions of one
 * check so that the bound is on the whole check. Bytes are counted, not measured, so that running
 * out happens at the same point on every machine: an entry costs its set's words plus a flat
 * {@link ENTRY_BYTES} for the state and the bookkeeping.
 */
export class MemoryBudget {
  constructor(public remaining: number) {}
}

const NO_INTS = new Int32Array(0);
const NO_WORDS = new Int32Array(0);

/** What an entry costs besides its set's words: the state (taken as small) and the table's slots. */
export const ENTRY_BYTES = 128;

/**
 * Lowe's memo of the search: the (linearized set, state) pairs already explored. A pair seen
 * before leads where it led before (nowhere, or the search would have stopped), so the search
 * never explores it twice.
 *
 * An open-addressing table over flat arrays. Each entry keeps its set in compact form (the
 * bounds of the dense words that are neither all ones nor all zeros, those words, and the words of
 * unknown-outcome operations) in one pooled Int32Array (the set's signed words), so an entry of a long history costs a few
 * words, not one bit per operation, and a million entries cost a few arrays, not a million objects.
 */
export class StateCache<S> {
  // Allocated on the first add: most partitions of most histories end within a few steps.
  private table = NO_INTS; // entry index + 1, 0 = empty
  private hashes = NO_INTS;
  private ends = NO_INTS; // entry e's words are pool[ends[e-1] .. ends[e])
  private pool = NO_WORDS;
  private states: S[] = [];
  private count = 0;
  private bytes = 0;

  constructor(
    private readonly equal: (a: S, b: S) => boolean,
    private readonly budget: MemoryBudget,
  ) {}

  /**
   * Remembers (set, state) unless it is already there. Returns "added", "seen", or "full" when
   * the memory budget is spent (nothing is added then).
   */
  add(set: Bitset, state: S, stateHash: number): "added" | "seen" | "full" {
    if (this.table.length === 0) this.allocate();
    const hash = (set.hash ^ Math.imul(stateHash, 0x9e3779b1)) | 0;
    const mask = this.table.length - 1;
    let slot = hash & mask;
    for (let e = this.table[slot]!; e !== 0; slot = (slot + 1) & mask, e = this.table[slot]!) {
      if (this.hashes[e - 1] === hash && this.sameSet(e - 1, set) && this.equal(this.states[e - 1]!, state)) return "seen";
    }
    const end = Math.max(set.full, set.top);
    const length = 2 + (end - set.full) + (set.words.length - set.denseWords);
    const cost = 4 * length + ENTRY_BYTES;
    if (this.budget.remaining < cost) return "full";
    this.budget.remaining -= cost;
    this.bytes += cost;
    const index = this.count++;
    if (index === this.hashes.length) this.growEntries();
    const start = index === 0 ? 0 : this.ends[index - 1]!;
    if (start + length > this.pool.length) this.growPool(start + length);
    const { pool } = this;
    const words = set.words;
    let k = start;
    pool[k++] = set.full;
    pool[k++] = end;
    for (let w = set.full; w < end; w++) pool[k++] = words[w]!;
    for (let w = set.denseWords; w < words.length; w++) pool[k++] = words[w]!;
    this.ends[index] = start + length;
    this.hashes[index] = hash;
    this.states.push(state);
    this.table[slot] = index + 1;
    if (this.count * 2 > this.table.length) this.rehash();
    return "added";
  }

  /** Gives this cache's memory back to the budget; the cache must not be used afterwards. */
  release(): void {
    this.budget.remaining += this.bytes;
    this.bytes = 0;
    this.count = 0;
    this.states = [];
    this.table = this.hashes = this.ends = NO_INTS;
    this.pool = NO_WORDS;
  }

  private allocate(): void {
    this.table = new Int32Array(16);
    this.hashes = new Int32Array(8);
    this.ends = new Int32Array(8);
    this.pool = new Int32Array(64);
  }

  private sameSet(index: number, set: Bitset): boolean {
    const pool = this.pool;
    const words = set.words;
    let k = index === 0 ? 0 : this.ends[index - 1]!;
    const end = Math.max(set.full, set.top);
    if (pool[k] !== set.full || pool[k + 1] !== end) return false;
    k += 2;
    for (let w = set.full; w < end; w++, k++) if (pool[k] !== words[w]) return false;
    for (let w = set.denseWords; w < words.length; w++, k++) if (pool[k] !== words[w]) return false;
    return true;
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes);
    this.ends = grow(this.ends);
  }

  private growPool(size: number): void {
    const pool = new Int32Array(Math.max(size, this.pool.length * 2));
    pool.set(this.pool);
    this.pool = pool;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let index = 0; index < this.count; index++) {
      let slot = this.hashes[index]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = index + 1;
    }
    this.table = table;
  }
}
