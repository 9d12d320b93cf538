/**
 * The Raft lab's forensics: a failed run explained in Raft's terms (each peer's terms and roles,
 * its log at the failure, the first disagreement and the RPCs that carried the conflicting
 * entries, the faults) for the terminal and the run's page, and a run's trace with each RPC's
 * arguments and reply.
 */
export { explainRaftRun } from "./explain.js";
export { raftTraceLines } from "./trace-lines.js";
// The parts a lab over Raft (the replicated KV lab) explains its Raft layer with.
export { traceWithExecutions } from "./trace-lines.js";
export { roleSpans, timelineLines, roleWords, ms, type RoleSpan, type LifeEvent, type NetworkChange, type PeerName } from "./timeline.js";
export { roleBands, failedRunHead } from "./page.js";
export { Executions, traceMessages } from "./messages.js";
