import { describe, expect, it } from "vitest";
import { LabFailure } from "../../../src/harness/index.js";
import { reference } from "../../../src/labs/kv/reference.js";
import { ReferenceServer } from "../../../src/labs/kv/reference-server.js";
import { SERVER, SimulatedKvWorld, labProfile, simulated } from "../../../src/labs/kv/sim-world.js";
import type { KvWorld } from "../../../src/labs/kv/world.js";

/** Runs `body` as the tester task of a fresh world on the reference; resolves with the world. */
async function inWorld(body: (t: SimulatedKvWorld) => Promise<void>, options: { forensics?: boolean; reliable?: boolean } = {}): Promise<SimulatedKvWorld> {
  const t = new SimulatedKvWorld(reference, { seed: 1, reliable: options.reliable ?? true, forensics: options.forensics ?? false });
  t.sim.spawn("tester", () => body(t));
  await t.sim.run();
  return t;
}

describe("labProfile", () => {
  it("is the lab's reliable network, with the unreliable layer when asked, and extra layers on top", () => {
    expect(labProfile(true).name).toContain("lab-reliable");
    expect(labProfile(true).dropRequest ?? 0).toBe(0);
    expect(labProfile(false).dropRequest).toBeGreaterThan(0);
    expect(labProfile(true, { dropReply: 0.5 }).dropReply).toBe(0.5);
  });
});

describe("SimulatedKvWorld", () => {
  it("makes clerks on ends named clerk-1, clerk-2, … connected to the server, each with the env of its name", async () => {
    await inWorld(async (t) => {
      const a = t.makeClerk();
      const b = t.makeClerk();
      expect([a.end.name, b.end.name]).toEqual(["clerk-1", "clerk-2"]);
      expect(a.env).toBe(t.sim.env("clerk-1"));
      expect(await a.clerk.put("k", "v", 0)).toBe("OK");
      expect(await b.clerk.get("k")).toEqual({ value: "v", version: 1, err: "OK" });
    });
  });

  it("is as reliable as its options say", () => {
    expect(new SimulatedKvWorld(reference, { seed: 1, reliable: true }).reliable).toBe(true);
    expect(new SimulatedKvWorld(reference, { seed: 1, reliable: false }).reliable).toBe(false);
  });

  it("deleteClerk removes the clerk's end and forgets its env", async () => {
    await inWorld(async (t) => {
      const ck = t.makeClerk();
      expect(() => t.net.makeEnd(ck.end.name)).toThrow("already exists");
      t.deleteClerk(ck);
      // The end's name is free again, and asking for the env makes a new one.
      expect(() => t.net.makeEnd(ck.end.name)).not.toThrow();
      expect(t.sim.env(ck.end.name)).not.toBe(ck.env);
    });
  });

  it("makeLock builds the implementation's lock on the clerk, or fails when it has none", async () => {
    await inWorld(async (t) => {
      const ck = t.makeClerk();
      const lock = t.makeLock(ck, "l");
      await lock.acquire();
      await lock.release();
    });
    const noLock = new SimulatedKvWorld({ ...reference, createLock: undefined }, { seed: 1, reliable: true });
    expect(() => noLock.makeLock(noLock.makeClerk(), "l")).toThrow(new LabFailure("the implementation has no createLock"));
  });

  it("fatal throws a LabFailure with its message and reason", () => {
    const t = new SimulatedKvWorld(reference, { seed: 1, reliable: true });
    expect(() => t.fatal("boom", { kind: "linearizability" })).toThrow(new LabFailure("boom", { kind: "linearizability" }));
    expect(() => t.fatal("plain")).toThrow(new LabFailure("plain"));
  });

  it("countOperation counts on the network", async () => {
    await inWorld(async (t) => {
      const before = t.net.counts().operations;
      t.countOperation();
      t.countOperation();
      expect(t.net.counts().operations).toBe(before + 2);
    });
  });

  it("spawnClient runs the body as task client-N with a fresh clerk, resolves with its result, then deletes the clerk", async () => {
    let end = "";
    await inWorld(async (t) => {
      const result = await t.spawnClient(4, async (ck) => {
        end = ck.end.name;
        return (await ck.clerk.put("k", "v", 0)) as string;
      });
      expect(result).toBe("OK");
      expect(() => t.net.makeEnd(end)).not.toThrow();
    });
    expect(end).toBe("clerk-1");
  });

  it("a client that throws ends the run with its failure", async () => {
    const t = new SimulatedKvWorld(reference, { seed: 1, reliable: true });
    t.sim.spawn("tester", () => t.spawnClient(0, async () => t.fatal("client failed")));
    await expect(t.sim.run()).rejects.toThrow("client failed");
  });

  it("service is the object createServer returned; dropServer crashes the server and lets go of it", async () => {
    await inWorld(async (t) => {
      expect(t.service).toBeInstanceOf(ReferenceServer);
      t.dropServer();
      expect(t.service).toBeUndefined();
      expect(t.net.isRunning(SERVER)).toBe(false);
    });
  });

  it("without forensics, keeps no journal or executions", async () => {
    const t = await inWorld(async (t) => {
      const ck = t.makeClerk();
      await ck.clerk.put("k", "v", 0);
    });
    expect(t.journal).toEqual([]);
    expect(t.executions).toEqual([]);
  });

  it("with forensics, journals every clerk call and records the server's executions", async () => {
    const t = await inWorld(
      async (t) => {
        const ck = t.makeClerk();
        await ck.clerk.put("k", "v", 0);
        await ck.clerk.get("k");
      },
      { forensics: true },
    );
    expect(t.journal.map(({ client, op, key, result }) => ({ client, op, key, result }))).toEqual([
      { client: "clerk-1", op: "put", key: "k", result: "OK" },
      { client: "clerk-1", op: "get", key: "k", result: { value: "v", version: 1, err: "OK" } },
    ]);
    expect(t.executions.length).toBe(2);
  });

  it("serverMemory describes the live server, and with forensics what it held when dropped", async () => {
    await inWorld(
      async (t) => {
        const ck = t.makeClerk();
        await ck.clerk.put("k", "v".repeat(5_000), 0);
        const live = t.serverMemory();
        expect(live[0]).toMatch(/^The server object holds [\d,]+ bytes .* after 1 clients/);
        t.dropServer();
        expect(t.serverMemory()).toEqual(live);
      },
      { forensics: true },
    );
    await inWorld(async (t) => {
      t.dropServer();
      // Without forensics nothing was kept: there is no server to describe.
      expect(t.serverMemory()[0]).toMatch(/^The server object holds 0 bytes/);
    });
  });
});

describe("simulated", () => {
  it("returns a simulated world itself and refuses any other", () => {
    const t = new SimulatedKvWorld(reference, { seed: 1, reliable: true });
    expect(simulated(t)).toBe(t);
    expect(() => simulated({} as KvWorld)).toThrow("this test runs only on the simulated network");
  });
});
