/**
 * A fixed-size set of small integers (operation numbers within one partition) that keeps a
 * running hash, so the search can key its cache on "which operations are linearized" in O(1)
 * per step instead of rehashing the whole set.
 *
 * The hash is Zobrist-style: each member contributes a fixed pseudo-random 32-bit word and the
 * set's hash is their XOR, so adding and removing a member are the same cheap operation.
 *
 * @example
 * const s = new Bitset(70);
 * s.add(3); s.add(69);
 * s.has(3);            // true
 * s.remove(3);
 * s.hash === new Bitset(70).with(69).hash; // true
 */
export class Bitset {
  /** The members, 32 to a word. */
  readonly words: Uint32Array;
  /** XOR of the members' Zobrist words; equal sets have equal hashes. */
  hash = 0;

  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(size / 32)));
  }

  has(i: number): boolean {
    return ((this.words[i >>> 5]! >>> (i & 31)) & 1) === 1;
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
    this.hash ^= zobrist(i);
  }

  remove(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
    this.hash ^= zobrist(i);
  }

  /** Adds `i` and returns this set, for building sets in one expression. */
  with(i: number): this {
    this.add(i);
    return this;
  }
}

/** A fixed pseudo-random word for member `i` (the murmur3 finaliser: cheap, well mixed). */
function zobrist(i: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
