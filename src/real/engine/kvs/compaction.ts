/**
 * Compaction: copying the live records of every sealed segment into one new segment, in the
 * background, while reads and writes go on.
 *
 * The store seals its active segment first, so the inputs never change, and reserves a generation
 * between the inputs and the new active segment: a crash at any point replays to the same state
 * (the output holds copies, newer writes are in a newer generation). The output is written under a
 * temporary name, fsynced with its hint and renamed, so it appears whole or not at all; only then
 * does the store move the index entries that still point at the copied records, in one synchronous
 * step, and delete the inputs oldest first: if a crash stops the deletions, the inputs left are
 * the newest, so no record outlives the tombstone that hid it. A compaction that fails removes its
 * output and the output's hint, whole or in part.
 */
import { closeSync, promises as fs } from "node:fs";
import { dirname, join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { type FileOps, withDefaults, writeFully } from "./file-ops.js";
import { type HintEntry, writeHint } from "./hint.js";
import type { KeyIndex } from "./key-index.js";
import { CorruptionError, Kind, decodeHeader, recordFault } from "./record.js";
import { type Segment, hintFile, segmentFile } from "./segment.js";

/** Bytes gathered before each write of the output: enough to amortise a write, small enough to yield often. */
const CHUNK_BYTES = 1 << 20;
/** Bytes of an input read at once: live records lie among stale ones, and one read of a stretch costs less than a read per record. */
const READ_BYTES = 1 << 20;

/** A live record copied into the output: its index entry and where it was, and the copy's offset. */
export interface Copied {
  entry: number;
  from: Segment;
  fromOffset: number;
  length: number;
  offset: number;
}

export interface CompactionOutput {
  gen: number;
  copied: Copied[];
}

/** Writes the live records of `inputs` as segment `gen` (with its hint); touches neither index nor inputs. */
export async function copyLive(dir: string, inputs: ReadonlySet<Segment>, gen: number, index: KeyIndex, ops: FileOps): Promise<CompactionOutput> {
  const path = join(dir, segmentFile(gen));
  const hint = join(dir, hintFile(gen));
  try {
    return await writeOutput(path, inputs, gen, index, ops);
  } catch (error) {
    // A failed compaction leaves nothing behind: neither its output nor that output's hint.
    await Promise.all([`${path}.tmp`, `${hint}.tmp`, hint].map((file) => fs.rm(file, { force: true })));
    throw error;
  }
}

async function writeOutput(path: string, inputs: ReadonlySet<Segment>, gen: number, index: KeyIndex, ops: FileOps): Promise<CompactionOutput> {
  const dir = dirname(path);
  const { create, write } = withDefaults(ops);
  const fd = create(`${path}.tmp`);
  const copied: Copied[] = [];
  const hint: HintEntry[] = [];
  try {
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    let size = 0;
    const live = index.entriesIn(inputs).map((entry) => ({ entry, from: index.segmentOf(entry), fromOffset: index.offsetOf(entry), length: index.lengthOf(entry) }));
    live.sort((a, b) => a.from.gen - b.from.gen || a.fromOffset - b.fromOffset); // in file order, so each stretch is read once
    let stretch: Buffer = Buffer.alloc(0);
    let stretchFrom: Segment | undefined;
    let stretchStart = 0;
    for (const { entry, from, fromOffset, length } of live) {
      if (from !== stretchFrom || fromOffset + length > stretchStart + stretch.length) {
        stretch = from.read(fromOffset, Math.max(length, Math.min(READ_BYTES, from.size - fromOffset)));
        stretchFrom = from;
        stretchStart = fromOffset;
      }
      const bytes = stretch.subarray(fromOffset - stretchStart, fromOffset - stretchStart + length);
      const fault = recordFault(bytes);
      if (fault !== undefined) throw new CorruptionError(from.path, fromOffset, fault);
      const header = decodeHeader(bytes, 0)!;
      copied.push({ entry, from, fromOffset, length, offset: size });
      const key = Buffer.from(bytes.subarray(header.headerBytes, header.headerBytes + header.keyLength)); // a copy: a view would keep the whole record
      hint.push({ kind: Kind.Value, key, offset: size, length, version: header.version });
      chunk.push(bytes);
      chunkBytes += bytes.length;
      size += bytes.length;
      if (chunkBytes >= CHUNK_BYTES) {
        writeFully(write, fd, Buffer.concat(chunk), size - chunkBytes);
        chunk = [];
        chunkBytes = 0;
        await nextTurn(); // where readers and writers get their turn
      }
    }
    if (chunkBytes > 0) writeFully(write, fd, Buffer.concat(chunk), size - chunkBytes);
    await ops.fsync(fd);
  } finally {
    closeSync(fd);
  }
  await writeHint(dir, gen, hint, 0, ops);
  await ops.rename(`${path}.tmp`, path);
  return { gen, copied };
}
