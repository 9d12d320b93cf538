/**
 * A segment: one append-only file of records, named by its generation (`0000000007.seg`). Newer
 * generations win over older ones on replay. Only the newest segment (the active one) is written;
 * the others are sealed and only read, until compaction replaces them.
 *
 * Reads and appends are synchronous pread/pwrite: a record in the page cache costs less to read in
 * place than a hop to the thread pool, and a synchronous append makes each write atomic with the
 * index update that follows it, with no queue.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, readdirSync, writeSync } from "node:fs";
import { join } from "node:path";
import { CorruptionError } from "./record.js";

const SEGMENT = /^(\d{10})\.seg$/;
/** Segment.peek's buffer. */
let scratch = Buffer.allocUnsafe(64 << 10);

export function segmentFile(gen: number): string {
  return `${String(gen).padStart(10, "0")}.seg`;
}

export function hintFile(gen: number): string {
  return `${String(gen).padStart(10, "0")}.hint`;
}

/** The generations of the segment files in `dir`, oldest first. */
export function listGenerations(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => SEGMENT.exec(name)?.[1])
    .filter((gen): gen is string => gen !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export class Segment {
  /** Bytes of records that a newer record (or a tombstone) has superseded: what compaction reclaims. */
  stale = 0;

  private constructor(
    readonly gen: number,
    readonly path: string,
    readonly fd: number,
    /** Where the next append goes: the end of the last intact record. */
    public size: number,
  ) {}

  /** A new, empty segment to append to. */
  static create(dir: string, gen: number): Segment {
    const path = join(dir, segmentFile(gen));
    return new Segment(gen, path, openSync(path, "wx+"), 0);
  }

  /** An existing segment, opened for reading (and for truncating a torn tail). */
  static open(dir: string, gen: number): Segment {
    const path = join(dir, segmentFile(gen));
    const fd = openSync(path, "r+");
    return new Segment(gen, path, fd, fstatSync(fd).size);
  }

  /** Appends `bytes` at the end; returns their offset. A failed write leaves the file as it was. */
  append(bytes: Buffer): number {
    const offset = this.size;
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, offset + done);
    } catch (error) {
      ftruncateSync(this.fd, offset); // a half-written record must not sit before the next one
      throw error;
    }
    this.size = offset + bytes.length;
    return offset;
  }

  /** Exactly `length` bytes at `offset`, or a CorruptionError when the file ends first. */
  read(offset: number, length: number): Buffer {
    return this.readInto(Buffer.allocUnsafe(length), offset);
  }

  /** Like read, into a buffer shared by all segments: valid until the next call (for a read used at once). */
  peek(offset: number, length: number): Buffer {
    if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, 2 * scratch.length));
    return this.readInto(scratch.subarray(0, length), offset);
  }

  private readInto(bytes: Buffer, offset: number): Buffer {
    const length = bytes.length;
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, bytes, done, length - done, offset + done);
      if (n === 0) throw new CorruptionError(this.path, offset, `file ends ${length - done} bytes into the record`);
      done += n;
    }
    return bytes;
  }

  truncate(size: number): void {
    ftruncateSync(this.fd, size);
    this.size = size;
  }

  close(): void {
    closeSync(this.fd);
  }
}
