import { connect, type Socket } from "node:net";
import type { PutOutcome, Versioned } from "../engine/engine.js";
import { encodeFrame, formatAddress, FrameDecoder, parseResponse, ProtocolError, type Address, type Call, type Command, type PairStatus, type Response, type Results } from "../protocol/index.js";
import { ClientError } from "./errors.js";
import { decodeMessage } from "../protocol/frame.js";
import { invalidUtf8At, loneSurrogateAt } from "../protocol/utf8.js";

export interface ClientOptions {
  /** How long a request (or the connection itself) may take before it fails with `Timeout`. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 5_000;

interface Pending {
  resolve(result: unknown): void;
  reject(error: ClientError): void;
  /** performance.now() past which the call fails with Timeout. */
  deadline: number;
  cmd: Command;
}

/**
 * One connection to a kvs server. Calls may overlap: each request carries an id and is sent at
 * once, so concurrent calls are pipelined on the connection. A call fails with a `ClientError`:
 * the server's code, `Timeout`, or `Disconnected`.
 *
 * @example
 * const client = await KvsClient.connect({ host: "127.0.0.1", port: 4000 });
 * await client.set("k", "v");
 * const [a, b] = await Promise.all([client.get("k"), client.get("other")]); // pipelined
 * client.close();
 */
export class KvsClient {
  private readonly pending = new Map<number, Pending>();
  private readonly decoder = new FrameDecoder();
  private nextId = 1;
  private failure: ClientError | undefined;
  // One timer for the oldest call rather than one per call: calls are sent in id order with the
  // same timeout, so their deadlines are in the order of `pending`.
  private timer: NodeJS.Timeout | undefined;
  private corked = false;
  private readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    private readonly peer: string,
    private readonly timeoutMs: number,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", (error) => this.fail(new ClientError("Disconnected", `connection to ${peer} failed: ${error.message}`)));
    this.closed = new Promise((resolve) =>
      socket.on("close", () => {
        this.fail(new ClientError("Disconnected", `${peer} closed the connection`));
        resolve();
      }),
    );
  }

  /** Connects; fails with `Disconnected` (refused, unreachable) or `Timeout`. */
  static connect(address: Address, options: ClientOptions = {}): Promise<KvsClient> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const where = formatAddress(address);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address.host, port: address.port, timeout: timeoutMs });
      const failed = (error: ClientError): void => {
        socket.destroy();
        reject(error);
      };
      socket.once("timeout", () => failed(new ClientError("Timeout", `cannot connect to ${where}: no answer within ${timeoutMs} ms`)));
      socket.once("error", (error) => failed(new ClientError("Disconnected", `cannot connect to ${where}: ${error.message}`)));
      socket.once("connect", () => {
        socket.removeAllListeners("timeout").removeAllListeners("error").setTimeout(0);
        resolve(new KvsClient(socket, where, timeoutMs));
      });
    });
  }

  /** Whether the connection has failed: every call from now on fails at once, without being sent. */
  get broken(): boolean {
    return this.failure !== undefined;
  }

  /** The value and version of `key`, or null when it does not exist. */
  async get(key: string): Promise<Versioned | null> {
    return this.call({ cmd: "get", key });
  }

  /** Writes unconditionally; resolves to the key's new version. */
  async set(key: string, value: string): Promise<number> {
    return (await this.call({ cmd: "set", key, value })).version;
  }

  /** The versioned put: OK, ErrVersion or ErrNoKey. */
  async put(key: string, value: string, version: number): Promise<PutOutcome> {
    return (await this.call({ cmd: "put", key, value, version })).err;
  }

  /** Deletes `key`; fails with `KeyNotFound` when it does not exist. */
  async rm(key: string): Promise<void> {
    await this.call({ cmd: "rm", key });
  }

  /** Deletes `key` only while it is at `version`; resolves to whether it was deleted. */
  async del(key: string, version: number): Promise<boolean> {
    return (await this.call({ cmd: "del", key, version })).deleted;
  }

  /** Where data commands go: null when this server serves them, else the address to use. */
  async where(): Promise<Address | null> {
    return this.call({ cmd: "where" });
  }

  /** The front server's view of the pair (other servers answer `Unsupported`). */
  async status(): Promise<PairStatus> {
    return this.call({ cmd: "status" });
  }

  /**
   * Stops the server; resolves once it has stopped and closed this connection. `token`: the
   * server's shutdown token, when it requires one (else the call fails with `Unauthorized`).
   */
  async shutdown(token?: string): Promise<void> {
    await this.call(token === undefined ? { cmd: "shutdown" } : { cmd: "shutdown", token });
    await this.closed;
  }

  /** Sends one request; resolves to its result. */
  call<C extends Command>(call: Extract<Call, { cmd: C }>): Promise<Results[C]> {
    if (this.failure) return Promise.reject(this.failure);
    const unsendable = notUtf8(call);
    if (unsendable) return Promise.reject(unsendable);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject, deadline: performance.now() + this.timeoutMs, cmd: call.cmd });
      this.armTimer();
      // Calls made in the same tick leave in one write.
      if (!this.corked) {
        this.corked = true;
        this.socket.cork();
        process.nextTick(() => {
          this.corked = false;
          this.socket.uncork();
        });
      }
      this.socket.write(encodeFrame({ ...call, id }));
    });
  }

  /** Closes the connection; calls still waiting fail with `Disconnected`. */
  close(): Promise<void> {
    // Once what was written has gone out, the socket is done: there is nothing to wait for from
    // the server, which may not even be reading.
    this.socket.end(() => this.socket.destroy());
    return this.closed;
  }

  private receive(chunk: Buffer): void {
    try {
      for (const body of this.decoder.bodies(chunk)) {
        const response = parseResponse(decodeMessage(body));
        const invalid = invalidUtf8At(body);
        if (invalid !== undefined) throw new ProtocolError("BadFrame", `a reply holds a string that is not UTF-8 (at byte ${invalid} of its body), which would read back changed`);
        this.settle(response);
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.fail(new ClientError("BadFrame", `${this.peer} sent a bad frame: ${error.message}`));
      this.socket.destroy();
    }
  }

  private settle(response: Response): void {
    const error = "error" in response ? new ClientError(response.error.code, response.error.message) : undefined;
    // An error without an id is about the connection: the server closes it after sending.
    if (response.id === null) {
      if (error) this.fail(error);
      return;
    }
    const pending = this.pending.get(response.id);
    if (!pending) return; // timed out already
    this.pending.delete(response.id);
    if (error) pending.reject(error);
    else pending.resolve((response as { ok: unknown }).ok);
  }

  // The connection is unusable: every call waiting fails with the first reason found.
  private fail(error: ClientError): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
  }

  private armTimer(): void {
    if (this.timer !== undefined) return;
    const oldest = this.pending.values().next();
    if (oldest.done) return;
    // Unreferenced: the open socket already keeps the process alive while calls wait.
    this.timer = setTimeout(() => this.expire(), oldest.value.deadline - performance.now()).unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const [id, pending] of this.pending) {
      if (pending.deadline > now) break;
      this.pending.delete(id);
      pending.reject(new ClientError("Timeout", `no reply from ${this.peer} within ${this.timeoutMs} ms (${pending.cmd})`));
    }
    this.armTimer();
  }
}

/**
 * Why `call` cannot be sent, if it cannot: a key or value with a lone surrogate, which the
 * protocol's UTF-8 strings cannot carry (it would arrive as U+FFFD). Nothing is sent then.
 */
function notUtf8(call: Call): ClientError | undefined {
  for (const field of ["key", "value"] as const) {
    const text = (call as { key?: unknown; value?: unknown })[field];
    if (typeof text !== "string") continue;
    const at = loneSurrogateAt(text);
    if (at !== undefined) return new ClientError("BadRequest", `the ${field} holds a lone surrogate (\\u${text.charCodeAt(at).toString(16)}) at index ${at}: the protocol's strings are UTF-8, which cannot carry one; nothing was sent`);
  }
  return undefined;
}
