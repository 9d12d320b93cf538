import { describe, expect, it } from "vitest";
import type { LabEnv } from "../../../labnet/index.js";
import { reference } from "../../../src/labs/kv/reference.js";
import { SimulatedKvWorld } from "../../../src/labs/kv/sim-world.js";
import { spawnClientsAndWait, type KvWorld, type WorldClerk } from "../../../src/labs/kv/world.js";

/** A tester whose one sleep ends when the test says (`wake`), in no time at all. */
function tester(): LabEnv & { wake: () => void; slept: number[] } {
  let wake!: () => void;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  const slept: number[] = [];
  return {
    wake: () => wake(),
    slept,
    now: () => 0,
    random: () => 0.5,
    sleep: (ms) => {
      slept.push(ms);
      return woken;
    },
  };
}

/** A world whose clients run at once with a clerk named after them; only spawnClient is used. */
function clientsWorld(): KvWorld & { spawned: number[] } {
  const spawned: number[] = [];
  return {
    spawned,
    spawnClient: (me: number, body: (ck: WorldClerk) => Promise<unknown>) => {
      spawned.push(me);
      return body({ end: { name: `clerk-${me}` } } as WorldClerk);
    },
  } as unknown as KvWorld & { spawned: number[] };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("spawnClientsAndWait", () => {
  it("runs n clients, each with its number and clerk, and tells them done once the duration is over", async () => {
    const world = clientsWorld();
    const env = tester();
    const looks: boolean[] = [];
    const waiting = spawnClientsAndWait(world, env, 3, 250, async (me, ck, done) => {
      while (!done()) {
        looks.push(done());
        await settle();
      }
      return `${me}:${ck.end.name}`;
    });
    await settle();
    expect(world.spawned).toEqual([0, 1, 2]);
    expect(env.slept).toEqual([250]);
    expect(looks.length).toBeGreaterThanOrEqual(3);
    expect(looks.every((look) => !look)).toBe(true);
    env.wake();
    expect(await waiting).toEqual(["0:clerk-0", "1:clerk-1", "2:clerk-2"]);
  });

  it("returns as soon as every client has returned, before the duration is over", async () => {
    const env = tester();
    expect(await spawnClientsAndWait(clientsWorld(), env, 2, 1_000, async (me) => me * 10)).toEqual([0, 10]);
  });

  it("ends the wait when a client fails, and the others see done", async () => {
    const world = clientsWorld();
    let othersSawDone = false;
    const waiting = spawnClientsAndWait(world, tester(), 2, 1_000, async (me, _ck, done) => {
      if (me === 0) throw new Error("client 0 failed");
      while (!done()) await settle();
      othersSawDone = true;
      return me;
    });
    await expect(waiting).rejects.toThrow("client 0 failed");
    await settle();
    expect(othersSawDone).toBe(true);
  });

  it("in a simulation, waits the virtual duration, then each client finishes its current step", async () => {
    const world = new SimulatedKvWorld(reference, { seed: 1, reliable: true });
    let result: number[] | undefined;
    let endedAt = -1;
    world.sim.spawn("tester", async (env) => {
      result = await spawnClientsAndWait(world, env, 2, 100, async (_me, ck, done) => {
        let steps = 0;
        while (!done()) {
          await ck.env.sleep(15);
          steps++;
        }
        return steps;
      });
      endedAt = env.now();
    });
    await world.sim.run();
    // Steps end at 15, 30, …, 105: done turns true at 100, during the seventh.
    expect(result).toEqual([7, 7]);
    expect(endedAt).toBe(105);
  });
});
