import { setTimeout as sleep } from "node:timers/promises";
import { ClientError, KvsClient } from "../client/index.js";
import { formatAddress, type Address } from "../protocol/index.js";
import { checkLength, keyText, valueBytes, valueText } from "./values.js";

/** `written`, or why not: the key exists (and overwrite was off), or a lost reply left it unknown. */
export type WriteResult = "written" | "exists" | "unknown";
/** `deleted`, or why not: the key does not exist, or a lost reply left it unknown. */
export type DeleteResult = "deleted" | "missing" | "unknown";

export interface ReadResult {
  /** The value's first `maxLength` bytes (all of it when it is no longer). */
  value: Buffer;
  /** The value's full length: more than `value.length` when the read cut it short. */
  length: number;
}

export interface StoreOptions {
  /** How long one request may take before it is resent over a new connection (default 5 s). */
  timeoutMs?: number;
  /** How long a call keeps reconnecting through the front server before it fails (default 15 s). */
  recoveryMs?: number;
}

// A request that failed with one of these may be resent on a new connection. `ShuttingDown` means
// the server refused it, so it was not applied; the other two leave that unknown.
const reconnectable = new Set(["Disconnected", "Timeout", "ShuttingDown"]);

/**
 * A handle on the key/value store behind a front server. `connect` asks the front server where
 * the data server is and talks to it directly from then on. When that connection fails (the data
 * server was killed and relaunched, say) a call reconnects through the front server and goes on,
 * so a client does not notice, with one exception that it must: a write or delete whose reply was
 * lost and whose resend finds the key changed may or may not have applied, and is answered
 * `unknown` instead of being applied twice or reported wrongly.
 *
 * Every write is a versioned put and every delete names the version it read, so a resend can
 * never apply twice: the first application moves the version on and the resend finds it moved.
 *
 * @example
 * const store = await PairStore.connect("127.0.0.1", 9999);
 * await store.write(7, Buffer.from("seven"), false); // "written", or "exists"
 * await store.read(7, 3);                            // { value: <Buffer 73 65 76>, length: 5 }
 * await store.delete(7);                             // "deleted"
 * await store.close();
 */
export class PairStore {
  private current: KvsClient | undefined;
  private connecting: Promise<KvsClient> | undefined;
  private closed = false;

  private constructor(
    private readonly front: Address,
    private readonly timeoutMs: number,
    private readonly recoveryMs: number,
  ) {}

  /** Connects through the front server at `host:port`; fails with a ClientError when it cannot. */
  static async connect(host: string, port: number, options: StoreOptions = {}): Promise<PairStore> {
    const store = new PairStore({ host, port }, options.timeoutMs ?? 5_000, options.recoveryMs ?? 15_000);
    await store.connection(performance.now()); // one try: a wrong address fails at once
    return store;
  }

  /** Stores `value` under `key`; with `overwrite` false an existing key is left alone ("exists"). */
  async write(key: number, value: Uint8Array, overwrite: boolean): Promise<WriteResult> {
    const [name, text] = [keyText(key), valueText(value)];
    for (;;) {
      const version = overwrite ? ((await this.request((kv) => kv.get(name))).result?.version ?? 0) : 0;
      const { result, resent } = await this.request((kv) => kv.put(name, text, version));
      if (result === "OK") return "written";
      if (resent) return "unknown"; // the lost first try may be what moved the version
      if (!overwrite) return "exists";
      // Another client wrote between our read and our put, and ours did not apply: read again.
    }
  }

  /** The value of `key` cut to `maxLength` bytes, with its full length; undefined when it does not exist. */
  async read(key: number, maxLength: number): Promise<ReadResult | undefined> {
    const [name, limit] = [keyText(key), checkLength(maxLength)];
    const stored = (await this.request((kv) => kv.get(name))).result;
    if (stored === null) return undefined;
    const bytes = valueBytes(stored.value);
    return { value: bytes.subarray(0, limit), length: bytes.length };
  }

  /** Deletes `key`; later reads find it missing. */
  async delete(key: number): Promise<DeleteResult> {
    const name = keyText(key);
    for (;;) {
      const stored = (await this.request((kv) => kv.get(name))).result;
      if (stored === null) return "missing";
      const { result: deleted, resent } = await this.request((kv) => kv.del(name, stored.version));
      if (deleted) return "deleted";
      if (resent) return "unknown";
      // Another client wrote between our read and our delete: read again.
    }
  }

  /** Closes the connection; later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    await this.current?.close();
  }

  /**
   * Sends one request, and resends it over a new connection until it is answered or the recovery
   * time is up. `resent` says an earlier try went out unanswered, so it may have been applied.
   */
  private async request<T>(send: (kv: KvsClient) => Promise<T>): Promise<{ result: T; resent: boolean }> {
    const deadline = performance.now() + this.recoveryMs;
    let resent = false;
    for (;;) {
      const kv = await this.connection(deadline);
      const sendsNow = !kv.broken; // a broken connection fails the call without sending it
      try {
        return { result: await send(kv), resent };
      } catch (error) {
        if (!(error instanceof ClientError) || !reconnectable.has(error.code)) throw error;
        if (sendsNow && error.code !== "ShuttingDown") resent = true;
        if (this.current === kv) this.current = undefined;
        void kv.close();
        if (performance.now() > deadline) throw new ClientError("Disconnected", `the store at ${formatAddress(this.front)} did not answer within ${this.recoveryMs} ms: ${error.message}`);
      }
    }
  }

  /** The data server's connection: the open one, or a new one found through the front server. */
  private connection(deadline: number): Promise<KvsClient> {
    if (this.closed) return Promise.reject(new ClientError("Disconnected", "the store is closed"));
    if (this.current !== undefined && !this.current.broken) return Promise.resolve(this.current);
    // One reconnection for all the calls that need it.
    this.connecting ??= this.locate(deadline).finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Asks the front server where the data server is and connects there, retrying until `deadline`. */
  private async locate(deadline: number): Promise<KvsClient> {
    for (let pause = 20; ; pause = Math.min(2 * pause, 500)) {
      try {
        const data = await this.follow(await KvsClient.connect(this.front, { timeoutMs: this.timeoutMs }));
        if (this.closed) {
          void data.close(); // closed while reconnecting
          throw new ClientError("Disconnected", "the store is closed");
        }
        this.current = data;
        return data;
      } catch (error) {
        if (!(error instanceof ClientError) || performance.now() + pause > deadline) throw error;
      }
      await sleep(pause);
    }
  }

  /** The connection to use after asking `front` where: `front` itself when it serves data. */
  private async follow(front: KvsClient): Promise<KvsClient> {
    try {
      const data = await front.where();
      if (data === null) return front;
      void front.close();
      return await KvsClient.connect(data, { timeoutMs: this.timeoutMs });
    } catch (error) {
      void front.close();
      throw error;
    }
  }
}
