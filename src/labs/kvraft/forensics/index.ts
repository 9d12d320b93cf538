/**
 * The replicated KV lab's forensics: a failed run explained through both layers (each clerk
 * call's attempts, the server that took it into Raft, the index and term it got and where it was
 * applied; Raft's terms, leaders, crashes and partitions) for the terminal and the run's page,
 * and a run's trace with each RPC's arguments and reply.
 */
export { explainKvRaftRun } from "./explain.js";
export { kvraftTraceLines } from "./trace-lines.js";
