/**
 * The directory lock: one process per store, since two appending to one segment would interleave
 * their records, and one's recovery would delete the other's new active segment. A file `LOCK`
 * holds the owner's pid and a token of this opening; a lock whose process no longer runs (it was
 * killed or crashed) is taken over, so a restart after `kill -9` needs no cleanup.
 *
 * Every step that can give the lock is atomic, so of any number of processes that open a store
 * at once exactly one gets it:
 * - an opener writes its pid and token to a file of its own, then links it to `LOCK`: link(2)
 *   fails when the name exists, so only one opener creates the lock;
 * - a stale lock is replaced by a rename over it, but only by the opener that first holds the
 *   claim on that very lock: `LOCK.<its token>`, taken the same way (a link), and that still finds
 *   the same token in `LOCK` once it holds it. Reading the pid and then writing the file, as a
 *   takeover once did, let two openers both take the same stale lock.
 * A claim whose holder died is itself stale, and is taken over by the same rule one level down.
 *
 * A lock naming this very process is live when this process holds it now (its token is among the
 * openings not yet released): a second opening of the store in one process is refused like one in
 * another process, since its recovery would delete the first one's active segment. Any other lock
 * with this pid is stale: left by an earlier process whose pid this one reuses.
 */
import { linkSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { randomUUID } from "node:crypto";
import { processRunning } from "../../pid.js";

interface Holder {
  pid: number;
  /** The opening's token; a lock file of the earlier format held a pid alone. */
  token: string;
}

/**
 * The locks this process holds now (taken, not yet released): each one's token, and the real path
 * of its directory, since a copy of a store's files (as a test takes of a live store) has the
 * same token in its LOCK, which is no opening of that copy.
 */
const heldHere = new Map<string, string>();

/** Takes the lock on `dir`; returns what releases it. Throws, in one line, when a running process holds it. */
export function lockDir(dir: string): () => void {
  const path = join(dir, "LOCK");
  const token = randomUUID();
  const mine = join(dir, `LOCK.${token}.new`);
  writeFileSync(mine, `${process.pid}\n${token}\n`, { flag: "wx" });
  let holder: Holder | undefined;
  try {
    holder = acquire(path, mine, token);
  } finally {
    rmSync(mine, { force: true });
  }
  if (holder !== undefined) {
    if (holder.pid === process.pid) throw new Error(`kvs: ${dir} is already open in this process (close it before opening it again)`);
    throw new Error(`kvs: ${dir} is in use by process ${holder.pid} (if that is no kvs store, remove ${path})`);
  }
  heldHere.set(token, realpathSync(dir));
  return () => {
    heldHere.delete(token);
    if (read(path)?.token === token) rmSync(path, { force: true });
  };
}

/** Makes `path` a name of the file `mine` (holding `token`); returns undefined once it is, or the live holder that has it. */
function acquire(path: string, mine: string, token: string): Holder | undefined {
  const here = realpathSync(dirname(path));
  for (;;) {
    try {
      linkSync(mine, path);
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const held = read(path);
    if (held === undefined) continue; // released just now: try again
    if (held.token === token) return undefined;
    if (held.pid === process.pid ? heldHere.get(held.token) === here : processRunning(held.pid)) return held;
    const claim = `${path}.${held.token}`;
    const rival = acquire(claim, mine, token);
    if (rival !== undefined) return rival; // another opener is taking this stale lock over
    try {
      if (read(path)?.token !== held.token) continue; // taken over before our claim: look again
      const swap = `${mine}.swap`;
      linkSync(mine, swap);
      renameSync(swap, path); // replaces the stale lock in one step: the name never goes missing
      return undefined;
    } finally {
      rmSync(claim, { force: true });
    }
  }
}

/** The holder named in the lock file at `path`, or undefined when there is none. */
function read(path: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const [pid = "", token] = text.split("\n");
  return { pid: Number(pid), token: token || `pid-${pid.trim() || "none"}` };
}
