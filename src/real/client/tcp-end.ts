import type { ClientEnd, LabEnv } from "../../../labnet/index.js";
import type { PutOutcome, Versioned } from "../engine/index.js";
import type { Address } from "../protocol/index.js";
import { KvsClient, type ClientOptions } from "./client.js";
import { ClientError } from "./errors.js";

/**
 * The lab's `ClientEnd` over TCP, so a clerk written for the simulation runs unchanged against a
 * real kvs-server. Any failure to get an answer — no connection, a closed one, a timeout, a server
 * error — resolves `undefined`, as a lost message does in the simulation, and the clerk retries;
 * the next call reconnects. A request that can never be carried (`BadRequest`: a value with a
 * lone surrogate, which the protocol's UTF-8 cannot hold) is thrown instead: retried, it would be
 * refused for ever.
 *
 * @example
 * const clerk = reference.createClerk(new TcpClientEnd({ host: "127.0.0.1", port: 4000 }), realTimeEnv);
 * await clerk.put("k", "v", 0); // "OK"
 */
export class TcpClientEnd implements ClientEnd {
  private client: Promise<KvsClient> | undefined;

  constructor(
    private readonly address: Address,
    private readonly options: ClientOptions = {},
  ) {}

  async call<A, R>(method: string, args: A): Promise<R | undefined> {
    if (method !== "get" && method !== "put") throw new Error(`unknown method ${JSON.stringify(method)}: the server has get and put`);
    try {
      const client = await (this.client ??= KvsClient.connect(this.address, this.options));
      return (method === "get" ? await get(client, args as { key: string }) : await put(client, args as { key: string; value: string; version: number })) as R;
    } catch (error) {
      if (!(error instanceof ClientError) || error.code === "BadRequest") throw error;
      // A connection that failed stays failed: drop it so the retry opens a new one.
      if (error.code === "Disconnected" || error.code === "Timeout") void this.close();
      return undefined;
    }
  }

  /** Closes the connection, if one is open. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.then((open) => open.close(), () => undefined);
  }
}

/**
 * The KV lab's get reply (its GetReply) for a key: the server's answer in the lab's words. The
 * shapes are the protocol's own here, so that the server's code does not depend on the lab, whose
 * harness runs clerks over this end.
 */
async function get(client: KvsClient, { key }: { key: string }): Promise<Versioned & { err: "OK" | "ErrNoKey" }> {
  const found = await client.get(key);
  return found === null ? { value: "", version: 0, err: "ErrNoKey" } : { ...found, err: "OK" };
}

/** The KV lab's put reply (its PutReply). */
async function put(client: KvsClient, { key, value, version }: { key: string; value: string; version: number }): Promise<{ err: PutOutcome }> {
  return { err: await client.put(key, value, version) };
}

/** A `LabEnv` on real time, for clerks that run against a real server instead of the simulation. */
export const realTimeEnv: LabEnv = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => performance.now(),
  random: () => Math.random(),
};
