import { formatEvent } from "../../../../labnet/index.js";
import type { Execution, TraceEvent } from "../../../../labnet/index.js";
import type { RaftWorld } from "../world/index.js";
import { goValue } from "../world/format.js";
import { Executions } from "./messages.js";

/** Characters of a message's arguments or reply shown on a trace line. */
const SHOWN_CHARS = 200;

/**
 * A Raft run's trace for a person to read (raftLab.traceLines): each event's line as `kvlab replay`
 * compares it, with an RPC's arguments added to its send and its reply to its reply, from the
 * world's forensic record (display only: the trace and its hash stay what they are).
 */
export function raftTraceLines(world: RaftWorld): string[] {
  return traceWithExecutions(world.sim.trace.events ?? [], world.forensics?.executions ?? []);
}

/** Trace lines with each RPC's arguments on its send and its reply on its reply, from `recorded`'s executions (any lab's record of them). */
export function traceWithExecutions(events: readonly TraceEvent[], recorded: readonly Execution[]): string[] {
  const executions = new Executions(recorded);
  return events.map((event) => {
    const line = formatEvent(event);
    const id = /^(\S+#\d+) /.exec(event.subject)?.[1];
    const run = id === undefined ? undefined : executions.of(id, event.subject.includes("(copy 1)") ? 1 : 0);
    if (!run) return line;
    if (event.kind === "send" || event.kind === "duplicate") return `${line}  args ${cut(goValue(run.args))}`;
    if (event.kind === "reply" || event.kind === "drop-reply") return `${line}  reply ${cut(goValue(run.reply))}`;
    return line;
  });
}

function cut(text: string): string {
  return text.length <= SHOWN_CHARS ? text : `${text.slice(0, SHOWN_CHARS - 1)}…`;
}
