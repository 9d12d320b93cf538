import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KvsClient } from "../../../src/real/client/index.js";
import { PairStore, type WriteResult } from "../../../src/real/pair/index.js";
import type { Address } from "../../../src/real/protocol/index.js";
import { tempDir } from "../../support/temp-dir.js";
import { runUntilExit } from "../support/processes.js";
import { ended, killPairsIn, pairStatus, startPair, statusWhen } from "./front-process.js";

// Real processes on loopback: kvs-front starts kvs-data, and each relaunches the other.
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await killPairsIn(dir);
});

function pairDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

/** Whether a server can listen on `address` now: the port is free. */
function bindable(address: Address): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(address.port, address.host, () => probe.close(() => resolve(true)));
  });
}

const value = (text: string): Buffer => Buffer.from(text);

describe("kvs-front: start and stop", () => {
  it("bad usage, or a data server that cannot start, is one line on stderr and a non-zero exit", { timeout: 30_000 }, async () => {
    const dir = pairDir();
    for (const [args, message, status] of [
      [["--port", "70000"], "kvs-front: --port must be an integer from 0 to 65535", 3],
      [["--bogus"], "kvs-front: Unknown argument: bogus", 3],
      [["--adopt", "127.0.0.1:1"], "kvs-front: --adopt and --adopt-pid go together", 3],
    ] as const) {
      const run = await runUntilExit("kvs-front", [...args], dir);
      expect([run.status, run.stderr.trim()]).toEqual([status, message]);
    }
    // The data directory is a file: the data server cannot open its backup, and the front gives up.
    const notADirectory = join(dir, "file");
    writeFileSync(notADirectory, "");
    const run = await runUntilExit("kvs-front", ["--port", "0", "--dir", notADirectory], dir);
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n").filter((line) => line.startsWith("kvs-front:"))).toEqual([expect.stringMatching(/^kvs-front: the data server could not be started: .*EEXIST/)]);
  });

  it("listens on the port given, or the first free one after it, and says which", { timeout: 30_000 }, async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, "127.0.0.1", () => resolve((taken.address() as { port: number }).port)));
    try {
      const pair = await startPair(["--port", String(port), "--dir", pairDir()], pairDir());
      expect(pair.front.port).toBeGreaterThan(port);
      expect(pair.stdout()).toContain(`listening on 127.0.0.1:${pair.front.port} (port ${port} was taken)`);
      pair.type("quit");
      expect(await pair.exited).toBe(0);
    } finally {
      taken.close();
    }
  });

  for (const [how, stop] of [
    ["quit at the console", (pair: Awaited<ReturnType<typeof startPair>>) => pair.type("quit")],
    ["Ctrl-C (SIGINT)", (pair: Awaited<ReturnType<typeof startPair>>) => void pair.child.kill("SIGINT")],
  ] as const) {
    it(`${how} stops the data server, then the front server; both ports are free and the backup keeps the data`, { timeout: 60_000 }, async () => {
      const dir = pairDir();
      const pair = await startPair(["--port", "0", "--dir", dir], dir);
      const { front, data } = await pairStatus(pair.front);
      const store = await PairStore.connect(front.address.host, front.address.port);
      expect(await store.write(1, value("kept"), true)).toBe("written");
      await store.close();
      stop(pair);
      expect(await pair.exited).toBe(0);
      await ended(data!.pid);
      expect(pair.stdout()).toContain("kvs-front stopped");
      // The data server stopped cleanly (its backup flushed and closed) before the front server did.
      expect(readFileSync(join(dir, "data.log"), "utf8")).toContain('"msg":"stopped"');
      expect(await bindable(front.address)).toBe(true);
      expect(await bindable(data!.address)).toBe(true);

      const again = await startPair(["--port", "0", "--dir", dir], dir);
      const reopened = await PairStore.connect(again.front.host, again.front.port);
      expect((await reopened.read(1, 10))?.value.toString()).toBe("kept");
      await reopened.close();
      again.type("quit");
      expect(await again.exited).toBe(0);
    });
  }
});

describe("kvs-front: fault tolerance", () => {
  it("the data server killed during a load from several clients comes back; clients go on and every acknowledged write is readable", { timeout: 120_000 }, async () => {
    const CLIENTS = 4;
    const WRITES = 60;
    const KILLS = 3;
    const dir = pairDir();
    const pair = await startPair(["--port", "0", "--dir", dir], dir);
    const outcomes = new Map<number, { text: string; result: WriteResult }>();
    let acknowledged = 0;
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      const store = await PairStore.connect(pair.front.host, pair.front.port);
      for (let i = 0; i < WRITES; i++) {
        const key = client * 1_000 + i;
        const text = `client ${client} write ${i}`;
        const result = await store.write(key, value(text), true);
        outcomes.set(key, { text, result });
        if (result === "written") acknowledged++;
      }
      await store.close();
    });
    const killed: number[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      // Kill once a share of the load has been acknowledged, so each kill lands mid-load.
      while (acknowledged < (kill * CLIENTS * WRITES) / (KILLS + 1)) await new Promise((resolve) => setTimeout(resolve, 5));
      const { data } = await statusWhen(pair.front, (status) => status.data !== null && !killed.includes(status.data.pid));
      process.kill(data!.pid, "SIGKILL");
      killed.push(data!.pid);
    }
    await Promise.all(clients);

    const after = await statusWhen(pair.front, (status) => status.data !== null && !killed.includes(status.data.pid));
    expect(after.front.pid).toBe(pair.child.pid);
    const store = await PairStore.connect(pair.front.host, pair.front.port);
    let unknown = 0;
    for (const [key, { text, result }] of outcomes) {
      const stored = (await store.read(key, 100))?.value.toString();
      if (result === "written") expect(stored, `key ${key}`).toBe(text);
      else {
        unknown++;
        expect([text, undefined], `key ${key} (outcome unknown)`).toContain(stored);
      }
    }
    expect(outcomes.size).toBe(CLIENTS * WRITES);
    expect(unknown).toBeLessThanOrEqual(KILLS * CLIENTS); // at most one write in flight per client per kill
    await store.close();
  });

  it("a hung data server (stopped, not dead) is killed and relaunched", { timeout: 60_000 }, async () => {
    const dir = pairDir();
    const pair = await startPair(["--port", "0", "--dir", dir], dir);
    const before = (await pairStatus(pair.front)).data!;
    process.kill(before.pid, "SIGSTOP");
    await statusWhen(pair.front, (status) => status.data !== null && status.data.pid !== before.pid);
    await ended(before.pid);
    const store = await PairStore.connect(pair.front.host, pair.front.port);
    expect(await store.write(1, value("after the hang"), true)).toBe("written");
    await store.close();
  });

  it("the front server killed comes back on the same port, keeps the data server, and new clients connect", { timeout: 60_000 }, async () => {
    const dir = pairDir();
    const pair = await startPair(["--port", "0", "--dir", dir], dir);
    const before = await pairStatus(pair.front);
    const store = await PairStore.connect(pair.front.host, pair.front.port);
    expect(await store.write(7, value("before"), true)).toBe("written");
    pair.child.kill("SIGKILL");

    const after = await statusWhen(pair.front, (status) => status.front.pid !== before.front.pid);
    expect(after.front.address).toEqual(before.front.address);
    expect(after.data).toEqual(before.data);
    expect(await store.write(7, value("during"), true)).toBe("written"); // talks to the data server throughout
    await store.close();
    const newcomer = await PairStore.connect(pair.front.host, pair.front.port);
    expect((await newcomer.read(7, 10))?.value.toString()).toBe("during");
    await newcomer.close();

    // The relaunched front server has no console: a shutdown request stops the pair.
    const client = await KvsClient.connect(pair.front);
    await client.shutdown();
    await ended(after.front.pid);
    await ended(after.data!.pid);
    expect(readFileSync(join(dir, "front.log"), "utf8")).toContain('"relaunched":true');
  });
});
