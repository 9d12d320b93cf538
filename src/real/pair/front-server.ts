import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { KvsClient } from "../client/index.js";
import { ProtocolError, type Address, type PairProcess, type PairStatus } from "../protocol/index.js";
import { killProcess, processRunning } from "../pid.js";
import { ProtocolServer, type ServedRequest } from "../server/index.js";
import type { Partner } from "./partner.js";
import type { ServerLimits } from "../server/limits.js";
import { errorMessage } from "../errors/index.js";

/** How long a stopping data server may take before it is killed. */
const DATA_STOP_LIMIT_MS = 10_000;

/**
 * The front server: where clients connect first. It answers `where` with the data server's
 * address (waiting while the data server is being relaunched), `status` with both servers, and
 * refuses data commands, which go to the data server. Stopping it stops the data server first
 * (its last writes flushed), then the front itself.
 */
export class FrontServer extends ProtocolServer {
  private address: Address | undefined;

  constructor(
    private readonly data: Partner,
    log: Logger,
    limits?: ServerLimits,
    shutdownToken?: string,
  ) {
    super(log, limits, shutdownToken);
  }

  override async listen(address: Address): Promise<Address> {
    this.address = await super.listen(address);
    return this.address;
  }

  /** This server and its data server, as `status` reports them. */
  status(): PairStatus {
    return { front: { pid: process.pid, address: this.address! }, data: this.data.current };
  }

  protected override async answer(request: ServedRequest) {
    switch (request.cmd) {
      case "where":
        return (await this.data.ready()).address;
      case "status":
        return this.status();
      default:
        throw new ProtocolError("Unsupported", `${request.cmd} goes to the data server; ask the front server where it is`, request.id);
    }
  }

  protected override release(): Promise<void> {
    return this.data.retire();
  }
}

/**
 * Asks the data server to shut down (it flushes and closes its backup), with the pair's shutdown
 * token if it has one, and waits for its process to end: how the front server retires its partner.
 */
export async function stopDataServer(data: PairProcess, log: Logger, shutdownToken?: string): Promise<void> {
  let client: KvsClient | undefined;
  try {
    client = await KvsClient.connect(data.address, { timeoutMs: DATA_STOP_LIMIT_MS });
    await client.shutdown(shutdownToken); // closes the connection once the server has stopped
  } catch (error) {
    void client?.close();
    log.warn({ err: errorMessage(error) }, "the data server did not stop when asked");
  }
  for (const deadline = performance.now() + DATA_STOP_LIMIT_MS; processRunning(data.pid); await sleep(20)) {
    if (performance.now() > deadline) {
      log.error({ pid: data.pid }, "the data server is still running; killing it");
      killProcess(data.pid);
    }
  }
}
