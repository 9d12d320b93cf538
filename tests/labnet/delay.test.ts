import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { delayProblem, sampleDelayMicros, type Delay } from "../../labnet/index.js";
import { keyedUniform } from "../../labnet/rng.js";

describe("labnet delays: drawn from a message's key", () => {
  it("a fixed delay is exact, to the microsecond, and draws nothing", () => {
    expect(sampleDelayMicros({ kind: "fixed", ms: 0 }, 1, 0)).toBe(0);
    expect(sampleDelayMicros({ kind: "fixed", ms: 2.5 }, 1, 0)).toBe(2500);
    expect(sampleDelayMicros({ kind: "fixed", ms: 0.0004 }, 1, 0)).toBe(0);
  });

  it("a uniform delay is min + u·(max − min) for the key's draw u in that slot, in whole microseconds", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 20 }), (key, slot) => {
        const u = keyedUniform(key, slot);
        expect(sampleDelayMicros({ kind: "uniform", minMs: 10, maxMs: 30 }, key, slot)).toBe(Math.floor((10 + u * 20) * 1000));
      }),
    );
  });

  it("a uniform delay stays within [min, max) over many keys, and spreads over it", () => {
    const delay: Delay = { kind: "uniform", minMs: 0, maxMs: 27 };
    const samples = Array.from({ length: 10_000 }, (_, key) => sampleDelayMicros(delay, key, 2));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(27_000);
    // 10,000 uniform draws: the lowest lies under 0.1% of the range, the highest above 99.9%,
    // except with probability e^-10 each.
    expect(Math.min(...samples)).toBeLessThan(27);
    expect(Math.max(...samples)).toBeGreaterThan(26_973);
  });

  it("an exponential delay has its mean and is cut at its maximum", () => {
    const delay: Delay = { kind: "exponential", meanMs: 10, maxMs: 50 };
    const samples = Array.from({ length: 20_000 }, (_, key) => sampleDelayMicros(delay, key, 0));
    expect(Math.max(...samples)).toBe(50_000); // P(X > 5·mean) = e^-5: about 135 of 20,000 are cut
    expect(samples.filter((s) => s === 50_000).length).toBeGreaterThan(80);
    // The cut mean is 10·(1 − e^-5) ≈ 9.933 ms; its standard error over 20,000 draws is ≈ 0.07 ms.
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length / 1000;
    expect(Math.abs(mean - 9.933)).toBeLessThan(0.35);
  });

  it("a skewed delay is base + U[0, U[0, spread]], from the key's two slots", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 20 }), (key, slot) => {
        const spread = keyedUniform(key, slot) * 2000;
        const expected = Math.floor((200 + keyedUniform(key, slot + 1) * spread) * 1000);
        expect(sampleDelayMicros({ kind: "skewed", baseMs: 200, spreadMs: 2000 }, key, slot)).toBe(expected);
      }),
    );
  });

  it("the same key and slot give the same delay; another slot of the same key another one", () => {
    const delay: Delay = { kind: "uniform", minMs: 0, maxMs: 1000 };
    expect(sampleDelayMicros(delay, 77, 4)).toBe(sampleDelayMicros(delay, 77, 4));
    expect(sampleDelayMicros(delay, 77, 4)).not.toBe(sampleDelayMicros(delay, 77, 6));
  });
});

describe("labnet delays read from untrusted data", () => {
  it.each<[unknown, string | undefined]>([
    [{ kind: "fixed", ms: 1 }, undefined],
    [{ kind: "uniform", minMs: 1, maxMs: 1 }, undefined],
    [{ kind: "exponential", meanMs: 5, maxMs: 50 }, undefined],
    [{ kind: "skewed", baseMs: 0, spreadMs: 0 }, undefined],
    [null, 'expected a delay object such as {"kind":"fixed","ms":1}'],
    ["fast", 'expected a delay object such as {"kind":"fixed","ms":1}'],
    [{ ms: 1 }, '"kind" must be one of fixed, uniform, exponential, skewed; got undefined'],
    [{ kind: "fixed" }, '"ms" must be a finite number ≥ 0, got undefined'],
    [{ kind: "fixed", ms: Infinity }, '"ms" must be a finite number ≥ 0, got null'],
    [{ kind: "uniform", minMs: 2, maxMs: 1 }, "minMs is above maxMs"],
    [{ kind: "uniform", minMs: 0 }, '"maxMs" must be a finite number ≥ 0, got undefined'],
    [{ kind: "exponential", meanMs: -1, maxMs: 5 }, '"meanMs" must be a finite number ≥ 0, got -1'],
    [{ kind: "skewed", baseMs: 1, spreadMs: "2" }, '"spreadMs" must be a finite number ≥ 0, got "2"'],
  ])("delayProblem(%o) is %s", (delay, problem) => {
    expect(delayProblem(delay)).toBe(problem);
  });
});
