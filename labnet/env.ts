/**
 * Virtual time and seeded randomness for code running in a simulation. User code must take its
 * clock, its sleeps and its random numbers from here, never from real timers or Math.random.
 *
 * @example
 * async function retry(env: LabEnv) {
 *   await env.sleep(100);                        // 100 ms of virtual time, no real waiting
 *   const jitter = Math.floor(env.random() * 10); // seeded: the same on every replay
 *   return env.now();                             // virtual milliseconds since the run began
 * }
 */
export interface LabEnv {
  sleep(ms: number): Promise<void>;
  now(): number;
  random(): number;
}

/**
 * `env` whose sleeps wake only when `wake()` says so at the instant they are due: a crashed
 * actor's loops stop where they wait (its pending work is cut off), while `wake` may also look at
 * the actor as it wakes. `beforeSleep` runs as each sleep begins.
 *
 * @example
 * let alive = true;
 * const peerEnv = gatedEnv(sim.env("raft-0#1"), () => alive);
 * // after a crash: alive = false; every later wake of peerEnv's sleeps is dropped
 */
export function gatedEnv(env: LabEnv, wake: () => boolean, beforeSleep?: () => void): LabEnv {
  return {
    now: env.now,
    random: env.random,
    sleep: (ms) => {
      beforeSleep?.();
      return new Promise<void>((resolve, reject) => env.sleep(ms).then(() => wake() && resolve(), reject));
    },
  };
}
