import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { pino } from "pino";
import { afterEach, expect, it, vi } from "vitest";
import { encodeFrame, type Request, type Response } from "../../../src/real/protocol/index.js";
import { Connection } from "../../../src/real/server/connection.js";
import { UnfinishedFrames } from "../../../src/real/server/limits.js";

// A client that stops reading its replies holds the server's memory for the write timeout at most:
// the connection is then destroyed, logged once. One that reads, however slowly, is not. The clock
// is vitest's (setTimeout only), moved by the test; the sockets are real.
let listener: Server | undefined;
afterEach(() => {
  listener?.close();
  vi.useRealTimers();
});

/** A server whose gets answer a 12 MiB value (more than the kernel takes unread), and the log lines it writes. */
async function serve(writeTimeoutMs: number): Promise<{ port: number; accepted: Promise<Socket>; lines: string[] }> {
  const lines: string[] = [];
  const log = pino({ base: undefined }, { write: (line: string) => lines.push(line) });
  const value = "v".repeat(12 << 20);
  let accept!: (socket: Socket) => void;
  const accepted = new Promise<Socket>((resolve) => (accept = resolve));
  listener = createServer({ allowHalfOpen: true }, (socket) => {
    accept(socket);
    new Connection(socket, (request: Request) => Promise.resolve<Response>({ id: request.id, ok: { value, version: 1 } }), log, undefined, { unfinished: new UnfinishedFrames(1 << 20), frameTimeoutMs: 1_000, writeTimeoutMs });
  });
  await new Promise<void>((resolve) => listener!.listen(0, "127.0.0.1", resolve));
  return { port: (listener.address() as AddressInfo).port, accepted, lines };
}

it("a connection whose unsent replies do not drain within the write timeout is destroyed, logged once", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const { port, accepted, lines } = await serve(2_000);
  const client = connect(port, "127.0.0.1");
  client.on("error", () => undefined);
  client.pause();
  await once(client, "connect");
  client.write(encodeFrame({ id: 1, cmd: "get", key: "k" }));
  const socket = await accepted;
  // The reply is written and the socket refuses more: the server has stopped reading.
  while (socket.writableLength === 0) await new Promise((resolve) => setImmediate(resolve));
  vi.advanceTimersByTime(1_999);
  expect(socket.destroyed).toBe(false);
  vi.advanceTimersByTime(1);
  expect(socket.destroyed).toBe(true);
  const warnings = lines.map((line) => JSON.parse(line) as { msg: string; writeTimeoutMs?: number }).filter((line) => line.msg.includes("write timeout"));
  expect(warnings).toEqual([expect.objectContaining({ msg: "replies not read within the write timeout; closing the connection", writeTimeoutMs: 2_000 })]);
  client.destroy();
});

it("a drain starts the timeout over: a client that reads each reply within it is not closed", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const { port, accepted } = await serve(2_000);
  const client = connect(port, "127.0.0.1");
  client.on("error", () => undefined);
  client.pause();
  await once(client, "connect");
  const socket = await accepted;
  // Two gets, one after the other; each reply waits 1,500 ms unread, then is read whole. (The
  // kernel may take a whole reply once its buffers have grown: then it drains unread.)
  for (const id of [1, 2]) {
    let drainedAlready = false;
    const drained = once(socket, "drain").then(() => (drainedAlready = true));
    client.write(encodeFrame({ id, cmd: "get", key: "k" }));
    while (socket.writableLength === 0 && !drainedAlready) await new Promise((resolve) => setImmediate(resolve));
    vi.advanceTimersByTime(1_500);
    let received = 0;
    const count = (chunk: Buffer): void => void (received += chunk.length);
    client.on("data", count);
    client.resume();
    await drained;
    while (received < 12 << 20) await once(client, "data");
    client.off("data", count);
    client.pause();
  }
  expect(socket.destroyed).toBe(false);
  client.destroy();
});
