import { traceWithExecutions } from "../../raft/index.js";
import type { KvRaftWorld } from "../world/index.js";

/** A run's trace with each RPC's arguments and reply, clerks' and Raft's (kvraftLab.traceLines; display only). */
export function kvraftTraceLines(world: KvRaftWorld): string[] {
  return traceWithExecutions(world.sim.trace.events ?? [], world.forensics?.raft.executions ?? []);
}
