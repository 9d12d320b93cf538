/**
 * A segment: one append-only file of records, named by its generation (`0000000007.seg`). Newer
 * generations win over older ones on replay. Only the newest segment (the active one) is written;
 * the others are sealed and only read, until compaction replaces them.
 *
 * Appends go to a tail buffer in memory, written out by `flush` in one pwrite: the store flushes
 * once per turn of the microtasks, so the writes that arrive together cost one system call, not
 * one each. Reads of the tail are served from the buffer. Reads of the file are synchronous
 * preads: a record in the page cache costs less to read in place than a hop to the thread pool.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type WriteFn, writeFully } from "./file-ops.js";
import { CorruptionError } from "./record.js";

const SEGMENT = /^(\d{10})\.seg$/;
/** Segment.peek's buffer. */
let scratch = Buffer.allocUnsafe(64 << 10);
const EMPTY = Buffer.alloc(0);
/** A tail starts this big, grows by doubling, and is let go after a flush when it grew past the max. */
const MIN_TAIL_BYTES = 64 << 10;
const MAX_KEPT_TAIL_BYTES = 4 << 20;

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
  /** Bytes in the file: the records from here to `size` are only in `tail`. */
  private written: number;
  private tail = EMPTY;

  private constructor(
    readonly gen: number,
    readonly path: string,
    readonly fd: number,
    /** Where the next append goes: the end of the last intact record, written or not. */
    public size: number,
  ) {
    this.written = size;
  }

  /** A new, empty segment to append to, its file made by `create` (which fails when it exists). */
  static create(dir: string, gen: number, create: (path: string) => number): Segment {
    const path = join(dir, segmentFile(gen));
    return new Segment(gen, path, create(path), 0);
  }

  /** An existing segment, opened for reading (and for truncating a torn tail). */
  static open(dir: string, gen: number): Segment {
    const path = join(dir, segmentFile(gen));
    const fd = openSync(path, "r+");
    return new Segment(gen, path, fd, fstatSync(fd).size);
  }

  /** Appends a copy of `bytes` to the tail (`flush` writes it); returns their offset. */
  append(bytes: Buffer): number {
    const offset = this.size;
    const pending = offset - this.written;
    if (this.tail.length < pending + bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(pending + bytes.length, 2 * this.tail.length, MIN_TAIL_BYTES));
      this.tail.copy(grown, 0, 0, pending);
      this.tail = grown;
    }
    bytes.copy(this.tail, pending);
    this.size = offset + bytes.length;
    return offset;
  }

  /** Writes the tail to the file. A failed write leaves the file as it was and the tail dropped. */
  flush(write: WriteFn): void {
    const pending = this.size - this.written;
    if (pending === 0) return;
    try {
      writeFully(write, this.fd, this.tail.subarray(0, pending), this.written);
    } catch (error) {
      this.truncate(this.written); // a half-written record must not sit before the next one
      throw error;
    } finally {
      if (this.tail.length > MAX_KEPT_TAIL_BYTES) this.tail = EMPTY; // one huge batch must not pin its buffer
    }
    this.written = this.size;
  }

  /** Exactly `length` bytes at `offset`, or a CorruptionError when the file ends first. */
  read(offset: number, length: number): Buffer {
    if (offset >= this.written) return Buffer.from(this.fromTail(offset, length));
    return this.readInto(Buffer.allocUnsafe(length), offset);
  }

  /** Like read, but valid only until the next call or append (for a read used at once). */
  peek(offset: number, length: number): Buffer {
    if (offset >= this.written) return this.fromTail(offset, length);
    if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, 2 * scratch.length));
    return this.readInto(scratch.subarray(0, length), offset);
  }

  /** A record still in the tail: one flush writes the whole tail, so a record is all in it or all in the file. */
  private fromTail(offset: number, length: number): Buffer {
    const start = offset - this.written;
    if (offset + length > this.size) throw new CorruptionError(this.path, offset, `segment ends ${offset + length - this.size} bytes into the record`);
    return this.tail.subarray(start, start + length);
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
    this.written = size;
  }

  close(): void {
    closeSync(this.fd);
  }
}
