// The kvs server's throughput: set and get at 1 and 50 connections, without and with pipelining,
// against a kvs-server child process; beside it, redis under the same load, from the same load
// generator, and as redis-benchmark measures it, when redis-server and redis-benchmark are
// installed. `benchKvsServer` is what `npm run bench:kvs` calls;
// `npx tsx bench/kvs-server.ts` runs it alone.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { parseAddress, type Address } from "../src/real/protocol/index.js";
import { driveLoad, kvsWire, respWire, type LoadShape } from "./kvs-load.js";

const repo = join(import.meta.dirname, "..");

/** One load: how many connections, how many requests each keeps in flight, which command. */
export type Load = LoadShape;

export interface ServerFigure extends Load {
  kvsOpsPerSecond: number;
  /**
   * The same server over an engine that is only a Map: what the protocol layer (sockets, frames,
   * dispatch) allows by itself, the ceiling for kvs-server with any engine.
   */
  memoryOpsPerSecond: number;
  /** redis under the same load from the same generator; undefined when redis is not installed. */
  redisOpsPerSecond: number | undefined;
  /** redis as redis-benchmark (a lighter client, in C) measures it under the same load. */
  redisBenchmarkOpsPerSecond: number | undefined;
}

export interface ServerBenchOptions {
  /** Requests per figure (default 100,000; a tenth of that for one connection without pipelining). */
  ops?: number;
  /** kvs-server's engine (default kvs). */
  engine?: "kvs" | "level";
  /** Print progress and the table to stdout (default true). */
  print?: boolean;
}

export const loads: readonly Load[] = [1, 50].flatMap((connections) => [1, 16].flatMap((pipeline) => (["set", "get"] as const).map((op) => ({ connections, pipeline, op }))));

// What redis-benchmark -r 100000 -d 3 sends: 100,000 keys named like key:000000012345, 3-byte values.
const KEYSPACE = 100_000;
const VALUE = "xxx";
const randomKey = (): string => `key:${String(Math.floor(Math.random() * KEYSPACE)).padStart(12, "0")}`;

/**
 * Measures every load on kvs-server (with `--sync none`, which like redis's `appendfsync no`
 * acknowledges a write once the OS has it) and, where installed, on redis-server with its
 * append-only file on and `appendfsync no`: from the same load generator (same keys, values,
 * connections and pipelining; the ratio compares these), and from redis-benchmark. Then the same
 * loads on the server over an in-memory engine: how much of the gap the protocol layer leaves.
 */
export async function benchKvsServer(options: ServerBenchOptions = {}): Promise<ServerFigure[]> {
  const print = options.print ?? true;
  const ops = options.ops ?? 100_000;
  const dir = await mkdtemp(join(tmpdir(), "kvs-bench-"));
  const redis = await redisAvailable();
  if (print && !redis) process.stdout.write("redis-server / redis-benchmark not found: kvs-server's figures only\n");
  const figures: ServerFigure[] = [];
  try {
    const kvs = await startKvsServer(join(dir, "kvs"), options.engine ?? "kvs");
    try {
      for (const load of loads) {
        const kvsOpsPerSecond = await driveLoad(kvs.address, kvsWire, load, opsFor(load, ops), randomKey, VALUE);
        figures.push({ ...load, kvsOpsPerSecond, memoryOpsPerSecond: 0, redisOpsPerSecond: undefined, redisBenchmarkOpsPerSecond: undefined });
      }
    } finally {
      await stop(kvs.child);
    }
    const memory = await startMemoryServer();
    try {
      for (const figure of figures) figure.memoryOpsPerSecond = await driveLoad(memory.address, kvsWire, figure, opsFor(figure, ops), randomKey, VALUE);
    } finally {
      await stop(memory.child);
    }
    if (redis) {
      const server = await startRedis(join(dir, "redis"));
      try {
        for (const figure of figures) {
          figure.redisOpsPerSecond = await driveLoad({ host: "127.0.0.1", port: server.port }, respWire, figure, opsFor(figure, ops), randomKey, VALUE);
          figure.redisBenchmarkOpsPerSecond = await redisBenchmark(server.port, figure, opsFor(figure, ops));
        }
      } finally {
        await stop(server.child);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (print) process.stdout.write(formatServerFigures(figures));
  return figures;
}

function opsFor(load: Load, ops: number): number {
  return load.connections === 1 && load.pipeline === 1 ? Math.ceil(ops / 10) : ops;
}

/** The figures as a table: ops/s for kvs-server and redis, their ratio, and redis-benchmark's figure. */
export function formatServerFigures(figures: readonly ServerFigure[]): string {
  const count = (n: number | undefined) => (n === undefined ? "-" : Math.round(n).toLocaleString("en-US"));
  const rows = [["server load", "kvs-server ops/s", "redis ops/s", "kvs/redis", "redis-benchmark ops/s", "in-memory engine ops/s", "in-memory/redis"]];
  for (const figure of figures) {
    const redis = figure.redisOpsPerSecond;
    rows.push([
      `${figure.op} ${figure.connections} conn${figure.connections > 1 ? "s" : ""}, ${figure.pipeline > 1 ? `pipeline ${figure.pipeline}` : "no pipelining"}`,
      count(figure.kvsOpsPerSecond),
      count(redis),
      redis === undefined ? "-" : `${(figure.kvsOpsPerSecond / redis).toFixed(2)}×`,
      count(figure.redisBenchmarkOpsPerSecond),
      count(figure.memoryOpsPerSecond),
      redis === undefined ? "-" : `${(figure.memoryOpsPerSecond / redis).toFixed(2)}×`,
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")).join("\n") + "\n";
}

async function redisBenchmark(port: number, load: Load, ops: number): Promise<number> {
  const { stdout } = await promisify(execFile)("redis-benchmark", ["-h", "127.0.0.1", "-p", String(port), "-t", load.op, "-n", String(ops), "-c", String(load.connections), "-P", String(load.pipeline), "-r", String(KEYSPACE), "-d", String(VALUE.length), "--csv", "-q"]);
  // --csv: a header line, then "SET","123456.79",… per test.
  const row = stdout.split("\n").find((line) => line.startsWith(`"${load.op.toUpperCase()}"`));
  const rps = Number(row?.split(",")[1]?.replaceAll('"', ""));
  if (!(rps > 0)) throw new Error(`cannot read redis-benchmark's output:\n${stdout}`);
  return rps;
}

async function redisAvailable(): Promise<boolean> {
  const found = (name: string) => promisify(execFile)(name, ["--version"]).then(() => true, () => false);
  return (await found("redis-server")) && (await found("redis-benchmark"));
}

async function startKvsServer(dir: string, engine: string): Promise<{ child: ChildProcess; address: Address }> {
  // The built server, as `kvs-server` runs for a user: under tsx, its closures cost extra.
  return listening(spawn(process.execPath, [join(repo, "bin/kvs-server.js"), "--addr", "127.0.0.1:0", "--dir", dir, "--engine", engine, "--sync", "none"], { stdio: ["ignore", "ignore", "pipe"] }));
}

// The built KvsServer over a Map, the cheapest engine there is, answering at once as kvs does; it
// logs its address as kvs-server does.
const memoryServer = `
import { pino } from "pino";
import { KvsServer } from ${JSON.stringify(pathToFileURL(join(repo, "dist/src/real/server/index.js")).href)};
const data = new Map();
const durable = Promise.resolve();
const engine = {
  name: "kvs",
  getNow(key) { return data.get(key); },
  setNow(key, value) { const version = (data.get(key)?.version ?? 0) + 1; data.set(key, { value, version }); return version; },
  durable() { return durable; },
  async get(key) { return this.getNow(key); },
  async set(key, value) { return this.setNow(key, value); },
  async put() { throw new Error("not measured"); },
  async remove() { throw new Error("not measured"); },
  async close() {},
};
const server = new KvsServer(engine, pino({ level: "silent" }));
const address = await server.listen({ host: "127.0.0.1", port: 0 });
process.stderr.write(JSON.stringify({ addr: "127.0.0.1:" + address.port }) + "\\n");
process.once("SIGTERM", () => void server.stop());
`;

async function startMemoryServer(): Promise<{ child: ChildProcess; address: Address }> {
  return listening(spawn(process.execPath, ["--input-type=module", "-e", memoryServer], { cwd: repo, stdio: ["ignore", "ignore", "pipe"] }));
}

/** Resolves once `child` logs the address it listens on (its stderr's `"addr"`). */
async function listening(child: ChildProcess): Promise<{ child: ChildProcess; address: Address }> {
  let log = "";
  const address = await new Promise<Address>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const parsed = parseAddress(/"addr":"([^"]+)"/.exec(log)?.[1] ?? "");
      if (typeof parsed === "object") resolve(parsed);
    });
    child.once("exit", (status) => reject(new Error(`kvs-server exited (${status}) before listening:\n${log}`)));
  });
  // Only the start line matters: the per-connection lines must not fill the pipe.
  child.stderr!.resume();
  return { child, address };
}

async function startRedis(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  await mkdir(dir, { recursive: true });
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "no", "--dir", dir], { stdio: "ignore" });
  // Readiness: the port accepts a connection (at most 200 tries, 50 ms apart).
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await canConnect(port)) return { child, port };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not listen on port ${port}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchKvsServer();
