/**
 * The writes applied to the index but not yet written to the file, each with what it replaced: so
 * that a write(2) that fails (a full disk) can take them back and leave the index describing the
 * files exactly. Reads then go on, and the next write tries the disk again: nothing has to stop.
 */
import type { HintEntry } from "./hint.js";
import type { KeyIndex } from "./key-index.js";
import type { Segment } from "./segment.js";

/** Where a key's newest record was before a write replaced it. */
interface Place {
  segment: Segment;
  offset: number;
  length: number;
  version: number;
}

interface Unwritten {
  key: string;
  /** The write's own record length. */
  length: number;
  /** The key's record before the write; undefined when the key did not exist. */
  was: Place | undefined;
  /** The active segment's hint entry for the key before the write. */
  hint: HintEntry | undefined;
}

export class UnwrittenWrites {
  private writes: Unwritten[] = [];

  get count(): number {
    return this.writes.length;
  }

  /** Notes a write about to be applied to `key`, whose index entry is `entry` (-1: no such key). */
  note(index: KeyIndex, key: string, entry: number, length: number, hint: HintEntry | undefined): void {
    const was = entry < 0 ? undefined : { segment: index.segmentOf(entry), offset: index.offsetOf(entry), length: index.lengthOf(entry), version: index.versionOf(entry) };
    this.writes.push({ key, length, was, hint });
  }

  /** The writes are in the file now: nothing to take back. */
  written(): void {
    this.writes = [];
  }

  /**
   * Takes every noted write back, newest first: each key points again at the record it had (and
   * the stale byte counts are as before), and `hints` (the active segment's) lose them.
   */
  undo(index: KeyIndex, active: Segment, hints: Map<string, HintEntry>): void {
    for (const { key, length, was, hint } of this.writes.reverse()) {
      const bytes = Buffer.from(key);
      if (was === undefined) index.remove(bytes, 0, bytes.length, active, 0);
      else index.put(bytes, 0, bytes.length, was.segment, was.offset, was.length, was.version);
      active.stale -= length; // what the write added, or what taking it back just counted
      if (was !== undefined) was.segment.stale -= was.length; // live again
      if (hint === undefined) hints.delete(key);
      else hints.set(key, hint);
    }
    this.writes = [];
  }

  /** Compaction copied `from`'s record at `fromOffset` to `to` at `toOffset`: a write taken back restores the copy. */
  moved(copies: ReadonlyMap<Segment, ReadonlyMap<number, number>>, to: Segment): void {
    for (const write of this.writes) {
      const toOffset = write.was && copies.get(write.was.segment)?.get(write.was.offset);
      if (write.was !== undefined && toOffset !== undefined) write.was = { ...write.was, segment: to, offset: toOffset };
    }
  }
}
