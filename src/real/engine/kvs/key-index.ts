/**
 * The in-memory index: each live key → where its newest record lies (segment, offset, length) and
 * its version. Removed keys are absent. Every change also keeps the stale-byte count of the segment
 * that held the replaced record, which is what decides when compaction pays.
 *
 * Keys live as UTF-8 bytes in one arena buffer, entries in typed-array columns, and lookups go
 * through an open-addressing hash table (linear probing, backward-shift deletion). Not a Map of
 * strings: hint files load straight from their bytes, with no string and no object per key, and
 * the whole index saves and restores as a few arrays (checkpoint.ts).
 * An entry is named by its number; a removed entry's number is reused, so anything that holds one
 * across an await checks the location again (see `move`).
 */
import { hashBytes } from "./key-hash.js";
import type { Segment } from "./segment.js";

/** The whole index as typed arrays and counts: what a checkpoint stores (see checkpoint.ts). */
export interface IndexImage {
  used: number;
  entries: number;
  slots: number;
  arenaGarbage: number;
  keyStart: Float64Array;
  offsets: Float64Array;
  versions: Float64Array;
  keyLength: Uint32Array;
  lengths: Uint32Array;
  hashes: Int32Array;
  /** Each entry's segment generation, -1 for a free entry. */
  gens: Int32Array;
  table: Int32Array;
  free: Int32Array;
  arena: Buffer;
}


export class KeyIndex {
  private arena = Buffer.allocUnsafe(1 << 16);
  private arenaUsed = 0;
  /** Arena bytes of removed keys, reclaimed when they outweigh the live ones. */
  private arenaGarbage = 0;
  private keyStart: Float64Array<ArrayBufferLike> = new Float64Array(1024);
  private keyLength: Uint32Array<ArrayBufferLike> = new Uint32Array(1024);
  private hashes: Int32Array<ArrayBufferLike> = new Int32Array(1024);
  private offsets: Float64Array<ArrayBufferLike> = new Float64Array(1024);
  private lengths: Uint32Array<ArrayBufferLike> = new Uint32Array(1024);
  private versions: Float64Array<ArrayBufferLike> = new Float64Array(1024);
  /** Changes whenever an entry's record does: what the value cache checks. */
  private stamps: Float64Array<ArrayBufferLike> = new Float64Array(1024);
  /** Each entry's segment generation, -1 for a free entry. */
  private gens: Int32Array<ArrayBufferLike> = new Int32Array(1024);
  /** Generation → segment, for every segment an entry has pointed into. */
  private readonly segments = new Map<number, Segment>();
  /**
   * Slot i holds an entry number at 2i (-1 when empty) and that entry's hash at 2i + 1: a probe
   * compares hashes without touching the entry's columns, one cache miss per lookup, not several.
   */
  private table: Int32Array<ArrayBufferLike> = new Int32Array(2 * 2048).fill(-1);
  private slots = 2048;
  private entries = 0;
  /** Entry numbers below this have been used; `free` holds the removed ones. */
  private used = 0;
  private readonly free: number[] = [];
  private clock = 0;
  private scratch = Buffer.allocUnsafe(1024);

  get size(): number {
    return this.entries;
  }

  /** Makes room for `more` keys at once: loading a hint file then grows nothing key by key. */
  reserve(more: number): void {
    if (this.used + more > this.keyStart.length) this.growColumns(this.used + more);
    let size = this.slots;
    while (2 * (this.entries + more) > size) size *= 2;
    if (size > this.slots) this.rehash(size);
  }

  /** The entry of `key`, or -1. */
  find(key: string): number {
    const length = this.encode(key);
    return this.findBytes(this.scratch, 0, length, hashBytes(this.scratch, 0, length));
  }

  segmentOf(entry: number): Segment {
    return this.segments.get(this.gens[entry]!)!;
  }
  offsetOf(entry: number): number {
    return this.offsets[entry]!;
  }
  lengthOf(entry: number): number {
    return this.lengths[entry]!;
  }
  versionOf(entry: number): number {
    return this.versions[entry]!;
  }
  stampOf(entry: number): number {
    return this.stamps[entry]!;
  }
  /** The entry's key bytes (a view that stays valid). */
  keyOf(entry: number): Buffer {
    const start = this.keyStart[entry]!;
    return this.arena.subarray(start, start + this.keyLength[entry]!);
  }

  /**
   * Points the key in `bytes` (`keyLength` bytes at `keyStart`) at a newer record; the record it
   * replaces becomes stale. Returns the key's entry.
   */
  put(bytes: Buffer, keyStart: number, keyLength: number, segment: Segment, offset: number, length: number, version: number): number {
    const hash = hashBytes(bytes, keyStart, keyLength);
    let entry = this.findBytes(bytes, keyStart, keyLength, hash);
    if (entry >= 0) this.segmentOf(entry).stale += this.lengths[entry]!;
    else entry = this.insert(bytes, keyStart, keyLength, hash);
    if (this.segments.get(segment.gen) !== segment) this.segments.set(segment.gen, segment);
    this.gens[entry] = segment.gen;
    this.offsets[entry] = offset;
    this.lengths[entry] = length;
    this.versions[entry] = version;
    this.stamps[entry] = ++this.clock;
    return entry;
  }

  /**
   * Applies a tombstone of `length` bytes in `segment` for the key in `bytes`. The tombstone is
   * stale from birth: it only hides older records, and compaction drops it together with them.
   */
  remove(bytes: Buffer, keyStart: number, keyLength: number, segment: Segment, length: number): void {
    segment.stale += length;
    const hash = hashBytes(bytes, keyStart, keyLength);
    const entry = this.findBytes(bytes, keyStart, keyLength, hash);
    if (entry < 0) return;
    this.segmentOf(entry).stale += this.lengths[entry]!;
    this.gens[entry] = -1;
    this.stamps[entry] = ++this.clock;
    this.unlink(entry);
    this.free.push(entry);
    this.entries--;
    this.arenaGarbage += this.keyLength[entry]!;
  }

  /**
   * Moves `entry` to a copy of its record only if it still points at `from` (compaction's swap: a
   * key written or removed while compaction copied it keeps its newer state). Returns whether it moved.
   */
  move(entry: number, from: Segment, fromOffset: number, to: Segment, toOffset: number): boolean {
    if (this.gens[entry] !== from.gen || this.offsets[entry] !== fromOffset) return false;
    this.segments.set(to.gen, to);
    this.gens[entry] = to.gen;
    this.offsets[entry] = toOffset;
    return true;
  }

  /** The entries whose newest record lies in one of `segments`. */
  entriesIn(segments: ReadonlySet<Segment>): number[] {
    const gens = new Set([...segments].map((segment) => segment.gen));
    const found: number[] = [];
    for (let entry = 0; entry < this.used; entry++) if (gens.has(this.gens[entry]!)) found.push(entry);
    return found;
  }

  /** Forgets a segment no entry points into any more (compaction's inputs, once swapped out). */
  forget(segment: Segment): void {
    this.segments.delete(segment.gen);
  }

  /** The index as it stands, in views that stay valid until the next change. */
  image(): IndexImage {
    const used = this.used;
    return {
      used,
      entries: this.entries,
      slots: this.slots,
      arenaGarbage: this.arenaGarbage,
      keyStart: this.keyStart.subarray(0, used),
      offsets: this.offsets.subarray(0, used),
      versions: this.versions.subarray(0, used),
      keyLength: this.keyLength.subarray(0, used),
      lengths: this.lengths.subarray(0, used),
      hashes: this.hashes.subarray(0, used),
      gens: this.gens.subarray(0, used),
      table: this.table,
      free: Int32Array.from(this.free),
      arena: this.arena.subarray(0, this.arenaUsed),
    };
  }

  /**
   * Replaces this (empty) index with `image`, whose generations name the segments in `segments`.
   * Its per-entry columns may be longer than `used`: room for new entries, taken as is.
   */
  restore(image: IndexImage, segments: ReadonlyMap<number, Segment>): void {
    this.used = image.used;
    this.entries = image.entries;
    this.slots = image.slots;
    this.table = image.table;
    this.keyStart = image.keyStart;
    this.offsets = image.offsets;
    this.versions = image.versions;
    this.keyLength = image.keyLength;
    this.lengths = image.lengths;
    this.hashes = image.hashes;
    this.stamps = new Float64Array(image.keyStart.length);
    for (const entry of image.free) this.free.push(entry);
    this.arena = Buffer.allocUnsafe(Math.max(2 * image.arena.length, 1 << 16)); // its own: appends must not run into other data
    this.arenaUsed = image.arena.copy(this.arena);
    this.arenaGarbage = image.arenaGarbage;
    this.gens = image.gens;
    for (const [gen, segment] of segments) this.segments.set(gen, segment);
  }

  private encode(key: string): number {
    if (this.scratch.length < 3 * key.length) this.scratch = Buffer.allocUnsafe(3 * key.length);
    return this.scratch.write(key);
  }

  private findBytes(bytes: Buffer, keyStart: number, keyLength: number, hash: number): number {
    const mask = this.slots - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[2 * slot]!;
      if (entry < 0) return -1;
      if (this.table[2 * slot + 1] === hash && this.keyLength[entry] === keyLength && this.sameKey(entry, bytes, keyStart)) return entry;
    }
  }

  private sameKey(entry: number, bytes: Buffer, keyStart: number): boolean {
    const start = this.keyStart[entry]!;
    const length = this.keyLength[entry]!;
    if (length > 64) return this.arena.compare(bytes, keyStart, keyStart + length, start, start + length) === 0;
    for (let i = 0; i < length; i++) if (this.arena[start + i] !== bytes[keyStart + i]) return false;
    return true;
  }

  private insert(bytes: Buffer, keyStart: number, keyLength: number, hash: number): number {
    const entry = this.free.pop() ?? this.used++;
    if (entry >= this.keyStart.length) this.growColumns(Math.max(1024, 2 * this.keyStart.length));
    this.gens[entry] = -1; // not live until put() names its segment: a rehash below must skip it
    if (this.arenaUsed + keyLength > this.arena.length) this.growArena(keyLength);
    if (keyLength > 64) bytes.copy(this.arena, this.arenaUsed, keyStart, keyStart + keyLength);
    else for (let i = 0; i < keyLength; i++) this.arena[this.arenaUsed + i] = bytes[keyStart + i]!;
    this.keyStart[entry] = this.arenaUsed;
    this.keyLength[entry] = keyLength;
    this.arenaUsed += keyLength;
    this.hashes[entry] = hash;
    this.entries++;
    if (2 * this.entries > this.slots) this.rehash(2 * this.slots);
    this.place(entry);
    return entry;
  }

  private place(entry: number): void {
    const mask = this.slots - 1;
    const hash = this.hashes[entry]!;
    let slot = hash & mask;
    while (this.table[2 * slot]! >= 0) slot = (slot + 1) & mask;
    this.table[2 * slot] = entry;
    this.table[2 * slot + 1] = hash;
  }

  /** Takes `entry` out of the table, shifting back the entries that probed past it. */
  private unlink(entry: number): void {
    const mask = this.slots - 1;
    let hole = this.hashes[entry]! & mask;
    while (this.table[2 * hole] !== entry) hole = (hole + 1) & mask;
    for (let slot = (hole + 1) & mask; ; slot = (slot + 1) & mask) {
      const next = this.table[2 * slot]!;
      if (next < 0) break;
      const home = this.table[2 * slot + 1]! & mask;
      const between = hole <= slot ? home > hole && home <= slot : home > hole || home <= slot;
      if (!between) {
        this.table[2 * hole] = next;
        this.table[2 * hole + 1] = this.table[2 * slot + 1]!;
        hole = slot;
      }
    }
    this.table[2 * hole] = -1;
  }

  /** A table of `size` slots holding every live entry (not the one being inserted: it has no segment yet). */
  private rehash(size: number): void {
    this.table = new Int32Array(2 * size).fill(-1);
    this.slots = size;
    for (let entry = 0; entry < this.used; entry++) if (this.gens[entry]! >= 0) this.place(entry);
  }

  private growColumns(size: number): void {
    const grow = <T extends Float64Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike> | Int32Array<ArrayBufferLike>>(old: T, make: new (n: number) => T): T => {
      const next = new make(size);
      next.set(old);
      return next;
    };
    this.keyStart = grow(this.keyStart, Float64Array);
    this.keyLength = grow(this.keyLength, Uint32Array);
    this.hashes = grow(this.hashes, Int32Array);
    this.offsets = grow(this.offsets, Float64Array);
    this.lengths = grow(this.lengths, Uint32Array);
    this.versions = grow(this.versions, Float64Array);
    this.stamps = grow(this.stamps, Float64Array);
    this.gens = grow(this.gens, Int32Array);
  }

  /** Makes room for `needed` more key bytes, dropping removed keys' bytes when they are most of it. */
  private growArena(needed: number): void {
    const live = this.arenaUsed - this.arenaGarbage;
    const next = Buffer.allocUnsafe(Math.max(2 * (live + needed), 1 << 16));
    if (2 * this.arenaGarbage < this.arenaUsed) {
      this.arena.copy(next, 0, 0, this.arenaUsed); // one copy, offsets unchanged
      this.arena = next;
      return;
    }
    let used = 0;
    for (let entry = 0; entry < this.used; entry++) {
      if (this.gens[entry]! < 0) continue;
      const start = this.keyStart[entry]!;
      const length = this.keyLength[entry]!;
      this.arena.copy(next, used, start, start + length);
      this.keyStart[entry] = used;
      used += length;
    }
    this.arena = next;
    this.arenaUsed = used;
    this.arenaGarbage = 0;
  }
}
