/**
 * Recovery: rebuilding the index from the segments on open, oldest generation first.
 *
 * A checkpoint that describes the oldest segments found restores the index they give at once; the
 * segments after them are replayed on top. A segment with an intact hint file is loaded from the
 * hint alone. Any other segment is scanned record by record (scan.ts), on past any damage. Damage
 * with nothing intact after it, in the newest segment, is a torn tail (writes the crash cut short,
 * never acknowledged): the file is truncated there, the cut is logged, and appends go on from the
 * last intact record. Only the newest segment can have one: the store writes an older one whole
 * before it starts the next (a sealed segment, a compaction's output), so damage at the end of an
 * older one cut acknowledged writes. That, and damage with any intact record after it, is
 * corruption inside data that was once whole: opening
 * fails with a CorruptionError naming the file and offset and saying how to repair, rather than
 * dropping what follows or serving around it.
 */
import { fsyncSync, readFileSync, readdirSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import type { EngineLog } from "../engine.js";
import { loadCheckpoint } from "./checkpoint.js";
import { type HintEntry, type VisitEntry, loadHint } from "./hint.js";
import type { KeyIndex } from "./key-index.js";
import { CorruptionError, Kind } from "./record.js";
import { scanRecords } from "./scan.js";
import { Segment, hintFile, listGenerations } from "./segment.js";

export interface Recovered {
  /** Every segment that holds records, oldest first. */
  segments: Segment[];
  /** Segments that were scanned, with the entries their hint file should have: written later. */
  hintless: Array<{ segment: Segment; entries: HintEntry[] }>;
  /** The generation after the newest file seen. */
  nextGen: number;
}

export function recover(dir: string, index: KeyIndex, log?: EngineLog): Recovered {
  for (const name of readdirSync(dir)) if (name.endsWith(".tmp")) unlinkSync(join(dir, name)); // unfinished compaction or hint
  const gens = listGenerations(dir);
  const recovered: Recovered = { segments: [], hintless: [], nextGen: (gens.at(-1) ?? 0) + 1 };
  for (const gen of gens) {
    const segment = Segment.open(dir, gen);
    if (segment.size > 0) {
      recovered.segments.push(segment);
    } else {
      segment.close(); // an active segment that never got a record before the process ended
      unlinkSync(segment.path);
    }
  }
  try {
    const restored = loadCheckpoint(dir, recovered.segments, index);
    const newest = recovered.segments.at(-1);
    for (const segment of recovered.segments.slice(restored)) replay(dir, segment, segment === newest, index, recovered, log);
  } catch (error) {
    for (const segment of recovered.segments) segment.close(); // the store will not open: release its files
    throw error;
  }
  const live = new Set(recovered.segments.map((segment) => hintFile(segment.gen)));
  for (const name of readdirSync(dir)) if (name.endsWith(".hint") && !live.has(name)) unlinkSync(join(dir, name));
  return recovered;
}

/** Indexes one segment's records, from its hint file or else by scanning it. */
function replay(dir: string, segment: Segment, newest: boolean, index: KeyIndex, recovered: Recovered, log: EngineLog | undefined): void {
  const apply: VisitEntry = (bytes, keyStart, keyLength, kind, offset, length, version) => {
    if (kind === Kind.Value) index.put(bytes, keyStart, keyLength, segment, offset, length, version);
    else index.remove(bytes, keyStart, keyLength, segment, length);
  };
  const omitted = loadHint(dir, segment.gen, apply, (entries) => index.reserve(entries));
  if (omitted !== undefined) {
    segment.stale += omitted;
  } else {
    const latest = new Map<string, HintEntry>();
    const intact = scanSegment(segment.path, (bytes, keyStart, keyLength, kind, offset, length, version) => {
      apply(bytes, keyStart, keyLength, kind, offset, length, version);
      const key = bytes.toString("utf8", keyStart, keyStart + keyLength);
      latest.set(key, { kind, key, offset, length, version });
    }, newest);
    if (intact < segment.size) {
      log?.warn({ file: segment.path, offset: intact, bytes: segment.size - intact }, `kvs: cut a torn tail of ${segment.size - intact} bytes at offset ${intact} of ${segment.path} (writes a crash cut short, never acknowledged)`);
      segment.truncate(intact);
      fsyncSync(segment.fd); // once the store writes a newer segment, this one may end only at a whole record
    }
    recovered.hintless.push({ segment, entries: [...latest.values()] });
  }
}

/**
 * Visits every intact record of the segment file at `path`; returns where its torn tail starts
 * (its length when it has none). Throws a CorruptionError when damage has an intact record after
 * it, or ends a segment that is not the newest (`newest` false), which can have no torn tail.
 */
export function scanSegment(path: string, visit: VisitEntry, newest: boolean): number {
  const bytes = readFileSync(path);
  const damages = scanRecords(bytes, visit);
  const first = damages[0];
  if (first === undefined) return bytes.length;
  const repair = `run kvs-repair --dir ${dirname(path)} to keep every intact record`;
  if (!first.tail) throw new CorruptionError(path, first.offset, `${first.reason}; intact records follow it at offset ${first.offset + first.length}, so it is no torn tail: ${repair}`);
  if (!newest) throw new CorruptionError(path, first.offset, `${first.reason}, at the end of a segment older than the newest, which the store wrote whole before it started the next, so it is no torn tail: ${repair}`);
  return first.offset;
}
