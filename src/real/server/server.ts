import type { Logger } from "pino";
import type { KvEngine } from "../engine/engine.js";
import { ProtocolError } from "../protocol/index.js";
import { execute } from "./execute.js";
import { ProtocolServer, type ServedRequest } from "./protocol-server.js";

/**
 * The kvs server: serves the protocol's data commands over TCP on one engine, and stops by
 * answering every request in flight and then closing the engine.
 *
 * @example
 * const server = new KvsServer(await openEngine("kvs", { dir, sync: "batch" }), logger);
 * const address = await server.listen({ host: "127.0.0.1", port: 0 });
 * await server.stopped; // until a client sends shutdown, or someone calls server.stop()
 */
export class KvsServer extends ProtocolServer {
  constructor(
    private readonly engine: KvEngine,
    log: Logger,
  ) {
    super(log);
  }

  protected override answer(request: ServedRequest) {
    if (request.cmd === "where") return Promise.resolve(null); // data is served here
    if (request.cmd === "status") throw new ProtocolError("Unsupported", "status is the front server's command; this server serves data", request.id);
    return execute(this.engine, request);
  }

  protected override release(): Promise<void> {
    return this.engine.close();
  }
}
