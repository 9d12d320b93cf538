import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { destination, pino } from "pino";
import { engineNames, openDataDir } from "../real/engine/index.js";
import { DEFAULT_ADDRESS, formatAddress, parseAddress, type Address } from "../real/protocol/index.js";
import { KvsServer } from "../real/server/index.js";
import { crashOnUncaught, FAILED_EXIT, usageFailure } from "./exit-codes.js";
import { packageVersion } from "./package-version.js";
import { serveUntilStopped } from "./serve-until-stopped.js";
import { limitFlags, serverLimits } from "./server-limits-flags.js";
import { shutdownToken, shutdownTokenFlag } from "./shutdown-token-flag.js";
import { errorMessage } from "../real/errors/index.js";

crashOnUncaught("kvs-server");

/**
 * `kvs-server`: serves one data directory over TCP until `kvs-client shutdown`, SIGINT or SIGTERM,
 * each of which stops it cleanly (replies sent, engine flushed and closed). Logs are JSON lines
 * on stderr, written synchronously so that even a SIGKILL right after start leaves the start line.
 */
const version = packageVersion();

// `sled` names the third-party engine too, so scripts written for the original CLI keep working.
const engineChoices = [...engineNames, "sled"];

const args = await shutdownTokenFlag(limitFlags(yargs(hideBin(process.argv)), hideBin(process.argv)), "what kvs-client shutdown must send to stop the server")
  .scriptName("kvs-server")
  .strict()
  .version("version", "print the version", version)
  .alias("version", "V")
  .help()
  .option("addr", { type: "string", default: DEFAULT_ADDRESS, describe: "IP:PORT to listen on (IPv6 as [::1]:4000; port 0: any free port, logged)" })
  .option("engine", { choices: engineChoices, describe: "kvs (log-structured, built in) or level (LevelDB; sled is an alias); default: the data directory's engine, else kvs" })
  .option("dir", { type: "string", default: ".", describe: "the data directory" })
  .option("sync", { choices: ["always", "batch", "none"] as const, default: "batch" as const, describe: "when writes reach the disk: fsync each, fsync per group of writes, or leave it to the OS" })
  .check((parsed) => {
    const address = parseAddress(parsed.addr);
    return typeof address === "string" ? address : true;
  })
  .fail(usageFailure("kvs-server"))
  .parseAsync();

const log = pino({ base: undefined }, destination({ fd: 2, sync: true }));

/** Opens the data directory's engine and listens; a failure is logged and exits 1. */
async function start(): Promise<KvsServer> {
  try {
    const engine = await openDataDir(args.dir, { engine: args.engine === "sled" ? "level" : args.engine, sync: args.sync, log });
    const server = new KvsServer(engine, log, serverLimits(args, log), shutdownToken(args));
    const bound = await server.listen(parseAddress(args.addr) as Address).catch(async (error: unknown) => {
      await engine.close();
      throw error;
    });
    const addr = formatAddress(bound);
    log.info({ version, engine: engine.name, addr, dir: args.dir, sync: args.sync }, `kvs-server ${version} listening on ${addr} (engine ${engine.name})`);
    return server;
  } catch (error) {
    log.fatal({ err: errorMessage(error) }, "kvs-server cannot start");
    // The log is for machines; a person starting the server by hand gets one plain line too.
    process.stderr.write(`kvs-server: ${errorMessage(error)}\n`);
    process.exit(FAILED_EXIT);
  }
}

const server = await start();
await serveUntilStopped(server, log, "kvs-server");
