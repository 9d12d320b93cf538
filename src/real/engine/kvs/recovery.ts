/**
 * Recovery: rebuilding the index from the segments on open, oldest generation first.
 *
 * A checkpoint that describes the oldest segments found restores the index they give at once; the
 * segments after them are replayed on top. A segment with an intact hint file is loaded from the hint alone. Any other segment is scanned
 * record by record, checking each record's length and checksum. A damaged record with nothing
 * intact after it is a torn tail (a write the crash cut short, or never acknowledged): the file is
 * truncated there and appends go on from the last intact record. A damaged record followed by an
 * intact one is corruption inside data that was once whole: opening fails with a CorruptionError
 * naming the file and offset, rather than dropping or serving what follows.
 */
import { readFileSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { loadCheckpoint } from "./checkpoint.js";
import { type HintEntry, type VisitEntry, loadHint } from "./hint.js";
import type { KeyIndex } from "./key-index.js";
import { CorruptionError, HEADER_BYTES, Kind, decodeHeader, recordFault, recordLength } from "./record.js";
import { Segment, hintFile, listGenerations } from "./segment.js";

export interface Recovered {
  /** Every segment that holds records, oldest first. */
  segments: Segment[];
  /** Segments that were scanned, with the entries their hint file should have: written later. */
  hintless: Array<{ segment: Segment; entries: HintEntry[] }>;
  /** The generation after the newest file seen. */
  nextGen: number;
}

export function recover(dir: string, index: KeyIndex): Recovered {
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
    for (const segment of recovered.segments.slice(restored)) replay(dir, segment, index, recovered);
  } catch (error) {
    for (const segment of recovered.segments) segment.close(); // the store will not open: release its files
    throw error;
  }
  const live = new Set(recovered.segments.map((segment) => hintFile(segment.gen)));
  for (const name of readdirSync(dir)) if (name.endsWith(".hint") && !live.has(name)) unlinkSync(join(dir, name));
  return recovered;
}

/** Indexes one segment's records, from its hint file or else by scanning it. */
function replay(dir: string, segment: Segment, index: KeyIndex, recovered: Recovered): void {
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
    });
    if (intact < segment.size) segment.truncate(intact);
    recovered.hintless.push({ segment, entries: [...latest.values()] });
  }
}

/** Visits every intact record of the segment file at `path`; returns the length of the intact prefix. */
export function scanSegment(path: string, visit: VisitEntry): number {
  const bytes = readFileSync(path);
  let at = 0;
  while (at < bytes.length) {
    const end = recordEnd(bytes, at);
    const record = bytes.subarray(at, end);
    const fault = end > bytes.length ? "torn" : recordFault(record);
    if (fault === undefined) {
      const header = decodeHeader(record, 0)!;
      visit(bytes, at + HEADER_BYTES, header.keyLength, header.kind, at, record.length, header.version);
      at = end;
      continue;
    }
    if (end < bytes.length && intactAt(bytes, end)) throw new CorruptionError(path, at, fault);
    return at;
  }
  return at;
}

function recordEnd(bytes: Buffer, at: number): number {
  const header = decodeHeader(bytes, at);
  return header === undefined ? Infinity : at + recordLength(header);
}

function intactAt(bytes: Buffer, at: number): boolean {
  const end = recordEnd(bytes, at);
  return end <= bytes.length && recordFault(bytes.subarray(at, end)) === undefined;
}
