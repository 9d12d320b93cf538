/**
 * The file operations whose number and timing matter to durability: a seam, so a test can count
 * fsyncs (group commit) or hold a compaction at the moment it publishes its output.
 */
import { fsync as fsyncCallback, promises as fs } from "node:fs";

export interface FileOps {
  /** Flushes a file (or a directory, to make new and removed names durable) to the disk. */
  fsync(fd: number): Promise<void>;
  /** Renames atomically: how compaction and hint files become visible all at once. */
  rename(from: string, to: string): Promise<void>;
}

export const realFileOps: FileOps = {
  fsync: (fd) => new Promise((resolve, reject) => fsyncCallback(fd, (error) => (error ? reject(error) : resolve()))),
  rename: (from, to) => fs.rename(from, to),
};
