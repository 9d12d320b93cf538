/**
 * The directory lock: one process per store, since two appending to one segment would interleave
 * their records. A file `LOCK` holds the owner's pid; a lock whose process no longer runs (it was
 * killed or crashed) is taken over, so a restart after `kill -9` needs no cleanup.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { processRunning } from "../../pid.js";

/** Takes the lock on `dir`; returns what releases it. */
export function lockDir(dir: string): () => void {
  const path = join(dir, "LOCK");
  try {
    writeFileSync(path, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const owner = Number(readFileSync(path, "utf8"));
    if (owner !== process.pid && processRunning(owner)) throw new Error(`kvs: ${dir} is in use by process ${owner} (if that is no kvs store, remove ${path})`);
    writeFileSync(path, String(process.pid));
  }
  return () => rmSync(path, { force: true });
}
