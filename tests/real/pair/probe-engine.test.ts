// The pair's liveness probe (`where`) reads the data server's engine: a data server whose engine
// cannot read answers it with an error, and its partner replaces it as it would a hung one.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { KvsClient } from "../../../src/real/client/index.js";
import { Partner } from "../../../src/real/pair/index.js";
import type { PairProcess } from "../../../src/real/protocol/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { MemoryEngine } from "../support/memory-engine.js";

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataServer(engine: MemoryEngine): Promise<PairProcess["address"]> {
  const server = new KvsServer(engine, pino({ level: "silent" }));
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
