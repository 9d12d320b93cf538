/**
 * The Raft lab's scenario files and fuzzing: a scenario is a cluster, clients starting commands
 * through the leader, and a fault timeline as data (crash, restart, disconnect, connect,
 * partition, heal, unreliable, long reordering), run with Raft's invariants checked at every step
 * and, once everything is healed, an agreement of all peers that keeps every value seen committed.
 */
import type { LabScenarios } from "../../../harness/index.js";
import type { RaftImplementation } from "../contract.js";
import { raftScenarioArbitrary, type RaftFuzzShape } from "./arbitraries.js";
import { raftScenarioSize, raftScenarioToRun } from "./scenario-test.js";
import { MAX_RAFT_CLIENTS, parseRaftScenario, type RaftScenario } from "./schema.js";

export const raftScenarios: LabScenarios<RaftImplementation, RaftScenario> = {
  parse: parseRaftScenario,
  toRun: raftScenarioToRun,
  arbitrary: (_impl, shape: RaftFuzzShape) => raftScenarioArbitrary(shape),
  size: raftScenarioSize,
  maxClients: MAX_RAFT_CLIENTS,
};

export { raftScenarioArbitrary, rawFault, resolveFault, networkArbitrary, type RaftFuzzShape, type RawFault } from "./arbitraries.js";
export { parseRaftScenario, parseScenarioWith, MAX_RAFT_CLIENTS, MAX_SCENARIO_MS, faultSchema, checkFaultMembers, MIN_PEERS, MAX_PEERS, RAFT_CHECKS, RAFT_NETWORK_NAMES, RAFT_SCENARIO_FORMAT, type RaftScenario, type RaftFault, type RaftWorkload, type RaftCheck } from "./schema.js";
export { raftScenarioTest, raftScenarioToRun, raftScenarioSize, scenarioSeed, FINAL_COMMAND } from "./scenario-test.js";
export { runFaultTimeline, healEverything, raftFaultTarget, type FaultTarget } from "./faults.js";
