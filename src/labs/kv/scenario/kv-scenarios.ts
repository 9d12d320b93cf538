import type { LabScenarios } from "../../../harness/index.js";
import type { KVImplementation } from "../contract.js";
import { scenarioArbitrary, type ScenarioShape } from "./arbitraries.js";
import { scenarioSize, scenarioToRun } from "./scenario-test.js";
import { MAX_KV_CLIENTS, parseScenario, type Scenario } from "./schema.js";

/**
 * The KV lab's scenario files and fuzzing, for the harness: its schema, a scenario as a test
 * (workloads, fault timeline, message fates, checks), and the fuzzer's arbitraries, which
 * generate lock workloads too for an implementation that has a lock.
 */
export const kvScenarios: LabScenarios<KVImplementation, Scenario> = {
  parse: parseScenario,
  toRun: scenarioToRun,
  arbitrary: (impl, shape: ScenarioShape) => scenarioArbitrary({ locks: impl.createLock !== undefined, ...shape }),
  size: scenarioSize,
  maxClients: MAX_KV_CLIENTS,
};
