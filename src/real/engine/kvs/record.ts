/**
 * The record codec: one write as it lies in a segment file.
 *
 *   offset  size  field
 *   0       4     crc32 of every byte after it (header rest, key, value)
 *   4       1     kind: 1 value, 2 tombstone
 *   5       4     key length in bytes
 *   9       4     value length in bytes (0 for a tombstone)
 *   13      6     version
 *   19      …     key (UTF-8), then value (UTF-8)
 *
 * Little-endian throughout. The checksum covers the lengths, so a torn or flipped length is caught
 * like a flipped value byte.
 */
import { crc32 } from "node:zlib";

export const HEADER_BYTES = 19;

export const Kind = { Value: 1, Tombstone: 2 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** A record's fields as the index needs them, without the value. */
export interface RecordHeader {
  kind: Kind;
  keyLength: number;
  valueLength: number;
  version: number;
}

/** A stored record whose bytes are not what was written; names the file and offset. */
export class CorruptionError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    reason: string,
  ) {
    super(`kvs: corrupt record in ${file} at offset ${offset}: ${reason}`);
    this.name = "CorruptionError";
  }
}

/** Reused by every encode: a large value's record then costs no allocation, nor garbage to collect. */
let scratch = Buffer.allocUnsafe(64 << 10);

/** The record's bytes, in a buffer shared by all encodes: valid until the next call. */
export function encodeRecord(kind: Kind, key: string, value: string, version: number): Buffer {
  // Room for the longest UTF-8 the strings can have (3 bytes per UTF-16 unit), so each is encoded
  // once, by write(), instead of measured first: on 100 kB strings measuring costs more than writing.
  const room = HEADER_BYTES + 3 * (key.length + (kind === Kind.Value ? value.length : 0));
  if (scratch.length < room) scratch = Buffer.allocUnsafe(Math.max(room, 2 * scratch.length));
  const keyLength = scratch.write(key, HEADER_BYTES);
  const valueLength = kind === Kind.Value ? scratch.write(value, HEADER_BYTES + keyLength) : 0;
  const record = scratch.subarray(0, HEADER_BYTES + keyLength + valueLength);
  record[4] = kind;
  record.writeUInt32LE(keyLength, 5);
  record.writeUInt32LE(valueLength, 9);
  record.writeUIntLE(version, 13, 6);
  record.writeUInt32LE(crc32(record.subarray(4)), 0);
  return record;
}

/** The header at `at`, or undefined when fewer than a header's bytes remain. */
export function decodeHeader(bytes: Buffer, at: number): RecordHeader | undefined {
  if (bytes.length - at < HEADER_BYTES) return undefined;
  return {
    kind: bytes[at + 4] as Kind,
    keyLength: bytes.readUInt32LE(at + 5),
    valueLength: bytes.readUInt32LE(at + 9),
    version: bytes.readUIntLE(at + 13, 6),
  };
}

export function recordLength(header: RecordHeader): number {
  return HEADER_BYTES + header.keyLength + header.valueLength;
}

/** Why the record that fills `bytes` exactly is not intact, or undefined when it is. */
export function recordFault(bytes: Buffer): string | undefined {
  const header = decodeHeader(bytes, 0);
  if (header === undefined || recordLength(header) !== bytes.length) return "length does not match";
  if (header.kind !== Kind.Value && header.kind !== Kind.Tombstone) return `unknown kind ${header.kind}`;
  if (bytes.readUInt32LE(0) !== crc32(bytes.subarray(4))) return "checksum mismatch";
  return undefined;
}

export function recordValue(bytes: Buffer, header: RecordHeader): string {
  const start = HEADER_BYTES + header.keyLength;
  return bytes.toString("utf8", start, start + header.valueLength);
}
