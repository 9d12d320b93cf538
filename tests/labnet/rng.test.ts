import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeedTree, Simulation, nameKey } from "../../labnet/index.js";
import { fmix32, keyedUniform, mixKey, mixKey2, mixKey5 } from "../../labnet/rng.js";

/** seedrandom's first 32 bits for "42": every keyed draw of a seed-42 run mixes it in. */
const PINNED_ROOT_KEY_42 = 30140002;
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

describe("nameKey", () => {
  it("is 32-bit FNV-1a, unsigned: the published test vectors", () => {
    expect(nameKey("")).toBe(0x811c9dc5);
    expect(nameKey("a")).toBe(0xe40c292c);
    expect(nameKey("foobar")).toBe(0xbf9cf968);
  });

  it("reads UTF-16 code units, so names outside ASCII have keys too", () => {
    expect(nameKey("é")).not.toBe(nameKey("e"));
    expect(nameKey("日本")).toBeGreaterThanOrEqual(0);
    expect(nameKey("日本")).toBeLessThan(2 ** 32);
  });
});

describe("keyed draws", () => {
  it("mixKey depends on every part and on their order", () => {
    expect(mixKey(1, 2, 3)).toBe(mixKey(1, 2, 3));
    expect(mixKey(1, 2, 3)).not.toBe(mixKey(1, 3, 2));
    expect(mixKey(1, 2)).not.toBe(mixKey(1, 2, 0));
    expect(mixKey(1, 2, 3)).not.toBe(mixKey(1, 2, 4));
  });

  it("mixKey2 and mixKey5 are mixKey of two and five parts", () => {
    const part = fc.oneof(fc.integer(), fc.nat({ max: 2 ** 32 - 1 }));
    fc.assert(fc.property(part, part, (a, b) => {
      expect(mixKey2(a, b)).toBe(mixKey(a, b));
    }));
    fc.assert(fc.property(part, part, part, part, part, (a, b, c, d, e) => {
      expect(mixKey5(a, b, c, d, e)).toBe(mixKey(a, b, c, d, e));
    }));
  });

  it("fmix32 is a bijection on a sample: no two of 100,000 inputs collide", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(fmix32(i));
    expect(seen.size).toBe(100_000);
    expect(fmix32(0)).toBe(0);
  });

  it("a keyed draw is a pure function of (key, index), in [0, 1)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(64), (key, index) => {
        const u = keyedUniform(key, index);
        expect(u).toBe(keyedUniform(key, index));
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(1);
      }),
    );
  });

  /**
   * 100,000 draws (keys 0..9999, indexes 0..9) in 10 equal bins: each bin's count is
   * Binomial(100,000, 0.1), standard deviation about 95, so every bin lies within 10,000 ± 500
   * (over 5σ) for a uniform generator; a draw that ignored the index or the key would pile up.
   */
  it("keyed draws spread evenly over [0, 1) across keys and indexes", () => {
    const bins = new Array<number>(10).fill(0);
    for (let key = 0; key < 10_000; key++) for (let index = 0; index < 10; index++) bins[Math.floor(keyedUniform(key, index) * 10)]!++;
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe("SeedTree", () => {
  it("a seed and its text are the same seed", () => {
    expect(new SeedTree(42).key).toBe(new SeedTree("42").key);
    expect(new SeedTree(42).seed).toBe("42");
    expect(new SeedTree(42).key).not.toBe(new SeedTree(43).key);
  });

  it("a stream is the same for the same seed and name, and another for another name or seed", () => {
    const draws = (seed: number | string, name: string) => Array.from({ length: 5 }, ((stream) => () => stream())(new SeedTree(seed).stream(name)));
    expect(draws(1, "task/a")).toEqual(draws(1, "task/a"));
    expect(draws(1, "task/a")).not.toEqual(draws(1, "task/b"));
    expect(draws(1, "task/a")).not.toEqual(draws(2, "task/a"));
  });

  it("the root key is pinned: trace hashes recorded for seed 42 rest on it", () => {
    expect(new SeedTree(42).key).toBe(PINNED_ROOT_KEY_42);
  });
});
