import { describe, expect, it } from "vitest";
import { LabFailure, TEST_LIMIT_MS, spawnGoroutine, watchedSimulation } from "../../src/harness/index.js";

describe("the course tester's simulation", () => {
  it("fails a run past the test's limit with the course's words, before the simulation's own limit", async () => {
    const sim = watchedSimulation({ seed: 1, reliable: true, timeLimitMs: 5000 });
    sim.spawn("tester", async (env) => {
      await env.sleep(60_000);
    });
    const error = await sim.run().catch((e: unknown) => e);
    const failure = (error as { cause?: unknown }).cause ?? error;
    expect(failure).toBeInstanceOf(LabFailure);
    expect((failure as Error).message).toBe("test took longer than 5 seconds");
    expect(sim.now()).toBe(5000);
  });

  it("limits a test to 120 s unless its options say otherwise", async () => {
    expect(TEST_LIMIT_MS).toBe(120_000);
    const sim = watchedSimulation({ seed: 1, reliable: true });
    sim.spawn("tester", async (env) => {
      await env.sleep(200_000);
    });
    const error = await sim.run().catch((e: unknown) => e);
    expect(String((error as { cause?: unknown }).cause ?? error)).toContain("test took longer than 120 seconds");
  });

  it("runs a goroutine as a task that resolves with its body's result and does not keep the run going", async () => {
    const sim = watchedSimulation({ seed: 1, reliable: true });
    let result: number | undefined;
    let forever = false;
    sim.spawn("tester", async () => {
      result = await spawnGoroutine(sim, "worker-1", async (env) => {
        await env.sleep(30);
        return 7;
      });
      void spawnGoroutine(sim, "worker-2", async (env) => {
        await env.sleep(1_000_000);
        forever = true;
      });
    });
    const run = await sim.run();
    expect(result).toBe(7);
    expect(forever).toBe(false);
    expect(run.timeMs).toBe(30);
  });
});
