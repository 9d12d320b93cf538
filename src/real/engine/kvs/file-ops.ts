/**
 * The file operations that write: a seam, so a test can count fsyncs (group commit) and segment
 * writes (one per turn of the microtasks), hold a compaction at the moment it publishes its
 * output, or make the disk full: every way the store writes, creates or syncs a file while it is
 * open goes through one of these.
 */
import { fsync as fsyncCallback, openSync, promises as fs, writeSync } from "node:fs";

/** A synchronous pwrite: writes up to `length` bytes of `bytes` from `offset` at `position`; returns how many. */
export type WriteFn = (fd: number, bytes: Buffer, offset: number, length: number, position: number) => number;

export interface FileOps {
  /** Flushes a file (or a directory, to make new and removed names durable) to the disk. */
  fsync(fd: number): Promise<void>;
  /** Renames atomically: how compaction and hint files become visible all at once. */
  rename(from: string, to: string): Promise<void>;
  /** Writes a segment's buffered records and a compaction's output (default: fs.writeSync). */
  write?: WriteFn;
  /** Creates a file that must not exist yet, open to read and write (a segment, a compaction output); returns its fd. */
  create?: (path: string) => number;
  /** Writes a small file whole (a hint or a checkpoint, before its rename). */
  writeFile?: (path: string, bytes: Buffer) => Promise<void>;
}

export const realFileOps: Required<FileOps> = {
  fsync: (fd) => new Promise((resolve, reject) => fsyncCallback(fd, (error) => (error ? reject(error) : resolve()))),
  rename: (from, to) => fs.rename(from, to),
  write: writeSync,
  create: (path) => openSync(path, "wx+"),
  writeFile: (path, bytes) => fs.writeFile(path, bytes),
};

/** `ops` with the real operation wherever it names none. */
export function withDefaults(ops: Partial<FileOps>): Required<FileOps> {
  return { ...realFileOps, ...ops };
}

/** Writes all of `bytes` at `position`, however many calls `write` takes. */
export function writeFully(write: WriteFn, fd: number, bytes: Buffer, position: number): void {
  for (let done = 0; done < bytes.length; ) done += write(fd, bytes, done, bytes.length - done, position + done);
}

/**
 * Replaces the file at `path` with `bytes` through `${path}.tmp` and a rename, so a crash leaves the
 * old file or the new one; a write or rename that fails (a full disk) leaves no temporary file.
 */
export async function replaceFile(path: string, bytes: Buffer, ops: FileOps): Promise<void> {
  try {
    await withDefaults(ops).writeFile(`${path}.tmp`, bytes);
    await ops.rename(`${path}.tmp`, path);
  } catch (error) {
    await fs.rm(`${path}.tmp`, { force: true });
    throw error;
  }
}
