import { randomBytes } from "node:crypto";
import type { RealTarget, TargetAddress } from "../../harness/index.js";
import { ClientError, KvsClient, realTimeEnv, TcpClientEnd } from "../../real/client/index.js";
import { formatAddress } from "../../real/protocol/index.js";

/**
 * The KV lab's real server, a kvs-server (src/real), as the harness reaches it for `kvlab test
 * --target`: each clerk's connection is a TcpClientEnd, which speaks the lab's get and put over
 * the server's protocol, on real time.
 */
export const kvTarget: RealTarget = {
  server: "kvs-server",
  env: realTimeEnv,
  dial: (address) => new TcpClientEnd(address),
  probe,
};

/**
 * Whether a kvs-server answers at `address`: one connection and one get of a key no test uses,
 * each bounded by `timeoutMs`. Undefined when it answered; else why not, in one line.
 */
async function probe(address: TargetAddress, timeoutMs: number): Promise<string | undefined> {
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
