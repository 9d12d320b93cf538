/**
 * The directory lock: one process per store, since two appending to one segment would interleave
 * their records. A file `LOCK` holds the owner's pid; a lock whose process no longer runs (it was
 * killed or crashed) is taken over, so a restart after `kill -9` needs no cleanup.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Takes the lock on `dir`; returns what releases it. */
export function lockDir(dir: string): () => void {
  const path = join(dir, "LOCK");
  try {
    writeFileSync(path, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const owner = Number(readFileSync(path, "utf8"));
    if (owner !== process.pid && running(owner)) throw new Error(`kvs: ${dir} is in use by process ${owner} (if that is no kvs store, remove ${path})`);
    writeFileSync(path, String(process.pid));
  }
  return () => rmSync(path, { force: true });
}

function running(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it exists, under another user
  }
}
