import type { Lab } from "../../harness/index.js";
import { checkImplementation } from "./check-implementation.js";
import type { RaftImplementation } from "./contract.js";
import { explainRaftRun, raftTraceLines } from "./forensics/index.js";
import { raftReference } from "./reference/index.js";
import { raftScenarios } from "./scenario/index.js";
import { raftSuites } from "./suites/index.js";
import { RaftWorld } from "./world/index.js";

/**
 * The Raft lab as a plug-in of the harness: a student's Raft peer (the course's raft.go), the
 * course's 3A-3D suites run on labnet in virtual time, with a world that plays the course's tester
 * (its service above each peer, crashes and restarts, connectivity, the checks).
 */
export const raftLab: Lab<RaftImplementation, RaftWorld> = {
  name: "raft",
  title: "the Raft lab",
  module: import.meta.url,
  reference: raftReference,
  checkImplementation,
  suites: raftSuites,
  world: (impl, options) => new RaftWorld(impl, options),
  explain: explainRaftRun,
  traceLines: raftTraceLines,
  scenarios: raftScenarios,
};

export default raftLab;
