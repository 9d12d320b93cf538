import { afterEach, describe, expect, it } from "vitest";
import { KvsClient } from "../../../src/real/client/index.js";
import { encodeFrame } from "../../../src/real/protocol/index.js";
import { tempDir } from "../../support/temp-dir.js";
import { RawSocket } from "../support/raw-socket.js";
import { killAll, startServer } from "../support/processes.js";
import { residentMiB, served, servesAClient } from "./attack.js";

// Unfinished frames were held without limit: 200 sockets each holding 16 MiB − 1 of a frame grew
// a server to 3 GB, and sockets that sent only a length prefix were held forever. Now unfinished
// frames share one bound across all connections, a frame has a time limit from its first byte,
// and connections are capped.
afterEach(killAll);

/** What a connection got before it closed: [id, code] of each reply. */
function codes(socket: RawSocket): [number | null, string][] {
  return socket.replies.map((reply) => [reply.id, "error" in reply ? reply.error.code : "ok"]);
}

/** Resolves once `count` of `sockets` have been closed by the server. */
async function closedCount(sockets: RawSocket[], count: number): Promise<void> {
  let closed = 0;
  await new Promise<void>((resolve) => {
    for (const socket of sockets) void socket.closed.then(() => ++closed === count && resolve());
  });
}

/** Whether the server keeps `socket` open: it answers a `where`, or closes. */
async function kept(socket: RawSocket): Promise<boolean> {
  socket.send(encodeFrame({ id: 1, cmd: "where" }));
  return Promise.race([socket.waitFor(1).then(() => true), socket.closed.then(() => false)]);
}

describe("unfinished frames and connections, bounded", () => {
  it("40 sockets each sending all but a byte of a 15 MiB frame, --max-unfinished-mib 32: 38 or more are closed Overloaded, the server stays under 400 MiB while 600 MiB are sent (it held them all before), and the rest finish", { timeout: 60_000 }, async () => {
    const server = await startServer(["--addr", "127.0.0.1:0", "--max-unfinished-mib", "32"], tempDir());
    const value = "x".repeat((15 << 20) - 64);
    const frame = encodeFrame({ id: 7, cmd: "set", key: "k", value });
    const sockets = await Promise.all(Array.from({ length: 40 }, () => RawSocket.open(server.address)));
    const closed = new Set<RawSocket>();
    for (const socket of sockets) void socket.closed.then(() => closed.add(socket));
    for (const socket of sockets) socket.send(frame.subarray(0, -1));
    // Three would hold 45 MiB: two at most can be kept.
    await closedCount(sockets, 38);
    const { peak } = residentMiB(server.pid);
    for (const socket of closed) expect(codes(socket)).toEqual([[null, "Overloaded"]]);
    const survivors = sockets.filter((socket) => !closed.has(socket));
    expect(survivors.length).toBeGreaterThanOrEqual(1);
    for (const socket of survivors) socket.send(frame.subarray(-1));
    for (const socket of survivors) {
      await socket.waitFor(1);
      expect(codes(socket)).toEqual([[7, "ok"]]);
    }
    const client = await KvsClient.connect(server.address);
    expect(await client.get("k")).toEqual({ value, version: survivors.length });
    await client.close();
    expect(await servesAClient(server.address)).toBe("alive canary");
    expect(server.stderr()).toContain('"code":"Overloaded"');
    console.log(`40 x 15 MiB unfinished frames under a 32 MiB bound: server RSS peak ${peak.toFixed(0)} MiB while they were sent`);
    expect(peak).toBeLessThan(400);
  });

  it("100 sockets sending only a length prefix (or half of one) are closed FrameTimeout after --frame-timeout-ms; an idle client is not", { timeout: 30_000 }, async () => {
    const server = await startServer(["--addr", "127.0.0.1:0", "--frame-timeout-ms", "200"], tempDir());
    const idle = await KvsClient.connect(server.address);
    const prefix = Buffer.from([0, 0, 3, 232]); // a body of 1,000 bytes to come
    const sockets = await Promise.all(Array.from({ length: 100 }, () => RawSocket.open(server.address)));
    sockets.forEach((socket, i) => socket.send(i % 2 === 0 ? prefix : prefix.subarray(0, 2)));
    await Promise.all(sockets.map((socket) => socket.closed));
    for (const socket of sockets) expect(codes(socket)).toEqual([[null, "FrameTimeout"]]);
    expect(await idle.set("k", "v")).toBe(1);
    await idle.close();
    expect(server.stderr()).toContain('"code":"FrameTimeout"');
  });

  it("--max-connections 5: the sixth is closed at once and logged; once one closes, a new client is served", { timeout: 30_000 }, async () => {
    const server = await startServer(["--addr", "127.0.0.1:0", "--max-connections", "5"], tempDir());
    const sockets = await Promise.all(Array.from({ length: 5 }, () => RawSocket.open(server.address)));
    expect(await Promise.all(sockets.map(kept))).toEqual([true, true, true, true, true]);
    const sixth = await RawSocket.open(server.address);
    await sixth.closed;
    expect(sixth.replies).toEqual([]);
    expect(server.stderr()).toContain("connection refused: too many open (--max-connections)");
    sockets[0]!.end();
    await sockets[0]!.closed;
    expect(await served(server.address)).toBe(true);
  });

  it("under a limit of 200 open files, --max-connections is lowered to leave the server its own, and 100 connections leave it serving", { timeout: 30_000 }, async () => {
    const server = await startServer(["--addr", "127.0.0.1:0"], tempDir(), 200);
    expect(server.stderr()).toContain("--max-connections lowered to 72");
    const sockets = await Promise.all(Array.from({ length: 100 }, () => RawSocket.open(server.address)));
    const open = (await Promise.all(sockets.map(kept))).filter(Boolean).length;
    expect(open).toBe(72);
    for (const socket of sockets) socket.destroy();
    expect(await served(server.address)).toBe(true);
  });
});
