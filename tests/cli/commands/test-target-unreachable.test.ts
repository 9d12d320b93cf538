import { createServer, type Server, type Socket } from "node:net";
import { afterEach, expect, it } from "vitest";
import { reference } from "../../../src/index.js";
import { allTests, kvLab } from "../../../src/labs/kv/index.js";
import { PROBE_MS, runOnTarget, targetDial } from "../../../src/harness/index.js";
import { kvlab } from "../../support/run-cli.js";

// `kvlab test --target` where no kvs-server answers: one line and exit 3 within seconds, never a hang.
const open: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(open.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A TCP server on a free local port that reads everything and never answers. */
async function silentServer(): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.resume();
  });
  open.push(server);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return (server.address() as { port: number }).port;
}

/** A local port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

it("a port where nothing listens: one line naming the address and why, exit 3", { timeout: 30_000 }, async () => {
  const port = await closedPort();
  const run = await kvlab("test", "--suite", "kvsrv", "--target", `127.0.0.1:${port}`);
  expect([run.status, run.stderr, run.stdout]).toEqual([3, `kvlab test: cannot reach kvs-server at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`, ""]);
});

it("a server that accepts and never answers: one line after the probe's bound, exit 3", { timeout: 30_000 }, async () => {
  const port = await silentServer();
  const run = await kvlab("test", "--suite", "kvsrv", "--target", `127.0.0.1:${port}`, "--json");
  expect([run.status, run.stderr, run.stdout]).toEqual([3, `kvlab test: cannot reach kvs-server at 127.0.0.1:${port}: no reply from 127.0.0.1:${port} within ${PROBE_MS} ms (get)\n`, ""]);
});

it("a server that goes quiet during a test fails that test, instead of its clerks resending forever", async () => {
  const port = await silentServer();
  const test = allTests.find((t) => t.name === "TestReliablePut")!;
  const run = { lab: kvLab, impl: reference, definition: test, seed: 0, options: { target: `127.0.0.1:${port}` } };
  const report = await runOnTarget(run, targetDial(kvLab.realTarget!, { host: "127.0.0.1", port }), { silenceMs: 200 });
  expect(report.verdict).toBe("fail");
  expect(report.message).toMatch(/^the kvs-server stopped answering: no reply for 0\.\ds with 1 call\(s\) waiting$/);
});
