import { createServer, type Server, type Socket } from "node:net";
import { afterEach, expect, it } from "vitest";
import { ClientError, KvsClient } from "../../../src/real/client/index.js";
import { encodeFrame, type Address } from "../../../src/real/protocol/index.js";

// The client library against servers that misbehave: one that never answers, one that hangs up.
let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
});

function listen(onConnection: (socket: Socket) => void): Promise<Address> {
  return new Promise((resolve) => {
    server = createServer((socket) => {
      sockets.push(socket);
      onConnection(socket);
    }).listen(0, "127.0.0.1", () => resolve({ host: "127.0.0.1", port: (server!.address() as { port: number }).port }));
  });
}

async function failure(promise: Promise<unknown>): Promise<ClientError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ClientError)) throw new Error(`expected a ClientError, got ${String(error)}`);
  return error;
}

it("a server that never answers: each call fails with Timeout, naming the server and the command", async () => {
  const address = await listen(() => undefined);
  const client = await KvsClient.connect(address, { timeoutMs: 50 });
  const errors = await Promise.all([failure(client.get("a")), failure(client.set("b", "v"))]);
  expect(errors.map((error) => [error.code, error.message])).toEqual([
    ["Timeout", `no reply from 127.0.0.1:${address.port} within 50 ms (get)`],
    ["Timeout", `no reply from 127.0.0.1:${address.port} within 50 ms (set)`],
  ]);
  await client.close();
});

it("a server that hangs up mid-request: the call fails with Disconnected, and so does every later one", async () => {
  const address = await listen((socket) => socket.once("data", () => socket.destroy()));
  const client = await KvsClient.connect(address);
  expect((await failure(client.get("a"))).code).toBe("Disconnected");
  expect((await failure(client.get("b"))).code).toBe("Disconnected");
});

it("nobody listening: connect fails with Disconnected", async () => {
  const address = await listen(() => undefined);
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
  const error = await failure(KvsClient.connect(address));
  expect(error.code).toBe("Disconnected");
  expect(error.message).toContain(`cannot connect to 127.0.0.1:${address.port}`);
});

it("a server that answers with something that is not a reply: the call fails with BadFrame, and the client goes on", async () => {
  for (const body of [null, 7, { ok: 1 }, { id: 1, error: "no" }]) {
    const address = await listen((socket) => socket.once("data", () => socket.write(encodeFrame(body))));
    const client = await KvsClient.connect(address);
    const error = await failure(client.get("a"));
    expect([error.code, error.message]).toEqual(["BadFrame", `127.0.0.1:${address.port} sent a bad frame: ${JSON.stringify(body)} is not a reply`]);
    await client.close();
    await new Promise((resolve) => server!.close(resolve));
  }
  server = undefined;
});
