// What the engine tests share: the directory size the compaction test watches, a log that keeps its lines.
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

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

/** An EngineLog that keeps each line as "LEVEL message". */
export function recordingLog(): { lines: string[]; warn(fields: object, message: string): void; error(fields: object, message: string): void } {
  const lines: string[] = [];
  return { lines, warn: (_fields, message) => void lines.push(`warn ${message}`), error: (_fields, message) => void lines.push(`error ${message}`) };
}
