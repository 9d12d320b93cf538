// SIGKILL under load: one round starts a target on a fresh directory, runs writers that record
// every write the target acknowledged, SIGKILLs the process that holds the data at a moment drawn
// from the seed, restarts it, and reads every acknowledged write back. A write that was sent but
// not acknowledged may or may not be there: it is not counted either way. Reuses the tests'
// process helpers, which run the CLIs from source.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { KvsClient } from "../src/real/client/index.js";
import { PairStore } from "../src/real/pair/index.js";
import { killAll, startServer, type RunningServer } from "../tests/real/support/processes.js";
import { killPairsIn, pairStatus, startPair, statusWhen } from "../tests/real/pair/front-process.js";

export type TargetName = "kvs" | "level" | "pair";
export const targetNames: readonly TargetName[] = ["kvs", "level", "pair"];

export interface RoundOptions {
  /** Connections writing at once. */
  writers: number;
  /** When to SIGKILL, in ms after the writers started. */
  killAfterMs: number;
}

export interface RoundFigures {
  /** Writes the target acknowledged before, during and after the kill. */
  acknowledged: number;
  /** Acknowledged writes missing, or holding another value, after the restart. */
  lost: number;
}

/** One round against `target`; every process it started is gone when it resolves. */
export async function chaosRound(target: TargetName, options: RoundOptions): Promise<RoundFigures> {
  const dir = mkdtempSync(join(tmpdir(), `kvlab-chaos-${target}-`));
  try {
    return target === "pair" ? await pairRound(dir, options) : await serverRound(dir, target, options);
  } finally {
    await killAll();
    if (target === "pair") await killPairsIn(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Requests each kvs-server writer keeps in flight: writes that may be cut short by the kill. */
const PIPELINE = 8;

/** The value written under `key`, so a read-back can tell a right value from a stale or torn one. */
export const valueOf = (key: string | number): string => `value of ${key} `.repeat(4);

async function serverRound(dir: string, engine: "kvs" | "level", { writers, killAfterMs }: RoundOptions): Promise<RoundFigures> {
  const args = ["--addr", "127.0.0.1:0", "--dir", dir, "--engine", engine, "--sync", "batch"];
  const server = await startServer(args, dir);
  const acknowledged: string[] = [];
  // Each loop writes its own keys, one after another; its loop ends when the connection does.
  const loops = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const client = await KvsClient.connect(server.address);
      return Array.from({ length: PIPELINE }, async (_, p) => {
        for (let n = 0; ; n++) {
          const key = `w${w}-${p}-${n}`;
          try {
            await client.set(key, valueOf(key));
          } catch {
            return;
          }
          acknowledged.push(key);
        }
      });
    }),
  );
  await sleep(killAfterMs);
  await server.kill("SIGKILL");
  await Promise.all(loops.flat());
  const restarted = await startServer(args, dir);
  const lost = await lostOnServer(restarted, acknowledged);
  await restarted.kill("SIGTERM");
  return { acknowledged: acknowledged.length, lost };
}

/** How many of `keys` the server does not hold with the value written. */
export async function lostOnServer(server: RunningServer, keys: readonly string[]): Promise<number> {
  const client = await KvsClient.connect(server.address, { timeoutMs: 30_000 });
  let lost = 0;
  const BATCH = 1_000;
  for (let at = 0; at < keys.length; at += BATCH) {
    const batch = keys.slice(at, at + BATCH);
    const found = await Promise.all(batch.map((key) => client.get(key)));
    found.forEach((got, i) => (lost += got?.value === valueOf(batch[i]!) ? 0 : 1));
  }
  await client.close();
  return lost;
}

/** How long writers go on after the pair has replaced its data server: writes through the relaunch and after it. */
const AFTER_RELAUNCH_MS = 200;

/**
 * The pair: SIGKILL the data server, which holds the backup; the front server relaunches it (the
 * restart), and the writers, through the client API, carry on across it.
 */
async function pairRound(dir: string, { writers, killAfterMs }: RoundOptions): Promise<RoundFigures> {
  const pair = await startPair(["--port", "0", "--dir", dir], dir);
  const acknowledged: number[] = [];
  let writing = true;
  const loops = Array.from({ length: writers }, async (_, w) => {
    const store = await PairStore.connect(pair.front.host, pair.front.port);
    for (let n = 0; writing; n++) {
      const key = w * 1_000_000 + n;
      // "unknown" (a resend after the kill) is not an acknowledgement; anything thrown ends the loop.
      const result = await store.write(key, Buffer.from(valueOf(key)), false).catch(() => undefined);
      if (result === undefined) break;
      if (result === "written") acknowledged.push(key);
    }
    await store.close();
  });
  await sleep(killAfterMs);
  const killed = (await pairStatus(pair.front)).data!.pid;
  process.kill(killed, "SIGKILL");
  await statusWhen(pair.front, (status) => status.data !== null && status.data.pid !== killed);
  await sleep(AFTER_RELAUNCH_MS);
  writing = false;
  await Promise.all(loops);
  const store = await PairStore.connect(pair.front.host, pair.front.port);
  let lost = 0;
  for (const key of acknowledged) {
    const read = await store.read(key, 1 << 10);
    if (read === undefined || Buffer.from(read.value).toString() !== valueOf(key)) lost++;
  }
  await store.close();
  pair.type("quit");
  await pair.exited;
  return { acknowledged: acknowledged.length, lost };
}
