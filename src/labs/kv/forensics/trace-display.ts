import { type Execution, formatEvent, type TraceEvent } from "../../../../labnet/index.js";
import { MessageIndex } from "./attempts.js";
import { describeCall, cut, jsonText } from "../quote.js";
import type { JournalEntry } from "./journal.js";
import { simulated } from "../sim-world.js";
import type { KvWorld } from "../world.js";

/** Characters of a message's arguments or reply shown on a trace line. */
const SHOWN_CHARS = 200;

/**
 * A run's trace for a person to read: each event's line as `kvlab replay` compares it, with a
 * message's arguments added to its send (from the server's execution of it, or else the clerk
 * call that sent it, for a request that never arrived) and its reply to its reply event (or to
 * the drop of that reply). The
 * additions are for display only: they come from the run's record, not from its trace, so the
 * trace and its hash stay what they are.
 */
export function traceWithMessages(trace: readonly TraceEvent[], executions: readonly Execution[], journal: readonly JournalEntry[]): string[] {
  const index = new MessageIndex(trace, executions, journal);
  return trace.map((event) => {
    const line = formatEvent(event);
    const id = /^(\S+#\d+) /.exec(event.subject)?.[1];
    if (id === undefined) return line;
    const copy = event.subject.includes("(copy 1)") ? 1 : 0;
    const run = index.executionsOf(id).find((execution) => execution.copy === copy);
    if (event.kind === "send" || event.kind === "duplicate") {
      if (run) return `${line}  args ${cut(jsonText(run.args), SHOWN_CHARS)}`;
      const call = index.callOf(id);
      return call ? `${line}  for ${describeCall(call)}` : line;
    }
    if ((event.kind === "reply" || event.kind === "drop-reply") && run) return `${line}  reply ${cut(jsonText(run.reply), SHOWN_CHARS)}`;
    return line;
  });
}

/** A run's trace with its messages' arguments and replies, from the world it ran in (kvLab.traceLines). */
export function worldTraceLines(world: KvWorld): string[] {
  const t = simulated(world);
  return traceWithMessages(t.sim.trace.events ?? [], t.executions, t.journal);
}
