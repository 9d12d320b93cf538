import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { pino } from "pino";
import { afterEach, expect, it, vi } from "vitest";
import { encodeFrame, FrameDecoder, type Request, type Response } from "../../../src/real/protocol/index.js";
import { Connection } from "../../../src/real/server/connection.js";
import { UnfinishedFrames } from "../../../src/real/server/limits.js";
import { RawSocket } from "../support/raw-socket.js";

// The frame timeout runs from a frame's first byte, not from the connection's first unfinished
// byte: a client that streams frames, each ending in a later chunk than it began, is never closed
// while each frame is quick; one frame that takes too long is. The clock is vitest's (setTimeout
// only), moved by the test; the sockets are real.
let listener: Server | undefined;
afterEach(() => {
  listener?.close();
  vi.useRealTimers();
});

/** Listens with a Connection per socket under `frameTimeoutMs`, which answers a get with `value`, later. */
async function serve(frameTimeoutMs: number, unfinished: UnfinishedFrames, value = ""): Promise<number> {
  const answer = (request: Request): Response => ({ id: request.id, ok: request.cmd === "get" ? { value, version: 1 } : null });
  listener = createServer({ allowHalfOpen: true }, (socket) => {
    // The write timeout is longer than any wait here: it is write-timeout.test.ts's.
    new Connection(socket, (request) => Promise.resolve(answer(request)), pino({ level: "silent" }), undefined, { unfinished, frameTimeoutMs, writeTimeoutMs: 3_600_000 });
  });
  return new Promise<number>((resolve) => listener!.listen(0, "127.0.0.1", () => resolve((listener!.address() as AddressInfo).port)));
}

it("a frame that ends within the timeout restarts it for the next; one that does not closes the connection", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const unfinished = new UnfinishedFrames(1 << 20);
  const port = await serve(1_000, unfinished);
  const socket = await RawSocket.open({ host: "127.0.0.1", port });
  const where = (id: number) => encodeFrame({ id, cmd: "where" });
  const [a, b, c] = [where(10), where(11), where(12)];
  // Each write ends with a whole `where` whose reply says the server has read what came before.
  socket.send(Buffer.concat([where(1), a.subarray(0, 5)]));
  await socket.waitFor(1);
  expect(unfinished.total).toBe(5);
  vi.advanceTimersByTime(900);
  socket.send(Buffer.concat([a.subarray(5), where(2), b.subarray(0, 5)]));
  await socket.waitFor(3);
  // 1,800 ms since a's first byte, 900 since b's: the connection is still open.
  vi.advanceTimersByTime(900);
  socket.send(Buffer.concat([b.subarray(5), where(3)]));
  await socket.waitFor(5);
  expect(unfinished.total).toBe(0);
  // Between frames there is no timeout; a frame begun now has 1,000 ms.
  vi.advanceTimersByTime(5_000);
  socket.send(Buffer.concat([where(4), c.subarray(0, 5)]));
  await socket.waitFor(6);
  vi.advanceTimersByTime(1_000);
  await socket.closed;
  expect(socket.replies.map((reply) => [reply.id, "error" in reply ? reply.error.code : "ok"])).toEqual([
    [1, "ok"],
    [10, "ok"],
    [2, "ok"],
    [11, "ok"],
    [3, "ok"],
    [4, "ok"],
    [null, "FrameTimeout"],
  ]);
  // A closed connection gives its share of the bound back.
  expect(unfinished.total).toBe(0);
});

it("a frame the server has stopped reading (its client reads no replies) is not timed out meanwhile", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const unfinished = new UnfinishedFrames(1 << 20);
  const port = await serve(1_000, unfinished, "v".repeat(4 << 20));
  const connection = once(listener!, "connection");
  const socket = connect(port, "127.0.0.1");
  socket.pause();
  await once(socket, "connect");
  const [server] = (await connection) as [Socket];
  const big = encodeFrame({ id: 9, cmd: "set", key: "k", value: "w".repeat(100_000) });
  // A get (a 4 MiB reply, more than the socket takes) and the start of a set: its frame timeout
  // runs, until the server stops reading: it cannot write the reply, so it reads no more.
  const paused = once(server, "pause");
  socket.write(Buffer.concat([encodeFrame({ id: 0, cmd: "get", key: "k" }), big.subarray(0, 10)]));
  await once(socket, "readable");
  await paused;
  socket.write(big.subarray(10, 50_000));
  vi.advanceTimersByTime(60_000);
  socket.write(big.subarray(50_000));
  const decoder = new FrameDecoder();
  const replies: Response[] = [];
  for await (const chunk of socket) {
    for (const reply of decoder.push(chunk as Buffer)) replies.push(reply as Response);
    if (replies.length === 2) break;
  }
  expect(replies.map((reply) => [reply.id, "error" in reply ? reply.error.code : "ok"])).toEqual([
    [0, "ok"],
    [9, "ok"],
  ]);
  socket.destroy();
});
