import { readFileSync } from "node:fs";

/**
 * Whether process `pid` is running. A zombie (exited, not yet reaped by its parent, which in a
 * container may be an init that never reaps) does not count, so a watcher sees a killed process as
 * gone at once, on Linux through /proc; elsewhere, through signal 0 alone.
 */
export function processRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false; // EPERM: it exists, under another user
  }
  return !zombie(pid);
}

function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (command) state …": the command may hold spaces and parentheses, so the state is read
    // after the last ")".
    return stat[stat.lastIndexOf(")") + 2] === "Z";
  } catch {
    return false; // no /proc (not Linux), or it exited just now: signal 0 has the answer
  }
}

/** Kills process `pid` with SIGKILL; one that is gone already is no error. */
export function killProcess(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone already
  }
}
