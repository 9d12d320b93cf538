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

/** What an entry costs besides its set: the state (taken as small) and the table's slots. */
export const ENTRY_BYTES = 128;

/**
 * Lowe's memo of the search: the (linearized set, state) pairs already explored. A pair seen
 * before leads where it led before (nowhere, or the search would have stopped), so the search
 * never explores it twice.
 *
 * An open-addressing table over flat arrays: the sets' words live in one pooled Uint32Array, so a
 * million entries cost a few arrays rather than a million small objects.
 */
export class StateCache<S> {
  private table = new Int32Array(64); // entry index + 1, 0 = empty
  private hashes = new Int32Array(32);
  private words: Uint32Array;
  private states: S[] = [];
  private count = 0;
  private readonly entryBytes: number;

  constructor(
    private readonly wordsPerSet: number,
    private readonly equal: (a: S, b: S) => boolean,
    private readonly budget: MemoryBudget,
  ) {
    this.words = new Uint32Array(32 * wordsPerSet);
    this.entryBytes = 4 * wordsPerSet + ENTRY_BYTES;
  }

  /** How many entries this cache holds. */
  get size(): number {
    return this.count;
  }

  /**
   * Remembers (set, state) unless it is already there. Returns "added", "seen", or "full" when
   * the memory budget is spent (nothing is added then).
   */
  add(set: Bitset, state: S, stateHash: number): "added" | "seen" | "full" {
    const hash = (set.hash ^ Math.imul(stateHash, 0x9e3779b1)) | 0;
    const mask = this.table.length - 1;
    let slot = hash & mask;
    for (let e = this.table[slot]!; e !== 0; slot = (slot + 1) & mask, e = this.table[slot]!) {
      if (this.hashes[e - 1] === hash && this.sameSet(e - 1, set) && this.equal(this.states[e - 1]!, state)) return "seen";
    }
    if (this.budget.remaining < this.entryBytes) return "full";
    this.budget.remaining -= this.entryBytes;
    const index = this.count++;
    if (index === this.hashes.length) this.growEntries();
    this.hashes[index] = hash;
    this.words.set(set.words, index * this.wordsPerSet);
    this.states.push(state);
    this.table[slot] = index + 1;
    if (this.count * 2 > this.table.length) this.rehash();
    return "added";
  }

  /** Gives this cache's entries back to the budget; the cache must not be used afterwards. */
  release(): void {
    this.budget.remaining += this.count * this.entryBytes;
    this.count = 0;
    this.states = [];
    this.table = new Int32Array(0);
  }

  private sameSet(index: number, set: Bitset): boolean {
    const base = index * this.wordsPerSet;
    for (let w = 0; w < this.wordsPerSet; w++) if (this.words[base + w] !== set.words[w]) return false;
    return true;
  }

  private growEntries(): void {
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const words = new Uint32Array(this.words.length * 2);
    words.set(this.words);
    this.words = words;
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
