import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../../labnet/index.js";

const TWO_32 = 2 ** 32;
const TWO_53 = 2 ** 53;

describe("env.random()", () => {
  it("gives doubles in [0, 1) with 53 random bits, not 32-bit fractions", () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), (seed, name) => {
        const env = new Simulation({ seed }).env(name);
        const draws = Array.from({ length: 64 }, () => env.random());
        for (const u of draws) {
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThan(1);
          expect(Number.isInteger(u * TWO_53)).toBe(true); // a multiple of 2^-53
        }
        // A 32-bit fraction times 2^32 is a whole number; a full double almost never is.
        expect(draws.filter((u) => !Number.isInteger(u * TWO_32)).length).toBeGreaterThan(60);
      }),
      { numRuns: 200 },
    );
  });

  it("the Math.random a run puts in place of the real one draws full doubles too", async () => {
    const sim = new Simulation({ seed: 9 });
    const seen: number[] = [];
    sim.spawn("client", async () => {
      for (let i = 0; i < 16; i++) seen.push(Math.random());
    });
    await sim.run();
    expect(seen.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(seen.some((u) => !Number.isInteger(u * TWO_32))).toBe(true);
  });

  /**
   * 100,000 clerks that each take one draw as their id: with 32-bit draws the birthday bound
   * (n²/2·2^32 ≈ 1.2 expected pairs) made ids collide on most seeds (seed 3 had 8 pairs); with 53
   * bits the expected number of pairs is about 5·10^-7.
   */
  it("the first draws of 100,000 clerks are all distinct (seeds 1..3)", () => {
    for (let seed = 1; seed <= 3; seed++) {
      const sim = new Simulation({ seed });
      const ids = new Set<number>();
      for (let i = 1; i <= 100_000; i++) ids.add(sim.env(`clerk-${i}`).random());
      expect(ids.size, `seed ${seed}`).toBe(100_000);
    }
  }, 60_000);
});

describe("Simulation.dropEnv", () => {
  it("forgets an actor's env: the object is no longer handed out, and a new one for that name starts its stream over", () => {
    const sim = new Simulation({ seed: 4 });
    const env = sim.env("clerk-1");
    const draws = [env.random(), env.random()];
    expect(sim.env("clerk-1")).toBe(env);
    sim.dropEnv("clerk-1");
    const fresh = sim.env("clerk-1");
    expect(fresh).not.toBe(env);
    expect([fresh.random(), fresh.random()]).toEqual(draws);
    expect(env.random()).not.toBe(draws[0]); // the old env, still held, goes on with its own stream
  });
});
