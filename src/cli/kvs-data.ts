import { resolve } from "node:path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { destination, pino } from "pino";
import { openDataDir } from "../real/engine/index.js";
import { announce, launch, Partner } from "../real/pair/index.js";
import { formatAddress, parseAddress, type Address } from "../real/protocol/index.js";
import { KvsServer } from "../real/server/index.js";
import { crashOnUncaught, FAILED_EXIT, usageFailure } from "./exit-codes.js";
import { packageVersion } from "./package-version.js";
import { serveUntilStopped } from "./serve-until-stopped.js";
import { limitArgs, limitFlags, serverLimits } from "./server-limits-flags.js";
import { shutdownToken, shutdownTokenFlag } from "./shutdown-token-flag.js";
import { errorMessage } from "../real/errors/index.js";

crashOnUncaught("kvs-data");

/**
 * `kvs-data`: the data server of the front/data pair, started by kvs-front (not by hand). It serves
 * the protocol's data commands on a free loopback port from the kvs engine in --dir, the backup:
 * every write is in the backup's log, fsynced, before it is acknowledged (sync `batch`), and a
 * start loads it. It watches the front server and relaunches it, on the port clients know.
 */
const version = packageVersion();

const args = await shutdownTokenFlag(limitFlags(yargs(hideBin(process.argv)), hideBin(process.argv)), "what a shutdown must send (the front server's, inherited)")
  .scriptName("kvs-data")
  .strict()
  .version("version", "print the version", version)
  .help()
  .option("dir", { type: "string", demandOption: true, describe: "the backup's directory" })
  .option("front", { type: "string", demandOption: true, describe: "IP:PORT of the front server to watch" })
  .option("front-pid", { type: "number", demandOption: true, describe: "the front server's pid" })
  .check((parsed) => {
    const front = parseAddress(parsed.front);
    return typeof front === "string" ? front : true;
  })
  .fail(usageFailure("kvs-data"))
  .parseAsync();

const log = pino({ base: undefined }, destination({ fd: 2, sync: true }));
const dir = resolve(args.dir);

let server: KvsServer;
let self: Address;
try {
  const engine = await openDataDir(dir, { sync: "batch", log });
  server = new KvsServer(engine, log, serverLimits(args, log), shutdownToken(args));
  self = await server.listen({ host: "127.0.0.1", port: 0 }).catch(async (error: unknown) => {
    await engine.close();
    throw error;
  });
} catch (error) {
  log.fatal({ err: errorMessage(error) }, "kvs-data cannot start");
  process.exit(FAILED_EXIT);
}

const frontAddress = parseAddress(args.front) as Address;
const front = new Partner(
  {
    name: "front server",
    log,
    launch: () => launch("front", ["--port", String(frontAddress.port), "--dir", dir, "--adopt", formatAddress(self), "--adopt-pid", String(process.pid), ...limitArgs(args)], dir),
  },
  { pid: args["front-pid"], address: frontAddress },
);
void front.start();
log.info({ version, addr: formatAddress(self), dir, front: args.front }, `kvs-data listening on ${formatAddress(self)}`);
announce({ pid: process.pid, address: self });

await serveUntilStopped(server, log, "kvs-data");
front.stop();
