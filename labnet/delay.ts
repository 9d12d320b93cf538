import { keyedUniform } from "./rng.js";

/**
 * A delay distribution, as plain data so that profiles and scenarios can hold it. Milliseconds;
 * the simulator's clock has microsecond resolution.
 *
 * @example
 * const short: Delay = { kind: "uniform", minMs: 0, maxMs: 27 };          // 0–26.999 ms
 * const reorder: Delay = { kind: "skewed", baseMs: 200, spreadMs: 2000 }; // 200 + U[0, U[0, 2000]]
 */
export type Delay =
  | { kind: "fixed"; ms: number }
  /** Uniform in [minMs, maxMs). */
  | { kind: "uniform"; minMs: number; maxMs: number }
  /** Exponential with the given mean, cut at maxMs: a latency with a long tail. */
  | { kind: "exponential"; meanMs: number; maxMs: number }
  /** baseMs + U[0, U[0, spreadMs]]: mostly short, sometimes long (labrpc's long reordering). */
  | { kind: "skewed"; baseMs: number; spreadMs: number };

/** No delay at all. */
export const NO_DELAY: Delay = { kind: "fixed", ms: 0 };

/**
 * Draws a delay in whole microseconds from decisions `index` and `index + 1` of `key`.
 * Every delay uses exactly two decision slots, so the slots of later decisions never move.
 */
export function sampleDelayMicros(delay: Delay, key: number, index: number): number {
  switch (delay.kind) {
    case "fixed":
      return Math.round(delay.ms * 1000);
    case "uniform":
      return Math.floor((delay.minMs + keyedUniform(key, index) * (delay.maxMs - delay.minMs)) * 1000);
    case "exponential": {
      const ms = -delay.meanMs * Math.log(1 - keyedUniform(key, index));
      return Math.round(Math.min(ms, delay.maxMs) * 1000);
    }
    case "skewed": {
      const spread = keyedUniform(key, index) * delay.spreadMs;
      return Math.floor((delay.baseMs + keyedUniform(key, index + 1) * spread) * 1000);
    }
  }
}

/** Says what is wrong with a delay read from untrusted data, or returns undefined when it is valid. */
export function delayProblem(delay: unknown): string | undefined {
  if (typeof delay !== "object" || delay === null) return "expected a delay object such as {\"kind\":\"fixed\",\"ms\":1}";
  const d = delay as Record<string, unknown>;
  const need = (field: string): string | undefined => {
    const value = d[field];
    return typeof value === "number" && Number.isFinite(value) && value >= 0
      ? undefined
      : `"${field}" must be a finite number ≥ 0, got ${JSON.stringify(value)}`;
  };
  switch (d["kind"]) {
    case "fixed":
      return need("ms");
    case "uniform":
      return need("minMs") ?? need("maxMs") ?? ((d["minMs"] as number) > (d["maxMs"] as number) ? "minMs is above maxMs" : undefined);
    case "exponential":
      return need("meanMs") ?? need("maxMs");
    case "skewed":
      return need("baseMs") ?? need("spreadMs");
    default:
      return `"kind" must be one of fixed, uniform, exponential, skewed; got ${JSON.stringify(d["kind"])}`;
  }
}
