import type { Lab, LabPart } from "../../harness/index.js";
import { checkRaftImplementation, raftReference } from "../raft/index.js";
import { checkImplementation } from "./check-implementation.js";
import { explainKvRaftRun, kvraftTraceLines } from "./forensics/index.js";
import { kvraftReference } from "./reference/index.js";
import { kvraftScenarios } from "./scenario/index.js";
import { kvraftSuites } from "./suites/index.js";
import { KvRaftWorld, type KvRaftImpl } from "./world/index.js";

/**
 * The Raft under the KV layer (`--raft PATH`): a student's Raft from the Raft lab, under the
 * reference KV layer or their own; the reference Raft when not named.
 */
const raftPart: LabPart<KvRaftImpl> = {
  flag: "raft",
  describe: "the Raft under the KV servers: a module whose default export is a RaftImplementation, as the Raft lab's --impl (default: the reference Raft)",
  plug: (impl, candidate, where) => ({ ...impl, raft: checkRaftImplementation(candidate, where) }),
};

/**
 * The replicated KV lab as a plug-in of the harness: a student's rsm layer, replicated KV server
 * and clerk (the course's kvraft1: rsm.go, server.go, client.go) over a Raft (the reference Raft,
 * or the student's own from the Raft lab, `--raft`), the course's 4A-4C suites run on labnet in
 * virtual time, in a world that plays the course's tester (servers, partitions, crashes and
 * restarts, clerks, the linearizability check of every history).
 */
export const kvraftLab: Lab<KvRaftImpl, KvRaftWorld> = {
  name: "kvraft",
  title: "the replicated KV lab",
  module: import.meta.url,
  reference: { kvraft: kvraftReference, raft: raftReference },
  checkImplementation: (candidate, where) => ({ kvraft: checkImplementation(candidate, where), raft: raftReference }),
  parts: [raftPart],
  suites: kvraftSuites,
  scenarios: kvraftScenarios,
  world: (impl, options) => new KvRaftWorld(impl, options),
  explain: explainKvRaftRun,
  traceLines: kvraftTraceLines,
};

export default kvraftLab;
