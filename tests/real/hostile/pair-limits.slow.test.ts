import { readFileSync } from "node:fs";
import { afterEach, expect, it } from "vitest";
import type { Address } from "../../../src/real/protocol/index.js";
import { tempDir } from "../../support/temp-dir.js";
import { RawSocket } from "../support/raw-socket.js";
import { killPairsIn, pairStatus, startPair, statusWhen } from "../pair/front-process.js";
import { once } from "node:events";
import { KvsClient } from "../../../src/real/client/index.js";
import { encodeFrame } from "../../../src/real/protocol/index.js";
import { gets, pipeliner, readReplies, residentMiB, served, servesAClient } from "./attack.js";

// The pair's servers take the same limits as kvs-server, and hand them on: kvs-front to the data
// server it launches, kvs-data to the front server it relaunches.
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await killPairsIn(dir);
});

const limits = ["--max-connections", "50", "--max-unfinished-mib", "8", "--frame-timeout-ms", "200"];

/** The command line of process `pid`, as its arguments. */
function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
}

/** A connection that sends only a length prefix: the server closes it FrameTimeout. */
async function timedOut(address: Address): Promise<unknown> {
  const socket = await RawSocket.open(address);
  socket.send(Buffer.from([0, 0, 0, 100]));
  await socket.closed;
  return socket.replies.map((reply) => ("error" in reply ? reply.error.code : "ok"));
}

it("kvs-front and kvs-data apply --frame-timeout-ms and hand every limit to the partner they launch", { timeout: 60_000 }, async () => {
  const dir = tempDir();
  dirs.push(dir);
  const pair = await startPair(["--port", "0", "--dir", dir, ...limits], dir);
  const before = await pairStatus(pair.front);
  expect(commandLine(before.data!.pid).join(" ")).toContain(limits.join(" "));
  expect(await timedOut(pair.front)).toEqual(["FrameTimeout"]);
  expect(await timedOut(before.data!.address)).toEqual(["FrameTimeout"]);
  pair.child.kill("SIGKILL");
  const after = await statusWhen(pair.front, (status) => status.front.pid !== before.front.pid);
  expect(commandLine(after.front.pid).join(" ")).toContain(limits.join(" "));
  expect(await timedOut(pair.front)).toEqual(["FrameTimeout"]);
  expect(await servesAClient(after.data!.address)).toBe("alive canary");
});

/** Whether the server keeps `socket` open: it answers a `where`, or closes. */
async function kept(socket: RawSocket): Promise<boolean> {
  socket.send(encodeFrame({ id: 1, cmd: "where" }));
  return Promise.race([socket.waitFor(1).then(() => true), socket.closed.then(() => false)]);
}

it("the pair under --max-connections 50: each server refuses the connections past it, and kvs-data, sent 300,000 pipelined gets of 1 KiB read only later, stays under 300 MiB (buffered, the encoded replies alone would add 300 MiB to the ~100 it holds at rest) and keeps its data", { timeout: 90_000 }, async () => {
  const dir = tempDir();
  dirs.push(dir);
  const pair = await startPair(["--port", "0", "--dir", dir, ...limits], dir);
  const before = await pairStatus(pair.front);
  const data = before.data!;
  for (const address of [pair.front, data.address]) {
    const sockets = await Promise.all(Array.from({ length: 60 }, () => RawSocket.open(address)));
    // Each server's partner holds one connection to it, its probe (once it has probed): 49 or 50 are left for clients.
    const open = (await Promise.all(sockets.map(kept))).filter(Boolean).length;
    expect(open === 49 || open === 50, `${open} kept`).toBe(true);
    for (const socket of sockets) socket.destroy();
    expect(await served(address)).toBe(true);
  }
  const writer = await KvsClient.connect(data.address);
  await writer.set("big", "w".repeat(1024));
  await writer.close();
  const hostile = await pipeliner(data.address, gets(300_000));
  await once(hostile, "readable");
  expect(await servesAClient(data.address)).toBe("alive canary");
  expect(await readReplies(hostile, 300_000)).toMatchObject({ id: 299_999, ok: { version: 1 } });
  hostile.destroy();
  const { peak } = residentMiB(data.pid);
  console.log(`kvs-data, 300k pipelined gets of 1 KiB read only later: RSS peak ${peak.toFixed(0)} MiB`);
  expect(peak).toBeLessThan(300);
  // On a loaded machine a slow probe may have the data server relaunched: whichever one serves
  // now, every acknowledged write is there.
  const now = await statusWhen(pair.front, (status) => status.data !== null);
  const reader = await KvsClient.connect(now.data!.address);
  expect(await reader.get("big")).toEqual({ value: "w".repeat(1024), version: 1 });
  expect(await reader.get("canary")).toEqual({ value: "alive canary", version: 1 });
  await reader.close();
});
