/**
 * A fixed-size set of small integers (operation numbers within one partition) that keeps a
 * running hash, so the search can key its memo on "which operations are linearized" in O(1) per
 * step instead of rehashing the whole set, and a compact form, so that a memo entry of a long
 * history stores only the part of the set that is not settled.
 *
 * The hash is Zobrist-style: each member contributes a fixed pseudo-random 32-bit word and the
 * set's hash is their XOR, so adding and removing a member are the same cheap operation.
 *
 * The first `denseWords` words are expected to fill from the bottom up (the search numbers the
 * completed operations in call order, and those are linearized roughly in that order): the set
 * tracks how many of them are all ones (`full`) and where the zeros begin (`top`), so the words in
 * between, plus the words after `denseWords`, describe the whole set.
 *
 * @example
 * const s = new Bitset(70, 2);
 * s.add(3); s.add(69);
 * s.has(3);            // true
 * s.remove(3);
 * s.hash === new Bitset(70, 2).with(69).hash; // true
 */
/** A word with all 32 members (signed). */
const ALL_ONES = -1;

export class Bitset {
  /**
   * The members, 32 to a word. Signed words, so that every word read is a small integer to V8: an
   * unsigned word with its top bit set reads as a heap number, which deoptimises the search's hot
   * loop the first time a set reaches member 31 of a word.
   */
  readonly words: Int32Array;
  /** XOR of the members' Zobrist words; equal sets have equal hashes. */
  hash = 0;
  /** Dense words [0, full) are all ones. */
  full = 0;
  /** Dense words [top, denseWords) are all zeros. */
  top = 0;

  constructor(
    readonly size: number,
    readonly denseWords: number,
  ) {
    this.words = new Int32Array(Math.max(1, Math.ceil(size / 32), denseWords));
  }

  has(i: number): boolean {
    return ((this.words[i >>> 5]! >>> (i & 31)) & 1) === 1;
  }

  add(i: number): void {
    const w = i >>> 5;
    this.words[w]! |= 1 << (i & 31);
    this.hash ^= zobrist(i);
    if (w >= this.denseWords) return;
    if (w >= this.top) this.top = w + 1;
    while (this.full < this.denseWords && this.words[this.full] === ALL_ONES) this.full++;
  }

  remove(i: number): void {
    const w = i >>> 5;
    this.words[w]! &= ~(1 << (i & 31));
    this.hash ^= zobrist(i);
    if (w >= this.denseWords) return;
    if (w < this.full) this.full = w;
    while (this.top > 0 && this.words[this.top - 1] === 0) this.top--;
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
