import { createServer, type Server, type Socket } from "node:net";
import { afterEach, expect, it, vi } from "vitest";
import { reference } from "../../src/index.js";
import { TcpWorld } from "../../src/harness/tcp/tcp-world.js";

const sockets: Socket[] = [];
let server: Server | undefined;

afterEach(async () => {
  vi.useRealTimers();
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

it("a call made after a long idle spell is not reported silent at the next tick: quiet time starts when calls begin waiting", async () => {
  server = createServer((socket) => {
    sockets.push(socket);
    socket.resume(); // reads, never answers
  });
  await new Promise<void>((listening) => server!.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as { port: number };
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout", "performance"] });
  const world = new TcpWorld(reference, { host: "127.0.0.1", port }, "ns-");
  let said: string | undefined;
  const silence = world.silence(1000);
  void silence.said.then((reason) => (said = reason));
  await vi.advanceTimersByTimeAsync(20_000); // idle: no call waiting
  const ck = world.makeClerk();
  void ck.end.call("get", { key: "k" });
  await vi.advanceTimersByTimeAsync(300); // one watch tick with the call waiting 0.3 s
  expect(said).toBeUndefined();
  await vi.advanceTimersByTimeAsync(1000);
  expect(said).toMatch(/^the kvs-server stopped answering: no reply for 1\.\ds with 1 call\(s\) waiting$/);
  silence.stop();
  await world.close();
});
