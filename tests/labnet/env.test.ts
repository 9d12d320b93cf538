import { describe, expect, it } from "vitest";
import { Simulation, gatedEnv } from "../../labnet/index.js";

describe("gatedEnv", () => {
  it("wakes a sleep only while the gate says so: once closed, a sleeper stays where it waits", async () => {
    const sim = new Simulation({ seed: 1 });
    let open = true;
    const woke: number[] = [];
    const env = gatedEnv(sim.env("peer#1"), () => open);
    void (async () => {
      for (;;) {
        await env.sleep(10);
        woke.push(env.now());
      }
    })();
    sim.spawn("tester", async (tester) => {
      await tester.sleep(35);
      open = false;
      await tester.sleep(100);
    });
    await sim.run();
    expect(woke).toEqual([10, 20, 30]);
  });

  it("runs beforeSleep as each sleep begins, and passes the env's clock and randomness through", async () => {
    const sim = new Simulation({ seed: 1 });
    const inner = sim.env("peer#1");
    let begun = 0;
    const env = gatedEnv(inner, () => true, () => begun++);
    sim.spawn("tester", async () => {
      await env.sleep(5);
      await env.sleep(5);
      expect(env.now()).toBe(10);
    });
    await sim.run();
    expect(begun).toBe(2);
    expect(env.random).toBe(inner.random);
  });

  it("rejects a sleep its env rejects (a duration that is not a number ≥ 0)", async () => {
    const sim = new Simulation({ seed: 1 });
    const env = gatedEnv(sim.env("peer#1"), () => true);
    await expect(env.sleep(-1)).rejects.toThrow(/sleep\(-1\)/);
  });
});
