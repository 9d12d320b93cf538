/**
 * The index checkpoint (`index.ckpt`): the whole index as it stands when a segment is sealed and on
 * close, so the next open reads it back in one go instead of hashing every key of every hint file
 * again, and after a crash replays only the segments sealed or written since.
 *
 *   magic "KVC1" | header length u32 | header (JSON: the segments it describes, with their sizes
 *   and stale bytes, and the index's counts) | the index's typed arrays, each padded to 8 bytes |
 *   crc32 of everything before it
 *
 * It is the index that replaying exactly the segment files it lists, at exactly their sizes, gives.
 * Segments are append-only, their generations never reused, and a store always appends to a
 * segment newer than any before, so while the oldest segments found are those it lists at those
 * sizes, it stands for replaying them, and the newer ones are replayed after it. Anything else (a
 * compaction replaced some; a torn tail was cut; a crash during its write, which the checksum or
 * the atomic rename catches) and the open replays every segment instead.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { type FileOps, replaceFile } from "./file-ops.js";
import type { IndexImage, KeyIndex } from "./key-index.js";
import type { Segment } from "./segment.js";

const FILE = "index.ckpt";
const MAGIC = 0x3143_564b; // "KVC1" read little-endian

interface Header {
  segments: Array<{ gen: number; size: number; stale: number }>;
  used: number;
  entries: number;
  slots: number;
  arenaGarbage: number;
  free: number;
  arena: number;
}

/** The image's arrays in file order, with their element counts as the header gives them. */
const perEntry = (h: Header) => h.used;
const SECTIONS = [
  ["keyStart", Float64Array, perEntry],
  ["offsets", Float64Array, perEntry],
  ["versions", Float64Array, perEntry],
  ["keyLength", Uint32Array, perEntry],
  ["lengths", Uint32Array, perEntry],
  ["hashes", Int32Array, perEntry],
  ["gens", Int32Array, perEntry],
  ["table", Int32Array, (h: Header) => 2 * h.slots],
  ["free", Int32Array, (h: Header) => h.free],
  ["arena", Uint8Array, (h: Header) => h.arena],
] as const;

const padded = (n: number) => Math.ceil(n / 8) * 8;

/** The checkpoint of `index`, which must be what replaying `segments` (every byte of each in its file) gives. */
export function encodeCheckpoint(segments: readonly Segment[], index: KeyIndex): Buffer {
  const image = index.image();
  const header: Header = {
    segments: segments.map(({ gen, size, stale }) => ({ gen, size, stale })),
    used: image.used,
    entries: image.entries,
    slots: image.slots,
    arenaGarbage: image.arenaGarbage,
    free: image.free.length,
    arena: image.arena.length,
  };
  const json = Buffer.from(JSON.stringify(header));
  const parts: Buffer[] = [Buffer.alloc(8), json, Buffer.alloc(padded(json.length) - json.length)];
  parts[0]!.writeUInt32LE(MAGIC, 0);
  parts[0]!.writeUInt32LE(json.length, 4);
  for (const [name] of SECTIONS) {
    const array = image[name];
    const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    parts.push(bytes, Buffer.alloc(padded(bytes.length) - bytes.length));
  }
  const bytes = Buffer.concat([...parts, Buffer.alloc(4)]);
  bytes.writeUInt32LE(crc32(bytes.subarray(0, bytes.length - 4)), bytes.length - 4);
  return bytes;
}

/** Replaces the checkpoint with `bytes` all at once (a crash leaves the old one or the new one). */
export async function saveCheckpoint(dir: string, bytes: Buffer, ops: FileOps): Promise<void> {
  const path = join(dir, FILE);
  await replaceFile(path, bytes, ops);
}

/**
 * Restores `index` from the checkpoint if it describes the oldest of `segments` (setting their
 * stale bytes too). Returns how many of them it describes: 0 when it was not used.
 */
export function loadCheckpoint(dir: string, segments: readonly Segment[], index: KeyIndex): number {
  let fd: number;
  try {
    fd = openSync(join(dir, FILE), "r");
  } catch {
    return 0;
  }
  try {
    return restore(fd, segments, index);
  } catch {
    return 0; // a damaged header (its checksum comes last): the hints will do
  } finally {
    closeSync(fd);
  }
}

function restore(fd: number, segments: readonly Segment[], index: KeyIndex): number {
  const size = fstatSync(fd).size;
  const start = readAt(fd, Buffer.alloc(8), 0);
  if (size < 12 || start.readUInt32LE(0) !== MAGIC || 8 + start.readUInt32LE(4) > size - 4) return 0;
  const json = readAt(fd, Buffer.alloc(padded(start.readUInt32LE(4))), 8);
  let crc = crc32(json, crc32(start));
  const header = JSON.parse(json.toString("utf8", 0, start.readUInt32LE(4))) as Header;
  const described = header.segments;
  if (described.length > segments.length || described.some(({ gen, size }, i) => segments[i]!.gen !== gen || segments[i]!.size !== size)) return 0;
  const image: Record<string, unknown> = { used: header.used, entries: header.entries, slots: header.slots, arenaGarbage: header.arenaGarbage };
  let at = 8 + json.length;
  for (const [name, Type, count] of SECTIONS) {
    const length = count(header);
    // Read straight into the arrays the index keeps, the per-entry columns with room to grow as
    // growColumns would make it: the first key added after the open copies nothing.
    const sectionBytes = padded(length * Type.BYTES_PER_ELEMENT);
    if (!(at + sectionBytes <= size - 4)) return 0; // before allocating: a damaged count could ask for anything
    const array = new Type(count === perEntry ? Math.max(1024, 2 * length) : sectionBytes / Type.BYTES_PER_ELEMENT);
    const bytes = Buffer.from(array.buffer, 0, sectionBytes);
    // Not for an empty section: crc32 of a view of an empty ArrayBuffer gives 0, whatever came before.
    if (bytes.length > 0) crc = crc32(readAt(fd, bytes, at), crc);
    image[name] = name === "arena" ? bytes.subarray(0, length) : count === perEntry ? array : array.subarray(0, length);
    at += bytes.length;
  }
  if (at !== size - 4 || readAt(fd, Buffer.alloc(4), at).readUInt32LE(0) !== crc) return 0;
  const byGen = new Map(segments.slice(0, described.length).map((segment) => [segment.gen, segment]));
  index.restore(image as unknown as IndexImage, byGen);
  for (const { gen, stale } of described) byGen.get(gen)!.stale = stale;
  return described.length;
}

/** Fills `bytes` from `fd` at `position` (a file that ends first leaves the rest as it was). */
function readAt(fd: number, bytes: Buffer, position: number): Buffer {
  for (let done = 0; done < bytes.length; ) {
    const n = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return bytes;
}
