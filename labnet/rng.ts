import seedrandom from "seedrandom";

/**
 * A run's randomness, derived from one seed.
 *
 * Two kinds of randomness come out of it:
 * - named streams (seedrandom's alea), for things that draw in sequence: a task's `env.random()`,
 *   the virtualised `Math.random`;
 * - keyed draws, for decisions about one message or one event. A keyed draw is a pure function of
 *   (seed, key, index): no state, no position in a shared stream. That is what keeps the faults one
 *   message meets independent of what every other message did, and it costs a few integer
 *   multiplies where building a seeded generator per message costs microseconds.
 *
 * @example
 * const seeds = new SeedTree(42);
 * const clientRandom = seeds.stream("task/client-1");   // same seed + name ⇒ same sequence
 * const key = mixKey(seeds.key, nameKey("client-1"), 7);
 * const u = keyedUniform(key, 0);                       // decision 0 of that key, in [0, 1)
 */
export class SeedTree {
  /** The seed as given, in the canonical string form used to name streams. */
  readonly seed: string;
  /** A 32-bit root key that every keyed draw of this run mixes in. */
  readonly key: number;

  constructor(seed: number | string) {
    this.seed = String(seed);
    this.key = seedrandom(this.seed).int32() >>> 0;
  }

  /**
   * A generator of uniform numbers in [0, 1) with 53 random bits each (a full double, like
   * Math.random), the same for the same seed and name. Alea's own draws carry only 32 bits, so
   * 100,000 ids made of one draw each would collide on some seeds (birthday bound: 2^16 draws).
   */
  stream(name: string): () => number {
    return seedrandom.alea(`${this.seed}\u0000${name}`).double;
  }
}

/**
 * The stable 32-bit key of a name (an end, server, method or task; a seed given as text): FNV-1a
 * over UTF-16 code units, unsigned. Keyed draws and trace events identify things by it, so it must
 * never change: every recorded trace hash depends on it. (The checker's `stateHash` is a different
 * function, for memo tables of model states; labnet and the checker share no code.)
 */
export function nameKey(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const MIX_START = 0x9e3779b9;

/** One part folded into a key. */
function mixStep(h: number, part: number): number {
  return fmix32(Math.imul(h ^ part, 0x27d4eb2d) + 0x165667b1);
}

/** Folds parts into one 32-bit key; order matters, so (a, b) and (b, a) differ. */
export function mixKey(...parts: number[]): number {
  let h = MIX_START;
  for (const part of parts) h = mixStep(h, part);
  return h;
}

/** mixKey(a, b), without the array of parts: the simulator makes one for every event. */
export function mixKey2(a: number, b: number): number {
  return mixStep(mixStep(MIX_START, a), b);
}

/** mixKey(a, b, c, d, e), without the array of parts: the network makes one for every message. */
export function mixKey5(a: number, b: number, c: number, d: number, e: number): number {
  return mixStep(mixStep(mixStep(mixStep(mixStep(MIX_START, a), b), c), d), e);
}

/** The index-th uniform draw in [0, 1) of the keyed stream `key` (a splitmix-style counter). */
export function keyedUniform(key: number, index: number): number {
  return fmix32(key + Math.imul(index + 1, 0x9e3779b9)) / 4294967296;
}
