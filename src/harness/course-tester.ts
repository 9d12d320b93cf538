import { Simulation, type LabEnv } from "../../labnet/index.js";
import { LabFailure } from "./failure.js";
import type { WorldOptions } from "./lab.js";

/** The course's per-test limit: "test took longer than 120 seconds". */
export const TEST_LIMIT_MS = 120_000;

/**
 * A world's simulation with the course tester's watchdog: past the test's limit (the options',
 * else 120 s) the run fails with the course's "test took longer than N seconds". The simulation's
 * own limit, a second later, is only a backstop.
 */
export function watchedSimulation(options: WorldOptions): Simulation {
  const limit = options.timeLimitMs ?? TEST_LIMIT_MS;
  const sim = new Simulation({ seed: options.seed, trace: options.trace ?? false, timeLimitMs: limit + 1000 });
  sim.spawn(
    "watchdog",
    async (env) => {
      await env.sleep(limit);
      sim.fail(new LabFailure(`test took longer than ${limit / 1000} seconds`));
    },
    { daemon: true },
  );
  return sim;
}

/**
 * Runs `body` as a task named `name` (a tester goroutine) and resolves with what it returns. It
 * does not keep the run going: as in Go, the test ends when its body returns. A task that throws
 * ends the run.
 */
export function spawnGoroutine<R>(sim: Simulation, name: string, body: (env: LabEnv) => Promise<R>): Promise<R> {
  return new Promise<R>((resolve) => sim.spawn(name, async (env) => resolve(await body(env)), { daemon: true }));
}
