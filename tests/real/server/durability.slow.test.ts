import { afterEach, expect, it } from "vitest";
import { KvsClient } from "../../../src/real/client/index.js";
import { tempDir } from "../../support/temp-dir.js";
import { killAll, startServer, type RunningServer } from "../support/processes.js";

/** Crash rounds: each SIGKILLs the server during a write load, then restarts it on the same data. */
const ROUNDS = 20;
const CLIENTS = 4;
/** Requests each client keeps in flight, so the kill lands among unacknowledged writes. */
const PIPELINE = 8;
/** Keys each client overwrites in turn, so recovery must keep the latest acknowledged value. */
const KEYS_PER_CLIENT = 50;

afterEach(killAll);

/**
 * What the clients were told: for each key, the highest sequence number whose write was
 * acknowledged, and the highest sent at all. After a crash a key must hold a value from
 * [acknowledged, sent]: never older than an acknowledgement, never something nobody wrote.
 */
const acknowledged = new Map<string, number>();
const sent = new Map<string, number>();

/** Writes until the server dies; resolves once every request of this client has failed or been answered. */
async function writeUntilKilled(server: RunningServer, client: number, round: number, killAfter: number, acks: { count: number }): Promise<void> {
  const kv = await KvsClient.connect(server.address, { timeoutMs: 10_000 });
  let seq = round * 1_000_000;
  const writer = async (): Promise<void> => {
    // Bounded: the server is killed after `killAfter` acknowledgements in all; a write after that fails.
    for (let n = 0; n < 1_000_000; n++) {
      const mine = seq++;
      const key = `c${client}-k${mine % KEYS_PER_CLIENT}`;
      sent.set(key, Math.max(sent.get(key) ?? -1, mine));
      try {
        await kv.set(key, String(mine));
      } catch {
        return;
      }
      acknowledged.set(key, Math.max(acknowledged.get(key) ?? -1, mine));
      if (++acks.count === killAfter) void server.kill("SIGKILL");
    }
  };
  await Promise.all(Array.from({ length: PIPELINE }, writer));
  kv.close();
}

async function checkEveryAcknowledgedWrite(server: RunningServer): Promise<void> {
  const kv = await KvsClient.connect(server.address);
  const keys = [...acknowledged.keys()];
  const values = await Promise.all(keys.map((key) => kv.get(key)));
  const wrong = keys.flatMap((key, i) => {
    const found = values[i] === null ? -1 : Number(values[i]!.value);
    return found >= acknowledged.get(key)! && found <= sent.get(key)! ? [] : [`${key}: holds ${found}, acknowledged ${acknowledged.get(key)}, sent up to ${sent.get(key)}`];
  });
  await kv.close();
  expect(wrong).toEqual([]);
}

it(`every acknowledged write survives SIGKILL during a ${CLIENTS}-client write load (${ROUNDS} rounds)`, { timeout: 60_000 }, async () => {
  const dir = tempDir("kvs-durability-");
  const args = ["--addr", "127.0.0.1:0", "--dir", dir, "--engine", "kvs"];
  for (let round = 0; round < ROUNDS; round++) {
    const server = await startServer(args, dir);
    await checkEveryAcknowledgedWrite(server);
    const acks = { count: 0 };
    // Somewhere between 50 and 1,000 acknowledgements into the load, different every round.
    const killAfter = 50 + Math.floor(Math.random() * 950);
    await Promise.all(Array.from({ length: CLIENTS }, (_, client) => writeUntilKilled(server, client, round, killAfter, acks)));
    expect(await server.exited).toBe("SIGKILL");
  }
  await checkEveryAcknowledgedWrite(await startServer(args, dir));
  expect(acknowledged.size).toBe(CLIENTS * KEYS_PER_CLIENT);
});
