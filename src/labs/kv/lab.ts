import type { Lab } from "../../harness/index.js";
import { checkImplementation } from "./check-implementation.js";
import type { KVImplementation } from "./contract.js";
import { explainKvRun } from "./forensics/explain.js";
import { worldTraceLines } from "./forensics/trace-display.js";
import { reference } from "./reference.js";
import { kvScenarios } from "./scenario/kv-scenarios.js";
import { RealKvWorld } from "./real-world.js";
import { kvTarget } from "./real-target.js";
import { SimulatedKvWorld } from "./sim-world.js";
import { suites } from "./suites/index.js";
import type { KvTestDefinition } from "./test-definition.js";
import type { KvWorld } from "./world.js";

/**
 * The versioned key/value lab as a plug-in of the harness: a server and a clerk (and a lock) the
 * user writes, the course's kvsrv and lock suites and the Rust port's, on a world of one server.
 */
export const kvLab: Lab<KVImplementation, KvWorld> = {
  name: "kv",
  title: "the versioned key/value lab",
  module: import.meta.url,
  reference,
  checkImplementation,
  suites,
  unsupported: (impl, definition) => ((definition as KvTestDefinition).needsLock && !impl.createLock ? "the implementation has no createLock" : undefined),
  world: (impl, options) => new SimulatedKvWorld(impl, options),
  realWorld: (impl, connection) => new RealKvWorld(impl, connection),
  realTarget: kvTarget,
  explain: explainKvRun,
  scenarios: kvScenarios,
  traceLines: worldTraceLines,
};

export default kvLab;
