/**
 * The replicated KV lab's scenario files and fuzzing: a scenario is a group of servers (snapshots
 * or not), clients doing gets and puts on a few keys through their clerks, and the Raft lab's fault
 * timeline over the servers and the network; once everything is healed, every clerk operation
 * must return and the whole history must be linearizable under the KV model.
 */
import type { LabScenarios } from "../../../harness/index.js";
import { MAX_RAFT_CLIENTS } from "../../raft/index.js";
import type { KvRaftImpl } from "../world/index.js";
import { kvraftScenarioArbitrary, type KvRaftFuzzShape } from "./arbitraries.js";
import { kvraftScenarioSize, kvraftScenarioToRun } from "./scenario-test.js";
import { parseKvRaftScenario, type KvRaftScenario } from "./schema.js";

export const kvraftScenarios: LabScenarios<KvRaftImpl, KvRaftScenario> = {
  parse: parseKvRaftScenario,
  toRun: kvraftScenarioToRun,
  arbitrary: (_impl, shape: KvRaftFuzzShape) => kvraftScenarioArbitrary(shape),
  size: kvraftScenarioSize,
  maxClients: MAX_RAFT_CLIENTS,
};

export { kvraftScenarioArbitrary, type KvRaftFuzzShape } from "./arbitraries.js";
export { parseKvRaftScenario, KVRAFT_CHECKS, RETURN_LIMIT_MS, type KvRaftScenario, type KvRaftWorkload, type KvRaftCheck } from "./schema.js";
export { kvraftScenarioTest, kvraftScenarioToRun, kvraftScenarioSize } from "./scenario-test.js";
