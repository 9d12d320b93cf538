// The pair's liveness probe (`where`) reads the data server's engine: a data server whose engine
// cannot read answers it with an error, and its partner replaces it as it would a hung one. A probe
// refused at accept (clients fill --max-connections) is no such miss: that server is not hung.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { KvsClient } from "../../../src/real/client/index.js";
import { Partner } from "../../../src/real/pair/index.js";
import type { PairProcess } from "../../../src/real/protocol/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { DEFAULT_LIMITS } from "../../../src/real/server/limits.js";
import { MemoryEngine } from "../support/memory-engine.js";

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataServer(engine: MemoryEngine, log = pino({ level: "silent" }), maxConnections = DEFAULT_LIMITS.maxConnections): Promise<PairProcess["address"]> {
  const server = new KvsServer(engine, log, { ...DEFAULT_LIMITS, maxConnections });
  cleanups.push(() => server.stop());
  return server.listen({ host: "127.0.0.1", port: 0 });
}

/** A process that stands for a data server's (the partner checks it runs, and kills it). */
function standIn(): ChildProcess {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  cleanups.push(() => void child.kill("SIGKILL"));
  return child;
}

describe("the data server's where reads its engine", () => {
  it("answers null while the engine reads, and an Internal error naming why while it cannot", async () => {
    const engine = new MemoryEngine();
    const client = await KvsClient.connect(await dataServer(engine));
    cleanups.push(() => client.close());
    expect(await client.where()).toBeNull();
    engine.failure = new Error("EIO: i/o error, read");
    await expect(client.where()).rejects.toMatchObject({ code: "Internal", message: expect.stringContaining("EIO: i/o error, read") });
    engine.failure = undefined;
    expect(await client.where()).toBeNull();
  });

  it("a partner whose engine cannot read is killed and relaunched, as a hung one is", async () => {
    const broken = new MemoryEngine();
    broken.failure = new Error("kvs: the store is closed");
    const first = standIn();
    const lines: string[] = [];
    const healthy: PairProcess = { pid: standIn().pid!, address: await dataServer(new MemoryEngine()) };
    let relaunched!: () => void;
    const relaunch = new Promise<void>((resolve) => (relaunched = resolve));
    const partner = new Partner(
      { name: "data server", log: pino({ base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line).msg) }), launch: async () => (relaunched(), healthy) },
      { pid: first.pid!, address: await dataServer(broken) },
    );
    cleanups.push(() => partner.stop());
    const killed = once(first, "exit");
    await partner.start();
    await relaunch;
    expect(await killed).toEqual([null, "SIGKILL"]);
    expect(lines).toContain("data server does not answer; killing and relaunching it");
    expect(partner.current).toEqual(healthy);
  });
});

describe("a probe refused at accept", () => {
  it("clients filling --max-connections 3 close four probes in a row at accept: the partner is neither killed nor relaunched", async () => {
    let refused = 0;
    let fourRefused!: () => void;
    const refusedFour = new Promise<void>((resolve) => (fourRefused = resolve));
    const serverLog = pino({ base: undefined }, { write: (line: string) => void (JSON.parse(line).msg.startsWith("connection refused") && ++refused === 4 && fourRefused()) });
    const address = await dataServer(new MemoryEngine(), serverLog, 3);
    const clients = await Promise.all([0, 1, 2].map(() => KvsClient.connect(address)));
    cleanups.push(() => Promise.all(clients.map((client) => client.close())));
    // Each answered: the server holds all three, and has no room for a fourth.
    for (const client of clients) expect(await client.where()).toBeNull();
    const running = standIn();
    const lines: string[] = [];
    let launches = 0;
    const partner = new Partner(
      { name: "data server", log: pino({ base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line).msg) }), launch: async () => (launches++, { pid: running.pid!, address }) },
      { pid: running.pid!, address },
    );
    cleanups.push(() => partner.stop());
    await partner.start();
    // More refusals than the misses that make a hung server.
    await refusedFour;
    expect(lines).not.toContain("data server does not answer; killing and relaunching it");
    expect(launches).toBe(0);
    expect(running.exitCode === null && running.signalCode === null).toBe(true);
    expect(partner.current).toEqual({ pid: running.pid, address });
  });
});
