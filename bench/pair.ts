// `npm run bench:pair`: the front/data pair. How long a SIGKILLed server takes to be replaced
// (from the kill until the front server lists a new data server, or a new front server answers),
// beside the bound the design gives (one probe period to notice, then a process start); and the
// client API's write rate beside a plain set's on the same data server, since an overwrite costs
// a get and a versioned put. Runs the built servers (bin/, dist/): `npm run build` first.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { KvsClient } from "../src/real/client/index.js";
import { PairStore, PROBE_EVERY_MS } from "../src/real/pair/index.js";
import type { Address, PairStatus } from "../src/real/protocol/index.js";

const KILLS = 7;
const WRITES = 20_000;
const CLIENTS = 4;

const dir = mkdtempSync(join(tmpdir(), "kvlab-bench-pair-"));
const front = spawn(process.execPath, [join(import.meta.dirname, "..", "bin", "kvs-front.js"), "--port", "0", "--dir", dir], { stdio: ["ignore", "pipe", "ignore"] });
let said = "";
const address = await new Promise<Address>((resolve, reject) => {
  front.on("exit", (code) => reject(new Error(`kvs-front exited (${code}); is it built (npm run build)?`)));
  front.stdout.on("data", (chunk: Buffer) => {
    said += chunk.toString();
    const port = /listening on 127\.0\.0\.1:(\d+)[\s\S]*data server pid/.exec(said)?.[1];
    if (port !== undefined) resolve({ host: "127.0.0.1", port: Number(port) });
  });
});

/** The pair's status, retrying while the front server is down. */
async function status(): Promise<PairStatus> {
  for (;;) {
    try {
      const client = await KvsClient.connect(address, { timeoutMs: 1_000 });
      const answer = await client.status();
      await client.close();
      return answer;
    } catch {
      await sleep(2);
    }
  }
}

/** Milliseconds from SIGKILLing the process `victim` picks until `replaced` holds. */
async function replacement(victim: (s: PairStatus) => number, replaced: (s: PairStatus, killed: number) => boolean): Promise<number> {
  const killed = victim(await status());
  const start = performance.now();
  process.kill(killed, "SIGKILL");
  while (!replaced(await status(), killed)) await sleep(2);
  return performance.now() - start;
}

const dataMs: number[] = [];
const frontMs: number[] = [];
for (let i = 0; i < KILLS; i++) dataMs.push(await replacement((s) => s.data!.pid, (s, killed) => s.data !== null && s.data.pid !== killed));
for (let i = 0; i < KILLS; i++) frontMs.push(await replacement((s) => s.front.pid, (s, killed) => s.front.pid !== killed));

/** Writes per second from CLIENTS clients, each writing its share of WRITES keys one after another. */
async function rate(write: (client: number, key: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
    for (let i = 0; i < WRITES / CLIENTS; i++) await write(client, client * WRITES + i);
  }));
  return WRITES / ((performance.now() - start) / 1000);
}

const stores = await Promise.all(Array.from({ length: CLIENTS }, () => PairStore.connect(address.host, address.port)));
const value = Buffer.alloc(100, 1);
const pairRate = await rate((client, key) => stores[client]!.write(key, value, true));
const data = (await status()).data!.address;
const plain = await Promise.all(Array.from({ length: CLIENTS }, () => KvsClient.connect(data)));
const text = value.toString("latin1");
const setRate = await rate((client, key) => plain[client]!.set(String(key + 1e9), text));
await Promise.all([...stores.map((store) => store.close()), ...plain.map((client) => client.close())]);
const stopper = await KvsClient.connect(address);
await stopper.shutdown();
rmSync(dir, { recursive: true, force: true });

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (values: number[]): string => `median ${median(values).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;
process.stdout.write(
  [
    `data server SIGKILLed → a new one listed:    ${ms(dataMs)} (${KILLS} kills); bound: ${PROBE_EVERY_MS} ms to notice + a process start`,
    `front server SIGKILLed → a new one answers:  ${ms(frontMs)} (${KILLS} kills); same bound`,
    `overwrites through the client API: ${Math.round(pairRate).toLocaleString("en-US")}/s beside plain sets ${Math.round(setRate).toLocaleString("en-US")}/s on the same data server: ${(pairRate / setRate).toFixed(2)}× (${CLIENTS} clients, 100 B values, sync batch)`,
    "",
  ].join("\n"),
);
