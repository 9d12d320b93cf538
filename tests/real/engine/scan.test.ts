// The segment scan (scan.ts) under any single damage: a flipped byte anywhere in a segment of
// records of both formats costs exactly the record it lies in, reported where that record starts;
// every other record is still found; a cut is a torn tail unless it falls between records.
import fc from "fast-check";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { HEADER_BYTES, Kind, encodeRecord } from "../../../src/real/engine/kvs/record.js";
import { scanRecords } from "../../../src/real/engine/kvs/scan.js";

/** The same record as format 1 (no header checksum, kind 1 or 2): what stores written before hold. */
function formatOne(record: Buffer): Buffer {
  const bytes = Buffer.concat([record.subarray(0, 19), record.subarray(HEADER_BYTES)]);
  bytes[4] = bytes[4]! & 0x0f;
  bytes.writeUInt32LE(crc32(bytes.subarray(4)), 0);
  return bytes;
}

const recordArb = fc.record({
  tombstone: fc.boolean(),
  key: fc.string({ minLength: 1, maxLength: 12 }),
  value: fc.string({ maxLength: 40 }),
  version: fc.integer({ min: 1, max: 2 ** 40 }),
  oldFormat: fc.boolean(),
});

/** A segment of the records, and where each starts. */
function segmentOf(records: ReadonlyArray<{ tombstone: boolean; key: string; value: string; version: number; oldFormat: boolean }>): { bytes: Buffer; starts: number[] } {
  const parts = records.map(({ tombstone, key, value, version, oldFormat }) => {
    const record = Buffer.from(encodeRecord(tombstone ? Kind.Tombstone : Kind.Value, key, value, version));
    return oldFormat ? formatOne(record) : record;
  });
  const starts: number[] = [];
  let at = 0;
  for (const part of parts) starts.push(at), (at += part.length);
  return { bytes: Buffer.concat(parts), starts };
}

function visitedOffsets(bytes: Buffer): { offsets: number[]; damages: ReturnType<typeof scanRecords> } {
  const offsets: number[] = [];
  const damages = scanRecords(bytes, (_bytes, _keyStart, _keyLength, _kind, offset) => void offsets.push(offset));
  return { offsets, damages };
}

describe("segment scan", () => {
  it("finds every record of an intact segment of both formats", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 20 }), (records) => {
        const { bytes, starts } = segmentOf(records);
        expect(visitedOffsets(bytes)).toEqual({ offsets: starts, damages: [] });
      }),
    );
  });

  it("a flipped byte costs exactly the record it is in, reported at its start; a torn tail only when it is the last", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (records, position, mask) => {
        const { bytes, starts } = segmentOf(records);
        const at = position % bytes.length;
        bytes[at]! ^= mask;
        const hit = starts.findLastIndex((start) => start <= at);
        const end = starts[hit + 1] ?? bytes.length;
        const { offsets, damages } = visitedOffsets(bytes);
        expect(offsets).toEqual(starts.filter((_, i) => i !== hit));
        expect(damages).toHaveLength(1);
        expect(damages[0]).toMatchObject({ offset: starts[hit], length: end - starts[hit]!, tail: hit === starts.length - 1 });
      }),
      { numRuns: 300 },
    );
  });

  it("a cut inside a record is a torn tail from that record's start; a cut between records is none", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 20 }), fc.nat(), (records, position) => {
        const { bytes, starts } = segmentOf(records);
        const cut = position % bytes.length;
        const hit = starts.findLastIndex((start) => start <= cut);
        const { offsets, damages } = visitedOffsets(bytes.subarray(0, cut));
        expect(offsets).toEqual(starts.slice(0, hit));
        expect(damages).toEqual(cut === starts[hit] ? [] : [expect.objectContaining({ offset: starts[hit], length: cut - starts[hit]!, tail: true })]);
      }),
      { numRuns: 300 },
    );
  });
});
