/**
 * The storage engines side by side: kvs (hand-written), level (LevelDB) and lmdb, on the same
 * workloads at the same durability, plus the time kvs takes to reopen a store of a million keys
 * (from its index checkpoint after a clean close, after a crash, and from its hint files alone).
 *
 * Durability: every engine acknowledges a write once it is in the OS (it survives the process, not
 * the machine): kvs `sync: "none"`, level `sync: false`, lmdb `noSync: true`. Every engine keeps a
 * version beside each value, so a set is a read of the old version and a write, in each.
 *
 * Workloads, each on fresh directories: `small` (16-byte keys, 100-byte values) with sequential
 * keys (written and read in key order) and random keys (random bytes, read in random order); and
 * `sizes` (random keys and values of 1–100 000 bytes: 100 sets, then 1000 gets of written keys).
 * lmdb takes keys of at most 1978 bytes, so in `sizes` its keys are cut to that length.
 * Every operation is awaited before the next starts, as one client sees it. kvs's random gets are
 * also measured with its value cache off, every get a pread. One more figure sets
 * small values with fsync durability from 64 concurrent writers, where group commit counts. Each workload runs
 * once per engine to warm the JIT and the page cache, then `repeats` times; the median counts.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { open as openLmdb } from "lmdb";
import seedrandom from "seedrandom";
import { openEngine } from "../src/real/engine/index.js";
import { KvsStore } from "../src/real/engine/kvs/index.js";

export const benchEngineNames = ["kvs", "level", "lmdb"] as const;
export type BenchEngine = (typeof benchEngineNames)[number];

/** What the benchmark does with a store. */
interface Store {
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<{ value: string } | undefined>;
  close(): Promise<void>;
}

const LMDB_MAX_KEY_BYTES = 1978;

export interface EngineFigure {
  workload: string;
  op: "set" | "get";
  /** Operations per second, per engine. */
  opsPerSecond: Record<BenchEngine, number>;
}

export interface EnginesReport {
  durability: string;
  figures: EngineFigure[];
  /** kvs: milliseconds to open a store of `reopenKeys` keys closed cleanly (from its index checkpoint)… */
  reopenMs: number;
  /** …after a crash (the checkpoint of the last sealed segment, then the records written since)… */
  reopenAfterCrashMs: number;
  /** …and from its hint files alone, as when no checkpoint fits. */
  reopenFromHintsMs: number;
  reopenKeys: number;
}

export interface EnginesBenchOptions {
  /** Operations per small workload (default 100 000). */
  ops?: number;
  /** Keys in the reopened store (default 1 000 000). */
  reopenKeys?: number;
  /** Measured runs of each workload on each engine, on fresh directories, after a warm-up run; the median counts (default 3). */
  repeats?: number;
}

/** Runs every workload on every engine; see the file's comment for what is measured. */
export async function benchEngines(options: EnginesBenchOptions = {}): Promise<EnginesReport> {
  const ops = options.ops ?? 100_000;
  const repeats = options.repeats ?? 3;
  const reopenKeys = options.reopenKeys ?? 1_000_000;
  const random = seedrandom("kvs-engines");
  const values = Array.from({ length: 1024 }, () => randomText(random, 100));
  const sequential = Array.from({ length: ops }, (_, i) => `k${String(i).padStart(15, "0")}`);
  const randomKeys = Array.from({ length: ops }, () => randomText(random, 16));
  const sizesKeys = Array.from({ length: 100 }, () => randomText(random, 1 + Math.floor(random() * 100_000)));
  const sizesValues = sizesKeys.map(() => randomText(random, 1 + Math.floor(random() * 100_000)));
  const sizesReads = Array.from({ length: 1000 }, () => Math.floor(random() * sizesKeys.length));

  const workloads = [
    { name: "small, sequential keys", keys: sequential, value: (i: number) => values[i % values.length]!, reads: sequential.map((_, i) => i) },
    { name: "small, random keys", keys: randomKeys, value: (i: number) => values[i % values.length]!, reads: shuffled(random, ops) },
    { name: "sizes 1–100 000 B", keys: sizesKeys, value: (i: number) => sizesValues[i]!, reads: sizesReads },
  ];
  const figures: EngineFigure[] = [];
  for (const workload of workloads) {
    const set = { kvs: [] as number[], level: [] as number[], lmdb: [] as number[] };
    const get = { kvs: [] as number[], level: [] as number[], lmdb: [] as number[] };
    for (let run = 0; run <= repeats; run++) {
      for (const engine of benchEngineNames) {
        const keys = engine === "lmdb" ? workload.keys.map((key) => key.slice(0, LMDB_MAX_KEY_BYTES)) : workload.keys;
        await withStore(engine, async (store) => {
          set[engine].push(
            await timed(keys.length, async () => {
              for (let i = 0; i < keys.length; i++) await store.set(keys[i]!, workload.value(i));
            }),
          );
          get[engine].push(
            await timed(workload.reads.length, async () => {
              for (const i of workload.reads) if ((await store.get(keys[i]!))?.value !== workload.value(i)) throw new Error(`${engine}: wrong value for key ${i}`);
            }),
          );
        });
      }
    }
    figures.push({ workload: workload.name, op: "set", opsPerSecond: medians(set) });
    figures.push({ workload: workload.name, op: "get", opsPerSecond: medians(get) });
  }
  const randomGets = figures.find(({ workload, op }) => workload === "small, random keys" && op === "get")!;
  figures.push({ workload: "small, random keys, kvs value cache off", op: "get", opsPerSecond: { ...randomGets.opsPerSecond, kvs: await uncachedGets(randomKeys, values, repeats) } });
  figures.push(await durableWrites(sequential.slice(0, Math.min(ops, 5000)), values));
  const { checkpointMs, crashMs, hintsMs } = await reopen(reopenKeys, values);
  return { durability: "acknowledged once in the OS (kvs none, level sync: false, lmdb noSync); the fsync row: once on disk (kvs batch, level sync: true, lmdb synced commits)", figures, reopenMs: checkpointMs, reopenAfterCrashMs: crashMs, reopenFromHintsMs: hintsMs, reopenKeys };
}

/** kvs's random gets when every get reads its record from the file (the value cache off); the median of `repeats` runs. */
async function uncachedGets(keys: string[], values: string[], repeats: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "kvlab-bench-"));
  const store = await KvsStore.open({ dir, sync: "none", cacheBytes: 0 });
  try {
    for (let i = 0; i < keys.length; i++) await store.set(keys[i]!, values[i % values.length]!);
    const runs: number[] = [];
    for (let run = 0; run <= repeats; run++) {
      const order = shuffled(seedrandom(`uncached-${run}`), keys.length);
      runs.push(
        await timed(order.length, async () => {
          for (const i of order) if ((await store.get(keys[i]!))?.value !== values[i % values.length]) throw new Error(`kvs: wrong value for key ${i}`);
        }),
      );
    }
    return median(runs.slice(1)); // the first run warms up
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Sets of small values by 64 concurrent writers, each write fsynced before it is acknowledged:
 * kvs `batch` (group commit), level `sync: true` per write, lmdb's batched synced commits.
 */
async function durableWrites(keys: string[], values: string[]): Promise<EngineFigure> {
  const writers = 64;
  const opsPerSecond = { kvs: 0, level: 0, lmdb: 0 };
  for (const engine of benchEngineNames) {
    await withStore(
      engine,
      async (store) => {
        opsPerSecond[engine] = await timed(keys.length, async () => {
          await Promise.all(
            Array.from({ length: writers }, async (_, writer) => {
              for (let i = writer; i < keys.length; i += writers) await store.set(keys[i]!, values[i % values.length]!);
            }),
          );
        });
      },
      true,
    );
  }
  return { workload: `small, ${writers} writers, fsync`, op: "set", opsPerSecond };
}

/**
 * Writes `count` small keys with kvs and times opening the store, each time in a fresh process as
 * a restart would be (this file run with `--time-open DIR`): after a clean close (from the index
 * checkpoint), after a crash (a copy of the files taken while the store was open, once its
 * background writes were done, as a server's socket waits let them be: the checkpoint of the last
 * sealed segment, and the records written since), and from the hint files alone.
 */
async function reopen(count: number, values: string[]): Promise<{ checkpointMs: number; crashMs: number; hintsMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), "kvlab-bench-"));
  const crashed = mkdtempSync(join(tmpdir(), "kvlab-bench-"));
  const opened = mkdtempSync(join(tmpdir(), "kvlab-bench-"));
  const timedOpen = (at: string): number => {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--time-open", at], { encoding: "utf8" });
    if (child.status !== 0) throw new Error(`timing a reopen failed: ${child.stderr}`);
    return Number(child.stdout);
  };
  try {
    const store = await KvsStore.open({ dir, sync: "none" });
    for (let i = 0; i < count; i++) await store.set(`k${String(i).padStart(15, "0")}`, values[i % values.length]!);
    await store.settled();
    cpSync(dir, crashed, { recursive: true });
    rmSync(join(crashed, "LOCK")); // it names this process, which runs on; a crashed one would be gone
    await store.close();
    // Each timed open closes the store again, which writes a new checkpoint: three of each, the median counts.
    const checkpointMs = median([timedOpen(dir), timedOpen(dir), timedOpen(dir)]);
    // A crashed store's open writes hints and a checkpoint of its own: each starts from the crash's files.
    const afterCrash = () => (rmSync(opened, { recursive: true, force: true }), cpSync(crashed, opened, { recursive: true }), timedOpen(opened));
    const crashMs = median([afterCrash(), afterCrash(), afterCrash()]);
    const fromHints = () => (rmSync(join(dir, "index.ckpt")), timedOpen(dir));
    return { checkpointMs, crashMs, hintsMs: median([fromHints(), fromHints(), fromHints()]) };
  } finally {
    for (const path of [dir, crashed, opened]) rmSync(path, { recursive: true, force: true });
  }
}

/** Opens `engine` on a fresh directory; `durable`: every write fsynced before it is acknowledged. */
async function withStore(engine: BenchEngine, use: (store: Store) => Promise<void>, durable = false): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "kvlab-bench-"));
  const store = engine === "lmdb" ? lmdbStore(dir, durable) : await openEngine(engine, { dir, sync: durable ? "batch" : "none" });
  try {
    await use(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * lmdb with a version beside each value, like the engines: a read-then-write transaction per set.
 * Not durable: a synchronous transaction, committed without fsync. Durable: lmdb's asynchronous
 * transactions, which it commits together, one fsync per batch (its group commit).
 */
function lmdbStore(dir: string, durable: boolean): Store {
  const db = openLmdb<string, string>({ path: join(dir, "lmdb"), encoding: "string", noSync: !durable });
  const parse = (stored: string | undefined) => (stored === undefined ? undefined : { value: stored.slice(stored.indexOf(":") + 1) });
  const write = (key: string, value: string) => () => {
    const stored = db.get(key);
    const version = stored === undefined ? 1 : Number(stored.slice(0, stored.indexOf(":"))) + 1;
    db.putSync(key, `${version}:${value}`);
  };
  return {
    async set(key, value) {
      return durable ? db.transaction(write(key, value)) : db.transactionSync(write(key, value));
    },
    async get(key) {
      return parse(db.get(key));
    },
    close: () => db.close(),
  };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** Each engine's median over its runs after the first, which only warms the JIT and the page cache. */
function medians(runs: Record<BenchEngine, number[]>): Record<BenchEngine, number> {
  return { kvs: median(runs.kvs.slice(1)), level: median(runs.level.slice(1)), lmdb: median(runs.lmdb.slice(1)) };
}

async function timed(count: number, run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return count / ((performance.now() - start) / 1000);
}

function randomText(random: () => number, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let text = "";
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
  return text;
}

function shuffled(random: () => number, count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

if (process.argv[2] === "--time-open") {
  const start = performance.now();
  const store = await KvsStore.open({ dir: process.argv[3]!, sync: "none" });
  const ms = performance.now() - start;
  await store.close();
  process.stdout.write(String(ms));
}
