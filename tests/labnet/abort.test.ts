import { expect, it } from "vitest";
import { Simulation } from "../../labnet/index.js";

it("an aborted run rejects at once, fires no further event, and frees the thread for the next simulation", async () => {
  const sim = new Simulation({ seed: 1 });
  let ticks = 0;
  sim.spawn("forever", async (env) => {
    for (;;) {
      ticks++;
      await env.sleep(1);
    }
  });
  const run = sim.run().then(() => "resolved", (error: Error) => error.message);
  await new Promise((turn) => setImmediate(turn));
  sim.abort(new Error("stopped from outside"));
  const next = new Simulation({ seed: 2 });
  next.spawn("short", (env) => env.sleep(5));
  // The next run starts at once, in the same thread.
  await expect(next.run()).resolves.toMatchObject({ finished: true, timeMs: 5 });
  expect(await run).toBe("stopped from outside");
  const after = ticks;
  await new Promise((turn) => setImmediate(turn));
  expect(ticks).toBe(after);
});

it("a run aborted before it began rejects with that error at its first step, and runs no task", async () => {
  const sim = new Simulation({ seed: 1 });
  let ran = false;
  sim.spawn("task", async () => {
    ran = true;
  });
  sim.abort(new Error("stopped before it began"));
  sim.abort(new Error("stopped again")); // the first failure recorded is the one reported
  await expect(sim.run()).rejects.toThrow("stopped before it began");
  expect(ran).toBe(false);
});
