import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LabFailure, runOnTarget, targetDial, type Dial, type RealConnection, type Run } from "../../../src/harness/index.js";
import { allTests, kvLab, reference, ReferenceServer, type KVImplementation } from "../../../src/labs/kv/index.js";
import { RealKvWorld } from "../../../src/labs/kv/real-world.js";
import { realTimeEnv } from "../../../src/real/client/index.js";
import type { Address } from "../../../src/real/protocol/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { MemoryEngine } from "../../real/support/memory-engine.js";
import getNeverErrNoKey from "../../real/fixtures/get-never-errnokey.js";

/** The KV lab's connections to the kvs-server at `address`, each for its clerk. */
const tcpDial = (address: Address): Dial => targetDial(kvLab.realTarget!, address);

/** A connection whose ends call a reference server in memory, recording every call as it was sent. */
function fakeConnection(namespace = "ns/", checkSteps?: number) {
  const server = new ReferenceServer();
  const calls: { end: string; method: string; args: unknown }[] = [];
  const connection: RealConnection = {
    env: realTimeEnv,
    namespace,
    ...(checkSteps === undefined ? {} : { checkSteps }),
    connect: (name) => ({
      name,
      call: async <A, R>(method: string, args: A) => {
        calls.push({ end: name, method, args });
        return structuredClone(method === "get" ? server.get(args as never) : server.put(args as never)) as R;
      },
    }),
  };
  return { connection, calls, server };
}

describe("RealKvWorld over a connection", () => {
  it("every key a clerk sends goes under the run's namespace, whatever the key; the clerk sees its own keys", async () => {
    const { connection, calls } = fakeConnection("kvlab-0123/");
    const world = new RealKvWorld(reference, connection);
    const { clerk } = world.makeClerk();
    for (const key of ["k", "", "__proto__", "kvlab-0123/k"]) {
      expect(await clerk.put(key, `v${key}`, 0)).toBe("OK");
      expect(await clerk.get(key)).toEqual({ value: `v${key}`, version: 1, err: "OK" });
    }
    expect(calls.map((call) => (call.args as { key: string }).key)).toEqual(
      ["kvlab-0123/k", "kvlab-0123/", "kvlab-0123/__proto__", "kvlab-0123/kvlab-0123/k"].flatMap((key) => [key, key]),
    );
    // Only the key changes: the value and the version reach the server as the clerk sent them.
    expect(calls[0]).toEqual({ end: "clerk-1", method: "put", args: { key: "kvlab-0123/k", value: "vk", version: 0 } });
  });

  it("each clerk on a connection of its own, named clerk-N; each answer judged against the replies it got", async () => {
    const { connection, calls } = fakeConnection();
    const world = new RealKvWorld(getNeverErrNoKey, connection);
    const first = world.makeClerk();
    const second = world.makeClerk();
    expect([first.end.name, second.end.name, first.env]).toEqual(["clerk-1", "clerk-2", realTimeEnv]);
    await expect(second.clerk.get("y")).rejects.toThrow(new LabFailure('clerk-2: Get("y") returned ("", 0, OK), but the only reply it received said ("", 0, ErrNoKey)'));
    expect(calls.map((call) => call.end)).toEqual(["clerk-2"]);
  });

  it("spawnClient runs a body with a fresh clerk and gives back what it returns; operations are the world's count", async () => {
    const world = new RealKvWorld(reference, fakeConnection().connection);
    expect(await world.spawnClient(0, async (ck) => [ck.end.name, await ck.clerk.put("a", "1", 0)])).toEqual(["clerk-1", "OK"]);
    world.countOperation();
    world.countOperation();
    expect(world.operations).toBe(2);
  });

  it("the run's budget is the world's; a world is always on a reliable network", () => {
    expect(new RealKvWorld(reference, fakeConnection("ns/", 40).connection).options).toEqual({ checkSteps: 40 });
    const world = new RealKvWorld(reference, fakeConnection().connection);
    expect([world.options, world.reliable]).toEqual([{}, true]);
  });

  it("locks from the implementation's createLock, and a Fatal without one", async () => {
    const world = new RealKvWorld(reference, fakeConnection().connection);
    const lock = world.makeLock(world.makeClerk(), "l");
    await lock.acquire();
    await lock.release();
    const { createLock: _, ...lockless } = reference;
    const bare = new RealKvWorld(lockless, fakeConnection().connection);
    expect(() => bare.makeLock(bare.makeClerk(), "l")).toThrow(new LabFailure("the implementation has no createLock"));
  });

  it("fatal throws the lab's failure with its reason", () => {
    const world = new RealKvWorld(reference, fakeConnection().connection);
    expect(() => world.fatal("not linearizable", { kind: "linearizability" })).toThrow(expect.objectContaining({ message: "not linearizable", reason: { kind: "linearizability" } }));
  });
});

describe("the KV lab's tests against a kvs-server in this process", () => {
  let engine: MemoryEngine;
  let server: KvsServer;
  let address: Address;

  beforeEach(async () => {
    engine = new MemoryEngine();
    server = new KvsServer(engine, pino({ level: "silent" }));
    address = await server.listen({ host: "127.0.0.1", port: 0 });
  });

  afterEach(async () => {
    await server.stop();
  });

  /** tcpDial to the server, keeping count of the connections made and closed. */
  function countedDial(): { dial: Dial; made: number; closed: number } {
    const counts = { dial: (() => {}) as unknown as Dial, made: 0, closed: 0 };
    const tcp = tcpDial(address);
    counts.dial = (name) => {
      const end = tcp(name);
      counts.made++;
      return { call: (method, args) => end.call(method, args), close: () => end.close().then(() => void counts.closed++) };
    };
    return counts;
  }

  const run = (name: string, impl: KVImplementation = reference): Run => ({ lab: kvLab, impl, definition: allTests.find((test) => test.name === name)!, seed: 0, options: { target: "here" } });

  it("TestReliablePut passes, every key it wrote under one namespace of the run, and every connection closed", async () => {
    const counts = countedDial();
    const report = await runOnTarget(run("TestReliablePut"), counts.dial);
    // One clerk: put, get, put, put, get, each answered at once by a server that loses nothing.
    expect(report).toMatchObject({ verdict: "pass", peers: 1, seed: 0, traceHash: "", rpcs: 5 });
    const keys = [...engine.data.keys()];
    expect(keys).toEqual([expect.stringMatching(/^kvlab-[0-9a-f]{12}\/k$/)]);
    expect([counts.made, counts.closed]).toEqual([1, 1]);
  });

  it("two runs of a test on one server do not see each other's keys", async () => {
    for (let i = 0; i < 2; i++) expect((await runOnTarget(run("test_reliable_put"), tcpDial(address))).verdict).toBe("pass");
    expect(new Set([...engine.data.keys()].map((key) => key.slice(0, key.indexOf("/")))).size).toBe(2);
  });

  it("a clerk bug fails over TCP, judged against the replies the clerk got", async () => {
    const report = await runOnTarget(run("TestReliablePut", getNeverErrNoKey), tcpDial(address));
    expect([report.verdict, report.message]).toEqual(["fail", 'clerk-1: Get("y") returned ("", 0, OK), but the only reply it received said ("", 0, ErrNoKey)']);
  });

  it("a lock test runs with the implementation's locks, and is skipped without createLock, connecting nothing", async () => {
    expect((await runOnTarget(run("TestReliableBasic"), tcpDial(address))).verdict).toBe("pass");
    const { createLock: _, ...lockless } = reference;
    const counts = countedDial();
    const skipped = await runOnTarget(run("TestReliableBasic", lockless), counts.dial);
    expect([skipped.verdict, skipped.message, counts.made]).toEqual(["skip", "the implementation has no createLock", 0]);
  });
});
