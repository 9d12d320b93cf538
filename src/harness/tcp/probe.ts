import { randomBytes } from "node:crypto";
import { ClientError, KvsClient } from "../../real/client/index.js";
import { type Address, formatAddress } from "../../real/protocol/index.js";

/** How long a target may take to accept a connection, and then to answer one get, in ms. */
export const PROBE_MS = 3_000;

/**
 * Whether a kvs-server answers at `address`: one connection and one get of a key no test uses,
 * each bounded by `timeoutMs`. A clerk resends until it is answered, so without this a target with
 * nothing listening, or one that accepts and never answers, would keep the suites waiting forever.
 * Undefined when it answered; else why not, in one line.
 */
export async function probeTarget(address: Address, timeoutMs = PROBE_MS): Promise<string | undefined> {
  let client: KvsClient | undefined;
  try {
    client = await KvsClient.connect(address, { timeoutMs });
    await client.get(`kvlab-probe-${randomBytes(6).toString("hex")}`);
    return undefined;
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    return `cannot reach kvs-server at ${formatAddress(address)}: ${error.message.replace(/^cannot connect to \S+: /, "")}`;
  } finally {
    await client?.close();
  }
}
