/**
 * The index checkpoint (`index.ckpt`): the whole index, written on close, so the next open reads
 * it back in one go instead of hashing every key of every hint file again.
 *
 *   magic "KVC1" | header length u32 | header (JSON: the segments it describes, with their sizes
 *   and stale bytes, and the index's counts) | the index's typed arrays, each padded to 8 bytes |
 *   crc32 of everything before it
 *
 * It describes exactly the segment files it lists, at exactly their sizes. Whatever else is found
 * (a crash, so a segment the list lacks; a torn tail cut; a compaction) and the open falls back to
 * the hint files. It is deleted once read, so it never outlives the state it describes.
 */
import { promises as fs, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import type { FileOps } from "./file-ops.js";
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
const SECTIONS = [
  ["keyStart", Float64Array, (h: Header) => h.used],
  ["offsets", Float64Array, (h: Header) => h.used],
  ["versions", Float64Array, (h: Header) => h.used],
  ["keyLength", Uint32Array, (h: Header) => h.used],
  ["lengths", Uint32Array, (h: Header) => h.used],
  ["hashes", Int32Array, (h: Header) => h.used],
  ["gens", Int32Array, (h: Header) => h.used],
  ["table", Int32Array, (h: Header) => 2 * h.slots],
  ["free", Int32Array, (h: Header) => h.free],
  ["arena", Uint8Array, (h: Header) => h.arena],
] as const;

const padded = (n: number) => Math.ceil(n / 8) * 8;

export async function writeCheckpoint(dir: string, segments: readonly Segment[], index: KeyIndex, ops: FileOps): Promise<void> {
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
  const path = join(dir, FILE);
  await fs.writeFile(`${path}.tmp`, bytes);
  await ops.rename(`${path}.tmp`, path);
}

/**
 * Restores `index` from the checkpoint if it describes exactly `segments` (setting their stale
 * bytes too), and deletes it. Returns whether it did.
 */
export function loadCheckpoint(dir: string, segments: readonly Segment[], index: KeyIndex): boolean {
  const path = join(dir, FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return false;
  }
  rmSync(path);
  if (bytes.length < 12 || bytes.readUInt32LE(0) !== MAGIC) return false;
  if (bytes.readUInt32LE(bytes.length - 4) !== crc32(bytes.subarray(0, bytes.length - 4))) return false;
  if (bytes.byteOffset % 8 !== 0) bytes = Buffer.from(bytes); // typed arrays need aligned views
  const jsonLength = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.toString("utf8", 8, 8 + jsonLength)) as Header;
  const described = header.segments.map(({ gen, size }) => `${gen}:${size}`).join(",");
  if (described !== segments.map(({ gen, size }) => `${gen}:${size}`).join(",")) return false;
  const image: Record<string, unknown> = { used: header.used, entries: header.entries, slots: header.slots, arenaGarbage: header.arenaGarbage };
  let at = 8 + padded(jsonLength);
  for (const [name, Type, count] of SECTIONS) {
    const array = new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset + at, count(header));
    image[name] = name === "arena" ? Buffer.from(array.buffer, array.byteOffset, array.length) : array;
    at += padded(array.byteLength);
  }
  const byGen = new Map(segments.map((segment) => [segment.gen, segment]));
  index.restore(image as unknown as IndexImage, byGen);
  for (const { gen, stale } of header.segments) byGen.get(gen)!.stale = stale;
  return true;
}
