import type { Execution, TraceEvent } from "../../../../labnet/index.js";
import type { JournalEntry } from "./journal.js";
import { jsonText } from "../quote.js";

/** What became of one RPC attempt. */
export type AttemptFate = "answered" | "request-lost" | "reply-lost" | "unreachable" | "unanswered";

/** One RPC a clerk call sent, with every server execution of it (two for a duplicated request). */
export interface Attempt {
  /** The message id, e.g. "clerk-1#3". */
  id: string;
  /** 1-based, within the call. */
  number: number;
  sentMs: number;
  fate: AttemptFate;
  answeredMs?: number;
  executions: Execution[];
}

/** Trace events and executions grouped by message id, built once per investigated run. */
export class MessageIndex {
  private readonly events = new Map<string, TraceEvent[]>();
  private readonly runs = new Map<string, Execution[]>();
  private readonly calls = new Map<string, JournalEntry>();
  private readonly attempts = new Map<number, Attempt[]>();

  constructor(trace: readonly TraceEvent[], executions: readonly Execution[], journal: readonly JournalEntry[] = []) {
    for (const event of trace) {
      const id = /^(\S+#\d+) /.exec(event.subject)?.[1];
      if (id !== undefined) push(this.events, id, event);
    }
    for (const execution of executions) push(this.runs, execution.id, execution);
    for (const call of journal) for (const id of messageIds(call)) this.calls.set(id, call);
  }

  /** The clerk call that sent the message `id` ("clerk-1#3"), if the journal has it. */
  callOf(id: string): JournalEntry | undefined {
    return this.calls.get(id);
  }

  /** The attempts a journaled call made, from its end's sequence range (worked out once). */
  attemptsOf(entry: JournalEntry): Attempt[] {
    let attempts = this.attempts.get(entry.id);
    if (!attempts) this.attempts.set(entry.id, (attempts = messageIds(entry).map((id, i) => this.attempt(id, i + 1))));
    return attempts;
  }

  /** The message `id` as attempt `number` of its call: what became of it, and its executions. */
  attempt(id: string, number: number): Attempt {
    {
      const events = this.events.get(id) ?? [];
      const at = (kind: TraceEvent["kind"]) => events.find((event) => event.kind === kind);
      const delivered = at("deliver");
      return {
        id,
        number,
        sentMs: (at("send")?.time ?? 0) / 1000,
        fate: delivered ? "answered" : at("drop-reply") ? "reply-lost" : at("drop-request") ? "request-lost" : at("unreachable") ? "unreachable" : "unanswered",
        ...(delivered ? { answeredMs: delivered.time / 1000 } : {}),
        executions: this.runs.get(id) ?? [],
      };
    }
  }

  /** Every execution of the message, in the order they finished. */
  executionsOf(id: string): Execution[] {
    return this.runs.get(id) ?? [];
  }
}

/** The ids of the messages a call sent: its end's sequence numbers from first to last. */
function messageIds(call: JournalEntry): string[] {
  const ids: string[] = [];
  for (let seq = call.firstSeq; seq <= (call.lastSeq ?? call.firstSeq - 1); seq++) ids.push(`${call.client}#${seq}`);
  return ids;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The error a reply carried, if it is a KV reply. */
export function replyErr(reply: unknown): string | undefined {
  return typeof reply === "object" && reply !== null && typeof (reply as { err?: unknown }).err === "string" ? (reply as { err: string }).err : undefined;
}

/** One attempt in words, e.g. "attempt 2 (clerk-1#3): executed at 103.990ms (server replied OK), reply lost". */
export function describeAttempt(attempt: Attempt): string {
  const runs = attempt.executions.map((run) => `executed at ${run.startMs.toFixed(3)}ms${run.endMs > run.startMs ? `–${run.endMs.toFixed(3)}ms` : ""} (server replied ${replyErr(run.reply) ?? jsonText(run.reply)})`);
  const ran = runs.length === 0 ? "never executed" : runs.join(", then ");
  const fate = {
    answered: `answered at ${attempt.answeredMs?.toFixed(3)}ms`,
    "request-lost": "request lost",
    "reply-lost": "reply lost",
    unreachable: "server unreachable",
    unanswered: "no answer",
  }[attempt.fate];
  return `attempt ${attempt.number} (${attempt.id}): ${attempt.fate === "request-lost" || attempt.fate === "unreachable" ? fate : `${ran}, ${fate}`}`;
}
