import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import type { Logger } from "pino";
import { formatAddress, internalError, ProtocolError, type Address, type Request, type Response, type Results } from "../protocol/index.js";
import { Connection, type Immediate } from "./connection.js";
import { DEFAULT_LIMITS, UnfinishedFrames, type ServerLimits } from "./limits.js";
import { errorMessage } from "../errors/index.js";
import { ShutdownGuard } from "./exposure.js";

/** A request a server answers itself: everything but `shutdown`, which every server handles alike. */
export type ServedRequest = Exclude<Request, { cmd: "shutdown" }>;

/**
 * A server of the protocol over TCP: listening, connections (each may pipeline; one that sends
 * garbage is answered and closed, and nobody else notices) and graceful shutdown. What it serves
 * is a subclass's: kvs-server's data commands, the front server's redirects.
 */
export abstract class ProtocolServer {
  private readonly listener: Server;
  private readonly connections = new Set<Connection>();
  private stopping: Promise<void> | undefined;
  private settleStopped!: (error?: unknown) => void;
  /**
   * Resolves once the server has stopped: not listening, every request answered, its resources
   * released; rejects if releasing them failed (an engine's last writes may not be on disk).
   */
  readonly stopped = new Promise<void>((resolve, reject) => (this.settleStopped = (error) => (error === undefined ? resolve() : reject(error))));

  private readonly unfinished: UnfinishedFrames;
  private readonly shutdownGuard: ShutdownGuard;

  /** `shutdownToken`: what a `shutdown` must carry to stop the server (see ShutdownGuard for the default). */
  constructor(
    protected readonly log: Logger,
    private readonly limits: ServerLimits = DEFAULT_LIMITS,
    shutdownToken?: string,
  ) {
    this.shutdownGuard = new ShutdownGuard(shutdownToken, log);
    this.unfinished = new UnfinishedFrames(limits.maxUnfinishedBytes);
    this.listener = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    // Node closes a connection past the cap as soon as it is accepted, before any of its bytes are read.
    this.listener.maxConnections = limits.maxConnections;
    this.listener.on("drop", (dropped) => this.log.warn({ remote: dropped?.remoteAddress, max: limits.maxConnections }, "connection refused: too many open (--max-connections)"));
    // An accept that fails (EMFILE: no file descriptor left) is the server's trouble, not a peer's:
    // logged, and the server goes on serving the connections it has. Errors while listening are
    // left to listen()'s own handler.
    this.listener.on("error", (error: NodeJS.ErrnoException) => {
      if (this.listener.listening) this.log.error({ err: error.message, code: error.code }, "a connection could not be accepted");
    });
  }

  /**
   * Starts listening; resolves to the bound address (the real port when asked for port 0). A server
   * bound beyond loopback says so in its log, once, with what that exposes.
   */
  listen(address: Address): Promise<Address> {
    return new Promise((resolve, reject) => {
      this.listener.once("error", reject);
      this.listener.listen(address.port, address.host, () => {
        this.listener.off("error", reject);
        const info = this.listener.address() as AddressInfo;
        const bound = { host: info.address, port: info.port };
        this.shutdownGuard.bound(bound);
        resolve(bound);
      });
    });
  }

  /**
   * Stops gracefully: no new connections or requests, every request in flight answered, then the
   * resources released (`release`). Safe to call more than once.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  /** The result of one request; a ProtocolError thrown here is the error reply. */
  protected abstract answer(request: ServedRequest): Promise<Results[ServedRequest["cmd"]]>;

  /** Releases what the server holds, once every request has been answered (closes the engine, say). */
  protected abstract release(): Promise<void>;

  /**
   * How a subclass answers requests at once, without a promise each, if it can (see Immediate).
   * Once the server is stopping, every request takes the general way, which refuses it.
   */
  protected immediate(): Immediate | undefined {
    return undefined;
  }

  private async shutDown(): Promise<void> {
    this.log.info("shutting down");
    // Stops accepting at once; its callback would wait for every connection to close, which the
    // connection that asked for the shutdown does only after its reply, so it is not awaited.
    this.listener.close();
    for (const connection of this.connections) connection.stopReading();
    await Promise.all([...this.connections].map((connection) => connection.idle()));
    try {
      await this.release();
    } catch (error) {
      this.settleStopped(error);
      throw error;
    } finally {
      for (const connection of this.connections) connection.end();
    }
    this.log.info("stopped");
    this.settleStopped();
  }

  private accept(socket: Socket): void {
    const remote = formatAddress({ host: socket.remoteAddress ?? "?", port: socket.remotePort ?? 0 });
    const log = this.log.child({ remote });
    const immediate = this.immediate();
    const now: Immediate | undefined = immediate && { answer: (request) => (this.stopping === undefined ? immediate.answer(request) : undefined), durable: () => immediate.durable() };
    const connection = new Connection(socket, (request) => this.dispatch(request, remote), log, now, { unfinished: this.unfinished, frameTimeoutMs: this.limits.frameTimeoutMs, writeTimeoutMs: this.limits.writeTimeoutMs });
    this.connections.add(connection);
    log.info("connection opened");
    socket.on("close", () => {
      this.connections.delete(connection);
      log.info("connection closed");
    });
  }

  private async dispatch(request: Request, remote: string): Promise<Response> {
    try {
      if (request.cmd === "shutdown") {
        this.shutdownGuard.check(request.token, request.id, remote);
        await this.stop();
        return { id: request.id, ok: null };
      }
      if (this.stopping !== undefined) throw new ProtocolError("ShuttingDown", "the server is shutting down", request.id);
      return { id: request.id, ok: await this.answer(request) };
    } catch (error) {
      if (error instanceof ProtocolError) return { id: request.id, error: { code: error.code, message: error.message } };
      return this.failed(request, error);
    }
  }

  /** Logs a request the server failed to carry out and answers it `Internal`. */
  protected failed(request: Request, error: unknown): Response {
    this.log.error({ err: errorMessage(error), cmd: request.cmd }, "request failed");
    return internalError(request.id, error);
  }
}
