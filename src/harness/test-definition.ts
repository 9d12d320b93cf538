import type { LabEnv } from "../../labnet/index.js";
import type { LabWorld } from "../labs/kv/world.js";

export type SuiteName = "kvsrv" | "lock" | "rust";

/** One test of a suite, written once against the harness and run on any implementation. */
export interface LabTestDefinition {
  /** The suite, or "scenario" for a test built from a scenario file. */
  suite: SuiteName | "scenario";
  /** The test's name, e.g. "TestReliablePut": what --test selects. */
  name: string;
  /** The title printed as the test begins, before "(reliable network)...". */
  title: string;
  reliable: boolean;
  /** Lock tests need the implementation's createLock. */
  needsLock?: boolean;
  /** Virtual time the test may take (default 120 s, as the lab's). */
  timeLimitMs?: number;
  /**
   * Needs the simulation itself (it measures the server object, say), not only clerks on a
   * reliable network: `kvlab test --target` leaves it out, as it does unreliable tests.
   */
  needsSimulation?: boolean;
  body(t: LabWorld, tester: LabEnv): Promise<void>;
}
