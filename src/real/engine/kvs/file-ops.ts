/**
 * The file operations whose number and timing matter to durability: a seam, so a test can count
 * fsyncs (group commit) and segment writes (one per turn of the microtasks), make a write fail,
 * or hold a compaction at the moment it publishes its output.
 */
import { fsync as fsyncCallback, promises as fs, writeSync } from "node:fs";

/** A synchronous pwrite: writes up to `length` bytes of `bytes` from `offset` at `position`; returns how many. */
export type WriteFn = (fd: number, bytes: Buffer, offset: number, length: number, position: number) => number;

export interface FileOps {
  /** Flushes a file (or a directory, to make new and removed names durable) to the disk. */
  fsync(fd: number): Promise<void>;
  /** Renames atomically: how compaction and hint files become visible all at once. */
  rename(from: string, to: string): Promise<void>;
  /** Writes a segment's buffered records (default: fs.writeSync). */
  write?: WriteFn;
}

export const realFileOps: FileOps = {
  fsync: (fd) => new Promise((resolve, reject) => fsyncCallback(fd, (error) => (error ? reject(error) : resolve()))),
  rename: (from, to) => fs.rename(from, to),
  write: writeSync,
};

/**
 * Replaces the file at `path` with `bytes` through `${path}.tmp` and a rename, so a crash leaves the
 * old file or the new one; a write or rename that fails (a full disk) leaves no temporary file.
 */
export async function replaceFile(path: string, bytes: Buffer, ops: FileOps): Promise<void> {
  try {
    await fs.writeFile(`${path}.tmp`, bytes);
    await ops.rename(`${path}.tmp`, path);
  } catch (error) {
    await fs.rm(`${path}.tmp`, { force: true });
    throw error;
  }
}
