import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PairProcess } from "../protocol/index.js";

export type PairRole = "front" | "data";

/** How long a launched server may take to say where it listens before it is killed as stuck. */
const START_LIMIT_MS = 30_000;

/** Each server's log when another server launched it: it has no terminal of its own. */
function logFile(dir: string, role: PairRole): string {
  return join(dir, `${role}.log`);
}

/**
 * Starts kvs-front or kvs-data with `args` and resolves once it says where it listens. The process
 * is detached: in a process group of its own, so a Ctrl-C meant for the front server does not
 * reach the data server (the front stops it, in order), and it outlives whoever launched it,
 * which is the point of a relaunch. Its output goes to its log file in `dir`.
 */
export function launch(role: PairRole, args: readonly string[], dir: string): Promise<PairProcess> {
  mkdirSync(dir, { recursive: true });
  const log = openSync(logFile(dir, role), "a");
  const child = spawn(process.execPath, [...cliCommand(role), ...args], { detached: true, stdio: ["ignore", log, log, "ipc"] });
  closeSync(log); // the child has its own copy
  return new Promise((resolve, reject) => {
    const stuck = setTimeout(() => child.kill("SIGKILL"), START_LIMIT_MS).unref();
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`kvs-${role} exited (${code ?? signal}) before it listened; see ${logFile(dir, role)}`)));
    child.once("message", (listening) => {
      clearTimeout(stuck);
      child.disconnect();
      child.unref();
      resolve(listening as PairProcess);
    });
  });
}

/** Said once by a launched server when it listens, to whoever launched it (nothing if nobody did). */
export function announce(listening: PairProcess): void {
  process.send?.(listening, () => process.disconnect());
}

/**
 * The command that runs a pair server: the CLI module beside this one's, as source through tsx when
 * this runs from source (the tests), built otherwise.
 */
function cliCommand(role: PairRole): string[] {
  const fromSource = import.meta.url.endsWith(".ts");
  const file = fileURLToPath(new URL(`../../cli/kvs-${role}.${fromSource ? "ts" : "js"}`, import.meta.url));
  return fromSource ? ["--import", import.meta.resolve("tsx"), file] : [file];
}
