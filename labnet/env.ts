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
