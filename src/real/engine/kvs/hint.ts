/**
 * Hint files: a sealed segment's index entries without its values (`0000000007.hint` beside
 * `0000000007.seg`), so reopening a store reads a few bytes per key instead of every record.
 *
 *   entry:  kind u8 | key length u32 | version u48 | offset u48 | record length u32 | key
 *   footer: entries u32 | omitted bytes u48 | magic "KVH1" | crc32 of everything before it
 *
 * "Omitted bytes" are the segment's records that no entry names (superseded within the segment):
 * stale bytes the replay would otherwise not know of. A hint is only an optimisation: one that is
 * missing, torn or fails its checksum is ignored and the segment is scanned instead. So it is
 * written to a temporary name and renamed, and needs no fsync.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { type FileOps, replaceFile } from "./file-ops.js";
import type { Kind } from "./record.js";
import { hintFile } from "./segment.js";

export interface HintEntry {
  kind: Kind;
  /** The key, or its UTF-8 bytes. */
  key: string | Buffer;
  offset: number;
  length: number;
  version: number;
}

const ENTRY_BYTES = 21;
const FOOTER_BYTES = 18;
const MAGIC = 0x3148_564b; // "KVH1" read little-endian

export async function writeHint(dir: string, gen: number, entries: readonly HintEntry[], omitted: number, ops: FileOps): Promise<void> {
  let size = FOOTER_BYTES;
  for (const entry of entries) size += ENTRY_BYTES + Buffer.byteLength(entry.key);
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (const entry of entries) {
    bytes[at] = entry.kind;
    const keyLength = typeof entry.key === "string" ? bytes.write(entry.key, at + ENTRY_BYTES) : entry.key.copy(bytes, at + ENTRY_BYTES);
    bytes.writeUInt32LE(keyLength, at + 1);
    bytes.writeUIntLE(entry.version, at + 5, 6);
    bytes.writeUIntLE(entry.offset, at + 11, 6);
    bytes.writeUInt32LE(entry.length, at + 17);
    at += ENTRY_BYTES + keyLength;
  }
  bytes.writeUInt32LE(entries.length, at);
  bytes.writeUIntLE(omitted, at + 4, 6);
  bytes.writeUInt32LE(MAGIC, at + 10);
  bytes.writeUInt32LE(crc32(bytes.subarray(0, at + 14)), at + 14);
  const path = join(dir, hintFile(gen));
  await replaceFile(path, bytes, ops);
}

/**
 * An entry as read from a file: its key is `keyLength` bytes at `keyStart` in `bytes`. Positional
 * and without a key string, so loading a million entries allocates nothing per entry.
 */
export type VisitEntry = (bytes: Buffer, keyStart: number, keyLength: number, kind: Kind, offset: number, length: number, version: number) => void;

/**
 * Calls `visit` for each entry of the segment's hint, in write order, and returns the omitted bytes;
 * or returns undefined (visiting nothing) when there is no intact hint.
 */
export function loadHint(dir: string, gen: number, visit: VisitEntry, reserve: (entries: number) => void): number | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, hintFile(gen)));
  } catch {
    return undefined;
  }
  const footer = bytes.length - FOOTER_BYTES;
  if (footer < 0 || bytes.readUInt32LE(footer + 10) !== MAGIC) return undefined;
  if (bytes.readUInt32LE(footer + 14) !== crc32(bytes.subarray(0, footer + 14))) return undefined;
  const entries = bytes.readUInt32LE(footer);
  reserve(entries);
  let at = 0;
  for (let count = entries; count > 0; count--) {
    const keyLength = readUInt32(bytes, at + 1);
    visit(bytes, at + ENTRY_BYTES, keyLength, bytes[at] as Kind, readUInt48(bytes, at + 11), readUInt32(bytes, at + 17), readUInt48(bytes, at + 5));
    at += ENTRY_BYTES + keyLength;
  }
  return bytes.readUIntLE(footer + 4, 6);
}

// Buffer's readers without their argument checks: these run for every key on every open.
function readUInt32(bytes: Buffer, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x100_0000;
}

function readUInt48(bytes: Buffer, at: number): number {
  return readUInt32(bytes, at) + (bytes[at + 4]! | (bytes[at + 5]! << 8)) * 0x1_0000_0000;
}
