import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { pino } from "pino";
import { afterEach, expect, it, vi } from "vitest";
import { encodeFrame, type FrameDecoder, type Request, type Response } from "../../../src/real/protocol/index.js";
import { Connection, END_GRACE_MS } from "../../../src/real/server/connection.js";
import { UnfinishedFrames } from "../../../src/real/server/limits.js";

// A connection closed in the middle of a frame (FrameTimeout here) forgets the frame's bytes at
// once, not only its share of the server's bound; and a client that keeps its side open once the
// server has ended its own is destroyed after END_GRACE_MS, so it holds nothing for ever. The
// clock is vitest's (setTimeout only), moved by the test; the sockets are real.
let listener: Server | undefined;
afterEach(() => {
  listener?.close();
  vi.useRealTimers();
});

it("a connection timed out mid-frame drops the frame's bytes and is destroyed after the grace if its client keeps its side open", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const unfinished = new UnfinishedFrames(1 << 30);
  let connection!: Connection;
  let accepted!: Socket;
  listener = createServer({ allowHalfOpen: true }, (socket) => {
    accepted = socket;
    connection = new Connection(socket, (request: Request) => Promise.resolve<Response>({ id: request.id, ok: null }), pino({ level: "silent" }), undefined, { unfinished, frameTimeoutMs: 1_000 });
  });
  await new Promise<void>((resolve) => listener!.listen(0, "127.0.0.1", resolve));
  const client = connect({ port: (listener.address() as AddressInfo).port, host: "127.0.0.1", allowHalfOpen: true });
  client.on("error", () => undefined);
  client.resume();
  await once(client, "connect");
  const big = encodeFrame({ id: 1, cmd: "set", key: "k", value: "v".repeat(2 << 20) });
  client.write(big.subarray(0, 1 << 20));
  while (unfinished.total < 1 << 20) await new Promise((resolve) => setImmediate(resolve));
  expect(unfinished.total).toBe(1 << 20);
  // What the connection's decoder buffers (private: the test looks at the very bytes held).
  const buffered = (): number => (connection as unknown as { decoder: FrameDecoder }).decoder.buffered;
  expect(buffered()).toBe(1 << 20);
  const serverEnded = once(accepted, "finish");
  const clientSawEnd = once(client, "end");
  vi.advanceTimersByTime(1_000);
  await Promise.all([serverEnded, clientSawEnd]);
  expect(unfinished.total).toBe(0);
  expect(buffered()).toBe(0);
  // The client keeps its side open: the server waits the grace, not longer.
  vi.advanceTimersByTime(END_GRACE_MS - 1);
  expect(accepted.destroyed).toBe(false);
  vi.advanceTimersByTime(1);
  expect(accepted.destroyed).toBe(true);
  client.destroy();
});
