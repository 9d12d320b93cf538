import type { Execution, TraceEvent } from "../../../../labnet/index.js";
import type { ViewMessage } from "../../../check/index.js";
import { messageFate } from "../../../harness/index.js";
import { goValue } from "../world/format.js";

/**
 * A message copy's trace subject: "raft-3.1->raft-0#1 requestVote→raft-0" (a peer's incarnation's
 * end), or "clerk-1->server-0#3 get→server-0" (a client's end, as another lab over Raft has them),
 * maybe " (copy 1)" after.
 */
const SUBJECT = /^((\S+?)(?:\.\d+)?->\S+#\d+) (\S+)→(\S+)/;

/** Text of a message's arguments or reply kept on the page. */
const DETAIL_CHARS = 240;

/** Finds each message copy's execution: its arguments and reply. */
export class Executions {
  private readonly byId = new Map<string, Execution>();

  constructor(executions: readonly Execution[]) {
    for (const execution of executions) this.byId.set(`${execution.id}/${execution.copy}`, execution);
  }

  of(id: string, copy: number): Execution | undefined {
    return this.byId.get(`${id}/${copy}`);
  }
}

/** Every RPC copy between ends in the trace (peers', and clients' in a lab over Raft), as the page's arrows, with its method, arguments and reply. */
export function traceMessages(trace: readonly TraceEvent[], executions: Executions): ViewMessage[] {
  const bySubject = new Map<string, TraceEvent[]>();
  for (const event of trace) {
    if (!SUBJECT.test(event.subject)) continue;
    const list = bySubject.get(event.subject);
    if (list) list.push(event);
    else bySubject.set(event.subject, [event]);
  }
  return [...bySubject].map(([subject, events]) => viewMessage(subject, events, executions));
}

function viewMessage(subject: string, events: readonly TraceEvent[], executions: Executions): ViewMessage {
  const [, id, from, method, to] = SUBJECT.exec(subject)!;
  const copy = subject.includes("(copy 1)") ? 1 : 0;
  const at = (kind: TraceEvent["kind"]) => {
    const event = events.find((e) => e.kind === kind);
    return event === undefined ? undefined : event.time / 1000;
  };
  const fate = messageFate(events);
  const execution = executions.of(id!, copy);
  const times: Partial<ViewMessage> = {
    arriveMs: at("execute") ?? at("lost") ?? at("drop-request") ?? at("unreachable"),
    replySendMs: at("reply"),
    replyArriveMs: at("deliver") ?? at("discard"),
  };
  return {
    id: copy ? `${id} (copy 1)` : id!,
    from: from!,
    to: to!,
    sendMs: (at("send") ?? at("duplicate"))!,
    ...Object.fromEntries(Object.entries(times).filter(([, value]) => value !== undefined)),
    fate,
    details: {
      method: method!,
      ...(execution ? { arguments: cut(goValue(execution.args)), reply: cut(goValue(execution.reply)) } : {}),
    },
  };
}

function cut(text: string): string {
  return text.length <= DETAIL_CHARS ? text : `${text.slice(0, DETAIL_CHARS - 1)}… (${text.length} characters)`;
}
