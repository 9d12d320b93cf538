import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { ClientError, DEFAULT_TIMEOUT_MS, KvsClient } from "../real/client/index.js";
import { DEFAULT_ADDRESS, parseAddress, type Address } from "../real/protocol/index.js";
import { crashOnUncaught, FAILED_EXIT, usageFailure } from "./exit-codes.js";
import { packageVersion } from "./package-version.js";
import { shutdownToken, shutdownTokenFlag } from "./shutdown-token-flag.js";
import { flagChecks } from "./flag-checks.js";
import { MAX_TIMEOUT_MS } from "../real/server/index.js";

crashOnUncaught("kvs-client");

/**
 * `kvs-client`: one request to a kvs-server per invocation. A missing key is a normal answer for
 * `get` (prints "Key not found", exit 0) and an error for `rm` (stderr, exit 1); any other failure
 * is one line on stderr and exit 1; bad usage exits 3.
 */
interface Common {
  addr: string;
  timeout: number;
}

function common<T>(yargs: Argv<T>): Argv<T & Common> {
  return yargs
    .option("addr", { type: "string", default: DEFAULT_ADDRESS, describe: "the server's IP:PORT (IPv6 as [::1]:4000)" })
    .option("timeout", { type: "number", default: DEFAULT_TIMEOUT_MS, describe: "milliseconds to wait for the connection and the reply" })
    .check(flagChecks(hideBin(process.argv)))
    .check((args) => {
      const address = parseAddress(args.addr);
      if (typeof address === "string") return address;
      // A timer's delay past MAX_TIMEOUT_MS would be taken as 1 ms.
      if (!Number.isSafeInteger(args.timeout) || args.timeout < 1 || args.timeout > MAX_TIMEOUT_MS) return `--timeout must be a whole number of ms from 1 to ${MAX_TIMEOUT_MS}, got ${args.timeout}`;
      return true;
    });
}

/** Connects, runs `action`, and turns a failure into one line on stderr and exit status 1. */
async function withClient(args: Common, action: (client: KvsClient) => Promise<void>): Promise<void> {
  try {
    const client = await KvsClient.connect(parseAddress(args.addr) as Address, { timeoutMs: args.timeout });
    try {
      await action(client);
    } finally {
      await client.close();
    }
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    process.stderr.write(`${error.code === "KeyNotFound" ? error.message : `kvs-client: ${error.message}`}\n`);
    process.exitCode = FAILED_EXIT;
  }
}

await yargs(hideBin(process.argv))
  .scriptName("kvs-client")
  .strict()
  .demandCommand(1, "Name a command: see kvs-client --help")
  // -V only, by hand: `put` has its own --version, which yargs' version flag would claim.
  .version(false)
  .option("V", { type: "boolean", describe: "print the version" })
  .middleware((args) => {
    if (args.V !== true) return;
    process.stdout.write(`${packageVersion()}\n`);
    process.exit(0);
  }, true)
  .help()
  .command(
    "get <key>",
    "print the key's value, or Key not found",
    (y) => common(y).positional("key", { type: "string", demandOption: true }).option("show-version", { type: "boolean", default: false, describe: "print the value's version after it" }),
    (args) =>
      withClient(args, async (client) => {
        const found = await client.get(args.key);
        const text = found === null ? "Key not found" : args["show-version"] ? `${found.value}\nversion ${found.version}` : found.value;
        process.stdout.write(`${text}\n`);
      }),
  )
  .command(
    "set <key> <value>",
    "set the key to the value, whatever its version",
    (y) => common(y).positional("key", { type: "string", demandOption: true }).positional("value", { type: "string", demandOption: true }),
    (args) => withClient(args, async (client) => void (await client.set(args.key, args.value))),
  )
  .command(
    "put <key> <value>",
    "the lab's versioned put: prints OK, or ErrVersion / ErrNoKey and exits 1",
    (y) =>
      common(y)
        .positional("key", { type: "string", demandOption: true })
        .positional("value", { type: "string", demandOption: true })
        .option("version", { type: "number", demandOption: true, describe: "the version the key must be at (0: create it)" })
        .check((args) => (Number.isSafeInteger(args.version) && args.version >= 0 ? true : `--version must be a whole number ≥ 0, got ${args.version}`)),
    (args) =>
      withClient(args, async (client) => {
        const outcome = await client.put(args.key, args.value, args.version);
        if (outcome === "OK") process.stdout.write("OK\n");
        else {
          process.stderr.write(`${outcome}\n`);
          process.exitCode = FAILED_EXIT;
        }
      }),
  )
  .command(
    "rm <key>",
    "remove the key (Key not found is an error)",
    (y) => common(y).positional("key", { type: "string", demandOption: true }),
    (args) => withClient(args, (client) => client.rm(args.key)),
  )
  .command(
    "shutdown",
    "stop the server; returns once it has stopped",
    (y) => shutdownTokenFlag(common(y), "the server's shutdown token, when it requires one"),
    (args) => withClient(args, (client) => client.shutdown(shutdownToken(args))),
  )
  .fail(usageFailure("kvs-client"))
  .parseAsync();
