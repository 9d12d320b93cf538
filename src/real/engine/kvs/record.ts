/**
 * The record codec: one write as it lies in a segment file.
 *
 *   offset  size  field
 *   0       4     crc32 of every byte after it (header rest, key, value)
 *   4       1     kind: 0x11 value, 0x12 tombstone (format 2; format 1 wrote 1 and 2)
 *   5       4     key length in bytes
 *   9       4     value length in bytes (0 for a tombstone)
 *   13      6     version
 *   19      4     crc32 of bytes 4…18 (kind, lengths, version): format 2 only
 *   23      …     key (UTF-8), then value (UTF-8)
 *
 * Little-endian throughout. The header's own checksum lets a scan trust a record's length before
 * it trusts its body: a damaged length is detected as such, and the scan can tell a damaged
 * record (its header intact, so it knows where the next one starts) from damage that hides where
 * records begin. Format 1 records (a 19-byte header, no header checksum) are still read, so stores
 * written before keep opening; every new record is format 2, and the two may share a segment.
 */
import { crc32 } from "node:zlib";

/** The header of a record written now (format 2). */
export const HEADER_BYTES = 23;
const V1_HEADER_BYTES = 19;
/** The kind byte's high nibble in format 2. */
const FORMAT_2 = 0x10;

export const Kind = { Value: 1, Tombstone: 2 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** A record's fields as the index needs them, without the value. */
export interface RecordHeader {
  /** The kind, whatever the format (Kind.Value or Kind.Tombstone when the record is intact). */
  kind: Kind;
  keyLength: number;
  valueLength: number;
  version: number;
  /** Where the key starts: 23 in format 2, 19 in format 1. */
  headerBytes: number;
  /** Whether the header carries its own checksum (format 2). */
  checked: boolean;
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

/** The record's bytes (format 2), in a buffer shared by all encodes: valid until the next call. */
export function encodeRecord(kind: Kind, key: string, value: string, version: number): Buffer {
  // Room for the longest UTF-8 the strings can have (3 bytes per UTF-16 unit), so each is encoded
  // once, by write(), instead of measured first: on 100 kB strings measuring costs more than writing.
  const room = HEADER_BYTES + 3 * (key.length + (kind === Kind.Value ? value.length : 0));
  if (scratch.length < room) scratch = Buffer.allocUnsafe(Math.max(room, 2 * scratch.length));
  const keyLength = scratch.write(key, HEADER_BYTES);
  const valueLength = kind === Kind.Value ? scratch.write(value, HEADER_BYTES + keyLength) : 0;
  const record = scratch.subarray(0, HEADER_BYTES + keyLength + valueLength);
  record[4] = FORMAT_2 | kind;
  record.writeUInt32LE(keyLength, 5);
  record.writeUInt32LE(valueLength, 9);
  record.writeUIntLE(version, 13, 6);
  record.writeUInt32LE(crc32(record.subarray(4, V1_HEADER_BYTES)), V1_HEADER_BYTES);
  record.writeUInt32LE(crc32(record.subarray(4)), 0);
  return record;
}

/** The header at `at`, or undefined when fewer than a header's bytes remain. */
export function decodeHeader(bytes: Buffer, at: number): RecordHeader | undefined {
  if (bytes.length - at < V1_HEADER_BYTES) return undefined;
  const checked = (bytes[at + 4]! & 0xf0) === FORMAT_2;
  const headerBytes = checked ? HEADER_BYTES : V1_HEADER_BYTES;
  if (bytes.length - at < headerBytes) return undefined;
  return {
    kind: (bytes[at + 4]! & 0x0f) as Kind,
    keyLength: bytes.readUInt32LE(at + 5),
    valueLength: bytes.readUInt32LE(at + 9),
    version: bytes.readUIntLE(at + 13, 6),
    headerBytes,
    checked,
  };
}

export function recordLength(header: RecordHeader): number {
  return header.headerBytes + header.keyLength + header.valueLength;
}

/** Whether `byte` is a kind byte of either format: the first test a record must pass. */
export function isKindByte(byte: number | undefined): boolean {
  return byte === Kind.Value || byte === Kind.Tombstone || byte === (FORMAT_2 | Kind.Value) || byte === (FORMAT_2 | Kind.Tombstone);
}

/**
 * Why the header that decodeHeader found at `at` cannot be trusted, or undefined when it can: a
 * format-2 header must pass its own checksum; a format-1 header has none, so only its kind is
 * checked (its lengths are trusted only once the whole record passes its checksum).
 */
export function headerFault(bytes: Buffer, at: number): string | undefined {
  const kind = bytes[at + 4]!;
  if ((kind & 0xf0) === FORMAT_2 && bytes.readUInt32LE(at + V1_HEADER_BYTES) !== crc32(bytes.subarray(at + 4, at + V1_HEADER_BYTES))) {
    return "header checksum mismatch (a damaged length, kind or version)";
  }
  return isKindByte(kind) ? undefined : `unknown kind ${kind}`;
}

/** Why the record that fills `bytes` exactly is not intact, or undefined when it is. */
export function recordFault(bytes: Buffer): string | undefined {
  const header = decodeHeader(bytes, 0);
  if (header === undefined) return "length does not match";
  const fault = headerFault(bytes, 0);
  if (fault !== undefined) return fault;
  if (recordLength(header) !== bytes.length) return "length does not match";
  if (bytes.readUInt32LE(0) !== crc32(bytes.subarray(4))) return "checksum mismatch";
  return undefined;
}

export function recordValue(bytes: Buffer, header: RecordHeader): string {
  const start = header.headerBytes + header.keyLength;
  return bytes.toString("utf8", start, start + header.valueLength);
}
