import { readFileSync } from "node:fs";
import type { Logger } from "pino";
import type { Argv } from "yargs";
import { DEFAULT_LIMITS, MAX_TIMEOUT_MS, type ServerLimits } from "../real/server/index.js";
import { flagChecks } from "./flag-checks.js";

/** The flags of what a server holds for its peers, as every server CLI (kvs-server, kvs-front, kvs-data) takes them. */
export interface LimitFlags {
  "max-connections": number;
  "max-unfinished-mib": number;
  "frame-timeout-ms": number;
  "write-timeout-ms": number;
}

const MIB = 1 << 20;

/** Adds the limit flags to a server's command line, each checked: a positive integer. */
export function limitFlags<T>(parser: Argv<T>, args: readonly string[]): Argv<T & LimitFlags> {
  return parser
    .option("max-connections", { type: "number", default: DEFAULT_LIMITS.maxConnections, describe: "connections open at once; one more is closed at once, and logged" })
    .option("max-unfinished-mib", { type: "number", default: DEFAULT_LIMITS.maxUnfinishedBytes / MIB, describe: "MiB of unfinished frames held across all connections; a connection that would pass it is closed" })
    .option("frame-timeout-ms", { type: "number", default: DEFAULT_LIMITS.frameTimeoutMs, describe: "how long a frame may take from its first byte to its last before its connection is closed" })
    .option("write-timeout-ms", { type: "number", default: DEFAULT_LIMITS.writeTimeoutMs, describe: "how long a connection's unsent replies may go without draining (its client not reading) before it is closed" })
    .group(["max-connections", "max-unfinished-mib", "frame-timeout-ms", "write-timeout-ms"], "What peers may hold:")
    .check(flagChecks(args))
    .check((parsed) => {
      for (const name of ["max-connections", "max-unfinished-mib", "frame-timeout-ms", "write-timeout-ms"] as const) {
        const value = parsed[name];
        if (!Number.isSafeInteger(value) || value < 1) return `--${name} must be a positive integer, got ${String(value)}`;
      }
      // A timer's delay past MAX_TIMEOUT_MS would be taken as 1 ms.
      for (const name of ["frame-timeout-ms", "write-timeout-ms"] as const) {
        if (parsed[name] > MAX_TIMEOUT_MS) return `--${name} must be at most ${MAX_TIMEOUT_MS}, got ${parsed[name]}`;
      }
      return true;
    }) as unknown as Argv<T & LimitFlags>;
}

/**
 * File descriptors a server keeps for itself beyond its connections: Node's own, the engine's
 * segment files or LevelDB's tables, a log, the pair's probe.
 */
export const RESERVED_FDS = 128;

/**
 * The limits the flags say, with `--max-connections` lowered (and a warning logged) when the
 * process's file-descriptor limit would not leave RESERVED_FDS beside that many connections: past
 * it, accept fails with EMFILE, which the runtime answers by closing the connection unlogged.
 */
export function serverLimits(flags: LimitFlags, log: Logger, fds = openFilesLimit()): ServerLimits {
  let maxConnections = flags["max-connections"];
  if (fds !== undefined && maxConnections > fds - RESERVED_FDS) {
    maxConnections = Math.max(1, fds - RESERVED_FDS);
    log.warn({ asked: flags["max-connections"], fds, maxConnections }, `--max-connections lowered to ${maxConnections}: the limit of ${fds} open files leaves no more beside the ${RESERVED_FDS} the server keeps (raise it with ulimit -n)`);
  }
  return { maxConnections, maxUnfinishedBytes: flags["max-unfinished-mib"] * MIB, frameTimeoutMs: flags["frame-timeout-ms"], writeTimeoutMs: flags["write-timeout-ms"] };
}

/** The process's soft limit on open files, from /proc (Linux); undefined where it cannot be read or is unlimited. */
export function openFilesLimit(limits = "/proc/self/limits"): number | undefined {
  try {
    const soft = /^Max open files\s+(\d+)/m.exec(readFileSync(limits, "utf8"))?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}

/** The same flags as arguments, for a server that launches its partner with its own limits. */
export function limitArgs(flags: LimitFlags): string[] {
  return ["--max-connections", String(flags["max-connections"]), "--max-unfinished-mib", String(flags["max-unfinished-mib"]), "--frame-timeout-ms", String(flags["frame-timeout-ms"]), "--write-timeout-ms", String(flags["write-timeout-ms"])];
}
