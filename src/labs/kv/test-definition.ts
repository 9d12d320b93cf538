import type { TestDefinition } from "../../harness/index.js";
import type { KvWorld } from "./world.js";

/** The KV lab's suites, in the order `kvlab test --suite all` runs them. */
export type SuiteName = "kvsrv" | "lock" | "rust";

/** One test of the KV lab: a harness test definition on a KV world, and whether it needs locks. */
export interface KvTestDefinition extends TestDefinition<KvWorld> {
  /** The suite, or "scenario" for a test built from a scenario file. */
  suite: SuiteName | "scenario";
  /** Lock tests need the implementation's createLock; without it they are skipped, saying so. */
  needsLock?: boolean;
}

/**
 * Why a KV test marked `needsSimulation` is skipped over TCP: "needs the simulation (it measures
 * the server object)", the words `kvlab test --target` has always printed for each of them.
 */
export const SIMULATION_ONLY = "it measures the server object";
