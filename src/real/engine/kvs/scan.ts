/**
 * Walking a segment's bytes record by record, on past any damage: what recovery and repair share.
 *
 * A record whose format-2 header passes its own checksum has a length that can be trusted even
 * when its body is damaged, so the damage is that record alone and the walk goes on after it.
 * A header that fails (or a format-1 header, which has no checksum) says nothing of where the next
 * record starts, so the walk looks for it byte by byte: the next offset where a whole record
 * passes its checksums. Damage with no intact record after it is a torn tail: what a crash left
 * of writes that never completed. Damage with an intact record after it is corruption of data
 * that was once whole.
 */
import { crc32 } from "node:zlib";
import type { VisitEntry } from "./hint.js";
import { decodeHeader, headerFault, isKindByte, recordLength } from "./record.js";

/** A damaged stretch of a segment. */
export interface Damage {
  offset: number;
  /** Bytes up to the next intact record, or to the end of the file. */
  length: number;
  reason: string;
  /** Nothing intact follows: a torn tail. */
  tail: boolean;
  /** The damaged record's key and version, when its header passed its checksum (only its body is damaged). */
  record?: { key: string; version: number };
}

/** Visits every intact record of `bytes` (a segment's contents) in order; returns the damaged stretches between them. */
export function scanRecords(bytes: Buffer, visit: VisitEntry): Damage[] {
  const damages: Damage[] = [];
  let at = 0;
  while (at < bytes.length) {
    const header = decodeHeader(bytes, at);
    const fault = faultAt(bytes, at, header);
    if (fault === undefined) {
      const length = recordLength(header!);
      visit(bytes, at + header!.headerBytes, header!.keyLength, header!.kind, at, length, header!.version);
      at += length;
      continue;
    }
    // A record whose header holds ends where it says, though its body is damaged; otherwise search.
    const end = header !== undefined && header.checked && headerFault(bytes, at) === undefined ? at + recordLength(header) : Infinity;
    const next = nextIntact(bytes, end <= bytes.length ? end : at + 1);
    const damage: Damage = { offset: at, length: next - at, reason: fault, tail: next === bytes.length };
    if (end <= bytes.length) {
      const keyStart = at + header!.headerBytes;
      damage.record = { key: bytes.toString("utf8", keyStart, keyStart + header!.keyLength), version: header!.version };
    }
    damages.push(damage);
    at = next;
  }
  return damages;
}

/** Why the record at `at` (whose header decodes as `header`) is not intact, or undefined when it is. */
function faultAt(bytes: Buffer, at: number, header = decodeHeader(bytes, at)): string | undefined {
  if (header === undefined) return `the file ends ${bytes.length - at} bytes into a record header`;
  const fault = headerFault(bytes, at);
  if (fault !== undefined) return fault;
  const end = at + recordLength(header);
  if (end > bytes.length) return `the file ends ${end - bytes.length} bytes before the record does`;
  return bytes.readUInt32LE(at) === crc32(bytes.subarray(at + 4, end)) ? undefined : "checksum mismatch";
}

/** The first offset from `from` on where an intact record starts, or the end of `bytes`. */
function nextIntact(bytes: Buffer, from: number): number {
  for (let at = from; at < bytes.length; at++) {
    if (isKindByte(bytes[at + 4]) && faultAt(bytes, at) === undefined) return at; // the kind test first: most offsets fail it
  }
  return bytes.length;
}
