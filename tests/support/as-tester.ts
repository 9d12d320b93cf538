import type { SimulatedWorld } from "../../src/harness/index.js";

/**
 * Runs `body` as the tester task of `world` (already set up) to the run's end; resolves with the
 * world and the failure's text, if the run failed (a LabFailure's message, or the error's own).
 */
export async function asTester<World extends SimulatedWorld>(world: World, body: (world: World) => Promise<void>): Promise<{ world: World; failure?: string }> {
  world.sim.spawn("tester", () => body(world));
  try {
    await world.sim.run();
    return { world };
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return { world, failure: cause instanceof Error ? cause.message : (error as Error).message };
  }
}
