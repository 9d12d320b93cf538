import { createServer, type AddressInfo, type Server } from "node:net";
import { pino } from "pino";
import { afterEach, expect, it } from "vitest";
import { encodeFrame } from "../../../src/real/protocol/index.js";
import { Connection } from "../../../src/real/server/connection.js";
import { RawSocket } from "../support/raw-socket.js";

// An error of the server's own while it handles a connection's bytes (not a protocol error: a bug,
// an engine that throws where it should not) ends that connection, logged and answered `Internal`;
// it never leaves the connection's handler, where it would stop the process.
let listener: Server | undefined;
afterEach(() => listener?.close());

it("an error that is no ProtocolError while handling a request: Internal, logged, and only that connection closed", async () => {
  const lines: string[] = [];
  const log = pino({ base: undefined }, { write: (line: string) => lines.push(line) });
  const answered: number[] = [];
  listener = createServer({ allowHalfOpen: true }, (socket) => {
    const immediate = {
      answer: (request: { id: number; cmd: string }) => {
        if (request.id === 2) throw new TypeError("x".repeat(10_000));
        answered.push(request.id);
        return { id: request.id, ok: null };
      },
      durable: () => Promise.resolve(),
    };
    new Connection(socket, () => Promise.reject(new Error("not dispatched")), log, immediate as never);
  });
  const port = await new Promise<number>((resolve) => listener!.listen(0, "127.0.0.1", () => resolve((listener!.address() as AddressInfo).port)));
  const socket = await RawSocket.open({ host: "127.0.0.1", port });
  socket.send(Buffer.concat([1, 2, 3].map((id) => encodeFrame({ id, cmd: "get", key: "k" }))));
  await socket.closed;
  // The request before the failure is answered; the one after is never started.
  expect(answered).toEqual([1]);
  expect(socket.replies.map((reply) => [reply.id, "error" in reply ? reply.error.code : "ok"])).toEqual([
    [1, "ok"],
    [null, "Internal"],
  ]);
  const failure = socket.replies[1]!;
  expect("error" in failure && failure.error.message.length).toBeLessThan(300);
  const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; err?: string });
  expect(logged).toContainEqual(expect.objectContaining({ level: 50, msg: "failed handling a connection; closing it", err: expect.stringMatching(/^the server failed handling this connection.s requests: x{200}…$/) }));
});
