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
 * the newest, so no record outlives the tombstone that hid it.
 */
import { promises as fs } from "node:fs";
import { join } from "node:path";
import type { FileOps } from "./file-ops.js";
import { type HintEntry, writeHint } from "./hint.js";
import type { KeyIndex, Location } from "./key-index.js";
import { CorruptionError, Kind, recordFault } from "./record.js";
import { type Segment, segmentFile } from "./segment.js";

/** Bytes gathered before each write of the output: enough to amortise a write, small enough to yield often. */
const CHUNK_BYTES = 1 << 20;

/** A live record copied into the output: the index entry to replace, and the copy's offset. */
export interface Copied {
  key: string;
  from: Location;
  offset: number;
}

export interface CompactionOutput {
  gen: number;
  copied: Copied[];
}

/** Writes the live records of `inputs` as segment `gen` (with its hint); touches neither index nor inputs. */
export async function copyLive(dir: string, inputs: ReadonlySet<Segment>, gen: number, index: KeyIndex, ops: FileOps): Promise<CompactionOutput> {
  const path = join(dir, segmentFile(gen));
  const file = await fs.open(`${path}.tmp`, "wx");
  const copied: Copied[] = [];
  try {
    let chunk: Buffer[] = [];
    let chunkBytes = 0;
    let size = 0;
    for (const [key, from] of index.entriesIn(inputs)) {
      const bytes = from.segment.read(from.offset, from.length);
      const fault = recordFault(bytes);
      if (fault !== undefined) throw new CorruptionError(from.segment.path, from.offset, fault);
      copied.push({ key, from, offset: size });
      chunk.push(bytes);
      chunkBytes += bytes.length;
      size += bytes.length;
      if (chunkBytes >= CHUNK_BYTES) {
        await file.write(Buffer.concat(chunk)); // the await is where readers and writers get their turn
        chunk = [];
        chunkBytes = 0;
      }
    }
    if (chunkBytes > 0) await file.write(Buffer.concat(chunk));
    await ops.fsync(file.fd);
  } finally {
    await file.close();
  }
  const hint: HintEntry[] = copied.map(({ key, from, offset }) => ({ kind: Kind.Value, key, offset, length: from.length, version: from.version }));
  await writeHint(dir, gen, hint, 0, ops);
  await ops.rename(`${path}.tmp`, path);
  return { gen, copied };
}
