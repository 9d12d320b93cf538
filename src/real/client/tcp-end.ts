import type { ClientEnd, GetArgs, GetReply, LabEnv, PutArgs, PutReply } from "../../labs/kv/index.js";
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
      return (method === "get" ? await get(client, args as GetArgs) : await put(client, args as PutArgs)) as R;
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

async function get(client: KvsClient, { key }: GetArgs): Promise<GetReply> {
  const found = await client.get(key);
  return found === null ? { value: "", version: 0, err: "ErrNoKey" } : { ...found, err: "OK" };
}

async function put(client: KvsClient, { key, value, version }: PutArgs): Promise<PutReply> {
  return { err: await client.put(key, value, version) };
}

/** A `LabEnv` on real time, for clerks that run against a real server instead of the simulation. */
export const realTimeEnv: LabEnv = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => performance.now(),
  random: () => Math.random(),
};
