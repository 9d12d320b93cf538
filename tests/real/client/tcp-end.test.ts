import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reference } from "../../../src/labs/kv/index.js";
import { realTimeEnv, TcpClientEnd } from "../../../src/real/client/index.js";
import type { Address } from "../../../src/real/protocol/index.js";
import { KvsServer } from "../../../src/real/server/index.js";
import { MemoryEngine } from "../support/memory-engine.js";
import { tempDir } from "../../support/temp-dir.js";
import { killAll, startServer } from "../support/processes.js";

let server: KvsServer;
let address: Address;
const ends: TcpClientEnd[] = [];

beforeEach(async () => {
  server = new KvsServer(new MemoryEngine(), pino({ level: "silent" }));
  address = await server.listen({ host: "127.0.0.1", port: 0 });
});

afterEach(async () => {
  for (const end of ends.splice(0)) await end.close();
  await server.stop();
});

function end(to: Address = address): TcpClientEnd {
  const made = new TcpClientEnd(to, { timeoutMs: 2_000 });
  ends.push(made);
  return made;
}

it("a value the protocol cannot carry (a lone surrogate) is thrown, not retried for ever as a lost message", async () => {
  const clerk = reference.createClerk(end(), realTimeEnv);
  await expect(clerk.put("k", "a\ud800", 0)).rejects.toMatchObject({ code: "BadRequest", message: expect.stringContaining("lone surrogate") });
  expect(await clerk.put("k", "a", 0)).toBe("OK");
});

it("the reference clerk runs unchanged over TCP: get, put, ErrVersion, ErrNoKey", async () => {
  const clerk = reference.createClerk(end(), realTimeEnv);
  expect(await clerk.get("k")).toEqual({ value: "", version: 0, err: "ErrNoKey" });
  expect(await clerk.put("k", "a", 1)).toBe("ErrNoKey");
  expect(await clerk.put("k", "a", 0)).toBe("OK");
  expect(await clerk.get("k")).toEqual({ value: "a", version: 1, err: "OK" });
  expect(await clerk.put("k", "b", 0)).toBe("ErrVersion");
  expect(await clerk.put("k", "b", 1)).toBe("OK");
  expect(await clerk.get("k")).toEqual({ value: "b", version: 2, err: "OK" });
});

it("two clerks race on one key: exactly one put per version wins", async () => {
  const clerks = [reference.createClerk(end(), realTimeEnv), reference.createClerk(end(), realTimeEnv)];
  const outcomes = await Promise.all(clerks.map((clerk, i) => clerk.put("race", `c${i}`, 0)));
  expect(outcomes.sort()).toEqual(["ErrVersion", "OK"]);
});

it("no server: a call resolves undefined, like a lost message, so a clerk retries", async () => {
  await server.stop();
  const unreachable = end();
  expect(await unreachable.call("get", { key: "k" })).toBeUndefined();
  expect(await unreachable.call("put", { key: "k", value: "v", version: 0 })).toBeUndefined();
});

it("a method the server does not have is a hard failure", async () => {
  await expect(end().call("append", { key: "k" })).rejects.toThrow(/unknown method "append"/);
});

describe("against a kvs-server process", () => {
  afterEach(killAll);

  it("the reference clerk: get, put, ErrVersion, ErrNoKey, and a retry across a server restart", async () => {
    const dir = tempDir("kvs-clerk-");
    const server = await startServer(["--addr", "127.0.0.1:0", "--dir", dir], dir);
    const clerk = reference.createClerk(end(server.address), realTimeEnv);
    expect(await clerk.get("k")).toEqual({ value: "", version: 0, err: "ErrNoKey" });
    expect(await clerk.put("k", "a", 3)).toBe("ErrNoKey");
    expect(await clerk.put("k", "a", 0)).toBe("OK");
    expect(await clerk.put("k", "b", 0)).toBe("ErrVersion");
    expect(await clerk.put("k", "b", 1)).toBe("OK");
    await server.kill("SIGKILL");

    // The server is down: the clerk's get sees lost messages and retries until it is back.
    const retried = clerk.get("k");
    const restarted = await startServer(["--addr", server.addr, "--dir", dir], dir);
    expect(restarted.addr).toBe(server.addr);
    expect(await retried).toEqual({ value: "b", version: 2, err: "OK" });
  });
});
