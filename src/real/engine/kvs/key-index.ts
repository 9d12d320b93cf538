/**
 * The in-memory index: each live key → where its newest record lies. Removed keys are absent.
 * Every change also keeps the stale-byte count of the segment that held the replaced record, which
 * is what decides when compaction pays.
 */
import type { Segment } from "./segment.js";

export interface Location {
  segment: Segment;
  offset: number;
  /** The whole record's length, header included. */
  length: number;
  version: number;
  /** The record's value while the value cache holds it. */
  value?: string | undefined;
}

export class KeyIndex {
  private readonly map = new Map<string, Location>();

  get size(): number {
    return this.map.size;
  }

  get(key: string): Location | undefined {
    return this.map.get(key);
  }

  /** Points `key` at a newer record; the one it replaces becomes stale. */
  put(key: string, location: Location): void {
    const old = this.map.get(key);
    if (old !== undefined) old.segment.stale += old.length;
    this.map.set(key, location);
  }

  /**
   * Applies a tombstone of `length` bytes in `segment`. The tombstone is stale from birth: it only
   * hides older records, and compaction drops it together with them.
   */
  remove(key: string, segment: Segment, length: number): void {
    const old = this.map.get(key);
    if (old !== undefined) old.segment.stale += old.length;
    segment.stale += length;
    this.map.delete(key);
  }

  /**
   * Moves `key` to `next` only if it still points at `expected` (compaction's swap: a key written or
   * removed while compaction copied it keeps its newer state). Returns whether it moved.
   */
  move(key: string, expected: Location, next: Location): boolean {
    if (this.map.get(key) !== expected) return false;
    this.map.set(key, next);
    return true;
  }

  /** The live keys whose newest record lies in one of `segments`. */
  entriesIn(segments: ReadonlySet<Segment>): Array<[string, Location]> {
    const found: Array<[string, Location]> = [];
    for (const entry of this.map) if (segments.has(entry[1].segment)) found.push(entry);
    return found;
  }
}
