import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { destination, pino } from "pino";
import { announce, FrontServer, launch, Partner, stopDataServer } from "../real/pair/index.js";
import { formatAddress, parseAddress, type Address, type PairProcess } from "../real/protocol/index.js";
import { crashOnUncaught, FAILED_EXIT, usageFailure } from "./exit-codes.js";
import { packageVersion } from "./package-version.js";
import { serveUntilStopped } from "./serve-until-stopped.js";
import { limitArgs, limitFlags, serverLimits } from "./server-limits-flags.js";
import { shutdownToken, shutdownTokenFlag } from "./shutdown-token-flag.js";
import { SHUTDOWN_TOKEN_ENV } from "../real/server/index.js";
import { errorMessage } from "../real/errors/index.js";

crashOnUncaught("kvs-front");

/**
 * `kvs-front`: the front server of the front/data pair. Listens on loopback at --port, or the first
 * free port after it, says which on stdout, and starts the data server (kvs-data) on the backup in
 * --dir. Each watches the other and relaunches it. Its console takes `quit` (as do Ctrl-C,
 * SIGTERM and `kvs-client shutdown`), which stops the data server and then the front server.
 *
 * A front server relaunched by the data server runs with --adopt: it takes over the running data
 * server instead of starting one, and binds exactly the port its clients know.
 */
const version = packageVersion();
const HOST = "127.0.0.1";
/** How many ports after --port are tried when it is taken. */
const PORTS_TRIED = 100;
/** How long a relaunched front server waits for its port, should the old socket linger. */
const ADOPT_BIND_LIMIT_MS = 5_000;

const args = await shutdownTokenFlag(limitFlags(yargs(hideBin(process.argv)), hideBin(process.argv)), "what kvs-client shutdown must send to stop the pair")
  .scriptName("kvs-front")
  .strict()
  .version("version", "print the version", version)
  .alias("version", "V")
  .help()
  .option("port", { type: "number", default: 9999, describe: "the port to listen on (on 127.0.0.1), or the first free one after it; 0: any free port" })
  .option("dir", { type: "string", default: ".", describe: "the data server's directory: its backup and both servers' logs" })
  .option("adopt", { type: "string", hidden: true, describe: "IP:PORT of a running data server to take over (a relaunch)" })
  .option("adopt-pid", { type: "number", hidden: true, describe: "that data server's pid" })
  .check((parsed) => {
    if (!Number.isInteger(parsed.port) || parsed.port < 0 || parsed.port > 65535) return "--port must be an integer from 0 to 65535";
    if ((parsed.adopt === undefined) !== (parsed["adopt-pid"] === undefined)) return "--adopt and --adopt-pid go together";
    const adopted = parsed.adopt === undefined ? undefined : parseAddress(parsed.adopt);
    return typeof adopted === "string" ? adopted : true;
  })
  .fail(usageFailure("kvs-front"))
  .parseAsync();

const log = pino({ base: undefined }, destination({ fd: 2, sync: true }));
const dir = resolve(args.dir);
const adopted: PairProcess | undefined = args.adopt === undefined ? undefined : { pid: args["adopt-pid"]!, address: parseAddress(args.adopt) as Address };
const relaunched = adopted !== undefined;
// The pair's servers, and the front servers the data server relaunches, inherit the token through
// the environment, not on their command lines, where ps would show it.
const token = shutdownToken(args);
if (token !== undefined) process.env[SHUTDOWN_TOKEN_ENV] = token;

let front: Address;
const data = new Partner(
  {
    name: "data server",
    log,
    launch: () => launch("data", ["--dir", dir, "--front", formatAddress(front), "--front-pid", String(process.pid), ...limitArgs(args)], dir),
    retire: (running) => stopDataServer(running, log, token),
  },
  adopted,
);
const server = new FrontServer(data, log, serverLimits(args, log), token);

/** Listens on `port`, or (unless relaunched) the first free port after it. */
async function listen(port: number): Promise<Address> {
  for (let tried = 0, deadline = performance.now() + ADOPT_BIND_LIMIT_MS; ; tried++) {
    const candidate = relaunched || port === 0 ? port : port + tried;
    try {
      return await server.listen({ host: HOST, port: candidate });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      if (relaunched ? performance.now() > deadline : tried + 1 >= PORTS_TRIED || port === 0) throw error;
      if (relaunched) await sleep(50);
    }
  }
}

try {
  front = await listen(args.port);
  const where = formatAddress(front);
  process.stdout.write(`kvs-front ${version} listening on ${where}${front.port === args.port || args.port === 0 ? "" : ` (port ${args.port} was taken)`}\n`);
  log.info({ version, addr: where, dir, relaunched }, `kvs-front listening on ${where}`);
  const running = await data.start();
  process.stdout.write(`data server pid ${running.pid} at ${formatAddress(running.address)}; backup in ${dir}\n`);
  announce({ pid: process.pid, address: front });
} catch (error) {
  log.fatal({ err: errorMessage(error) }, "kvs-front cannot start");
  process.stderr.write(`kvs-front: ${errorMessage(error)}\n`);
  data.stop();
  process.exit(FAILED_EXIT);
}


// The operator's console. A relaunched front server has none (its stdin is empty): it is stopped
// by a signal or `kvs-client shutdown`.
if (!relaunched) {
  const operator = createInterface({ input: process.stdin });
  const commands: Record<string, () => void> = {
    quit: () => {
      log.info("quit at the console");
      void server.stop().catch(() => undefined); // reported through server.stopped
    },
    status: () => process.stdout.write(`${JSON.stringify(server.status())}\n`),
    help: () => process.stdout.write("commands: quit (stop both servers), status (both servers' pids and addresses), help\n"),
  };
  operator.on("line", (line) => {
    const command = line.trim();
    if (command === "") return;
    (commands[command] ?? (() => process.stdout.write(`unknown command ${JSON.stringify(command)}; try help\n`)))();
  });
  server.stopped.finally(() => operator.close()).catch(() => undefined);
}

await serveUntilStopped(server, log, "kvs-front");
process.stdout.write("kvs-front stopped\n");
