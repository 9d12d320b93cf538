import type { Logger } from "pino";
import { isImmediate, type ImmediateEngine, type KvEngine } from "../engine/engine.js";
import { ProtocolError, type Request, type Response } from "../protocol/index.js";
import type { Immediate } from "./connection.js";
import { execute } from "./execute.js";
import { ProtocolServer, type ServedRequest } from "./protocol-server.js";
import type { ServerLimits } from "./limits.js";

/**
 * The key a `where` reads: answering it proves that the engine serves reads, not only that the
 * process runs. It is the pair's liveness probe, so a data server whose engine cannot read (closed,
 * failed) answers it with an error and is replaced. Any key does; this one need not exist.
 */
const WHERE_READS = "where";

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
    limits?: ServerLimits,
    shutdownToken?: string,
  ) {
    super(log, limits, shutdownToken);
  }

  protected override answer(request: ServedRequest) {
    if (request.cmd === "where") return this.engine.get(WHERE_READS).then(() => null); // data is served here, if the engine reads
    if (request.cmd === "status") throw new ProtocolError("Unsupported", "status is the front server's command; this server serves data", request.id);
    return execute(this.engine, request);
  }

  protected override release(): Promise<void> {
    return this.engine.close();
  }

  // Gets and sets, the bulk of any load, are answered at once when the engine applies them at once.
  protected override immediate(): Immediate | undefined {
    const engine = this.engine;
    if (!isImmediate(engine)) return undefined;
    return { answer: (request) => this.answerNow(engine, request), durable: () => engine.durable() };
  }

  private answerNow(engine: ImmediateEngine, request: Request): Response | undefined {
    if (request.cmd !== "get" && request.cmd !== "set") return undefined;
    try {
      if (request.cmd === "get") return { id: request.id, ok: engine.getNow(request.key) ?? null };
      return { id: request.id, ok: { version: engine.setNow(request.key, request.value) } };
    } catch (error) {
      // Answered here, not by the usual way: a set that failed part way must not be applied again.
      return this.failed(request, error);
    }
  }
}
