/**
 * The Raft lab's forensics: a failed run explained in Raft's terms (each peer's terms and roles,
 * its log at the failure, the first disagreement and the RPCs that carried the conflicting
 * entries, the faults) for the terminal and the run's page, and a run's trace with each RPC's
 * arguments and reply.
 */
export { explainRaftRun } from "./explain.js";
export { raftTraceLines } from "./trace-lines.js";
