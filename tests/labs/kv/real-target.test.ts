import { createServer } from "node:net";
import { pino } from "pino";
import { afterEach, beforeEach, expect, it } from "vitest";
import { PROBE_MS, runOnTarget, runsOverTcp, targetDial, type Run } from "../../../src/harness/index.js";
import { allTests, kvLab, reference } from "../../../src/labs/kv/index.js";
import { kvTarget } from "../../../src/labs/kv/real-target.js";
import { realTimeEnv } from "../../../src/real/client/index.js";
import type { Address } from "../../../src/real/protocol/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { MemoryEngine } from "../../real/support/memory-engine.js";

// The KV lab's real target: how the harness reaches a kvs-server, here one in this process.
let server: KvsServer;
let address: Address;

beforeEach(async () => {
  server = new KvsServer(new MemoryEngine(), pino({ level: "silent" }));
  address = await server.listen({ host: "127.0.0.1", port: 0 });
});

afterEach(async () => {
  await server.stop();
});

/** A local port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((listening) => listener.listen(0, "127.0.0.1", listening));
  const { port } = listener.address() as { port: number };
  await new Promise((closed) => listener.close(closed));
  return port;
}

it("is the KV lab's, named kvs-server in messages, on src/real's real time", () => {
  expect(kvLab.realTarget).toBe(kvTarget);
  expect([kvTarget.server, kvTarget.env]).toEqual(["kvs-server", realTimeEnv]);
});

it("dial opens a connection that speaks the lab's get and put to the kvs-server, each connection its own", async () => {
  const first = kvTarget.dial(address, "clerk-1");
  const second = kvTarget.dial(address, "clerk-2");
  try {
    expect(first).not.toBe(second);
    expect(await first.call("put", { key: "k", value: "v", version: 0 })).toEqual({ err: "OK" });
    expect(await second.call("get", { key: "k" })).toEqual({ value: "v", version: 1, err: "OK" });
    expect(await second.call("put", { key: "k", value: "w", version: 0 })).toEqual({ err: "ErrVersion" });
    expect(await first.call("get", { key: "none" })).toEqual({ value: "", version: 0, err: "ErrNoKey" });
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

it("probe: undefined when the kvs-server answers; one line naming the address and why when nothing listens", async () => {
  expect(await kvTarget.probe(address, PROBE_MS)).toBeUndefined();
  const port = await closedPort();
  expect(await kvTarget.probe({ host: "127.0.0.1", port }, PROBE_MS)).toBe(`cannot reach kvs-server at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
});

it("a suite test runs through it against the kvs-server, and the tests that need the simulation say why in the words --target always printed", async () => {
  const run = (name: string): Run => ({ lab: kvLab, impl: reference, definition: allTests.find((test) => test.name === name)!, seed: 0, options: { target: "here" } });
  const passed = await runOnTarget(run("TestReliablePut"), targetDial(kvTarget, address));
  expect([passed.verdict, passed.rpcs]).toEqual(["pass", 5]);
  const skipped = allTests.filter((test) => test.reliable && !runsOverTcp(test));
  expect(skipped.map((test) => test.name)).toEqual(expect.arrayContaining(["TestMemPutManyClientsReliable", "test_partitioned_put", "TestReleasePutLost"]));
  for (const test of skipped) expect((await runOnTarget(run(test.name), targetDial(kvTarget, address))).message).toBe("needs the simulation (it measures the server object)");
});
