// Temporary directories for engine tests, and the directory size the compaction test watches.
import { mkdtempSync, rmSync } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "kvlab-engine-"));
  made.push(dir);
  return dir;
}

/**
 * The size of `dir`: every entry's length, directories' own included. Asynchronous on purpose:
 * awaiting real I/O gives a background compaction its turns, as a server's socket reads do.
 */
export async function dirSize(dir: string): Promise<number> {
  let size = (await lstat(dir)).size;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    size += entry.isDirectory() ? await dirSize(path) : ((await lstat(path).catch(() => undefined))?.size ?? 0); // gone: compaction deleted it
  }
  return size;
}
