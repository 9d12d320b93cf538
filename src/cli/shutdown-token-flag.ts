import type { Argv } from "yargs";
import { SHUTDOWN_TOKEN_ENV } from "../real/server/index.js";

export interface ShutdownTokenFlag {
  "shutdown-token": string | undefined;
}

/**
 * Adds `--shutdown-token`: the token a `shutdown` must carry (a server) or carries (kvs-client).
 * Without the flag, the KVS_SHUTDOWN_TOKEN environment variable, which other users cannot read as
 * they can read a command line (`ps`). An empty token is refused: it would guard nothing.
 */
export function shutdownTokenFlag<T>(parser: Argv<T>, describe: string): Argv<T & ShutdownTokenFlag> {
  return parser
    .option("shutdown-token", { type: "string", describe: `${describe} (default: $${SHUTDOWN_TOKEN_ENV}; the flag shows in ps, the variable does not)` })
    .check((parsed) => (shutdownToken(parsed as ShutdownTokenFlag) === "" ? `the shutdown token (--shutdown-token or $${SHUTDOWN_TOKEN_ENV}) must not be empty` : true)) as unknown as Argv<T & ShutdownTokenFlag>;
}

/** The token the flag or, without it, the environment gives; undefined when neither does. */
export function shutdownToken(flags: ShutdownTokenFlag, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flags["shutdown-token"] ?? env[SHUTDOWN_TOKEN_ENV];
}
