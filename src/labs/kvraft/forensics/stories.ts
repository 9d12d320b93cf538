import type { Execution } from "../../../../labnet/index.js";
import type { KvInput, KvOutput } from "../../../check/index.js";
import { type Attempt, replyErr } from "../../kv/index.js";
import { sameCommand } from "../../raft/index.js";
import type { ApplySeen, CallSeen, StartSeen } from "../world/index.js";
import type { KvRaftInvestigation } from "./investigate.js";

/** What a server's Raft log did with a command a handler started: where it went, and where it was applied. */
export interface EntryFate {
  start: StartSeen;
  /** Servers that applied this command at its index, first applies first. */
  applied: ApplySeen[];
  /** Applies of another command at its index: the entry lost its place. */
  displaced: ApplySeen[];
  /** When the first peer counted it committed (from its inspect()), if one did. */
  committedMs?: number;
}

/** One RPC attempt of a clerk call, through both layers. */
export interface AttemptStory {
  attempt: Attempt;
  /** The server the attempt was sent to. */
  server: number;
  /** The handler's run on the server (the first, for a duplicated request). */
  execution?: Execution;
  /** What the handler's start() did, when it called one that carried the request. */
  entry?: EntryFate;
}

/** One clerk call, with its attempts: one of the history, or one still waiting at the failure (no output, no return). */
export interface OpStory {
  /** The clerk's name. */
  client: string;
  input: KvInput;
  output?: KvOutput;
  callMs: number;
  returnMs?: number;
  /** Its position in the history, for a call that returned. */
  historyIndex?: number;
  call?: CallSeen;
  attempts: AttemptStory[];
}

/** Whether a start() took its command into the log: it said it leads, and gave a real index. */
export function tookEntry(start: StartSeen | undefined): boolean {
  return start !== undefined && start.isLeader && start.index > 0;
}

/** Fields of a handler's arguments that a command carrying the request repeats. */
const REQUEST_FIELDS = ["key", "value", "version"];

/**
 * Looks up, per clerk call, the attempts its clerk sent and what each met on its server: the
 * handler's run, the start() it made (a start on that server, while the handler ran, of a command
 * that carries the request's fields), and that entry's applies.
 */
export class Stories {
  private readonly callOf = new Map<string, CallSeen>();
  private readonly appliesAt = new Map<number, ApplySeen[]>();

  constructor(private readonly investigation: KvRaftInvestigation) {
    for (const call of investigation.record.calls) this.callOf.set(`${call.client}@${call.callMs}`, call);
    for (const apply of investigation.record.applies) {
      const list = this.appliesAt.get(apply.index);
      if (list) list.push(apply);
      else this.appliesAt.set(apply.index, [apply]);
    }
  }

  /** The history's operation `historyIndex`. */
  of(historyIndex: number): OpStory {
    const op = this.investigation.world.history.operations[historyIndex]!;
    const call = this.callOf.get(`${op.end}@${op.callMs}`);
    const { input, output, callMs, returnMs } = op;
    return { client: op.end ?? `client ${op.client}`, input, ...(output ? { output } : {}), callMs, returnMs, historyIndex, ...(call ? { call } : {}), attempts: this.attemptsOf(call) };
  }

  /** A call that had not returned at the failure. */
  pending(call: CallSeen): OpStory {
    return { client: call.client, input: call.input, callMs: call.callMs, call, attempts: this.attemptsOf(call) };
  }

  private attemptsOf(call: CallSeen | undefined): AttemptStory[] {
    return (call?.messages ?? []).map((id, i) => this.attempt(id, i + 1));
  }

  /** The message `id` as attempt `number`, through both layers. */
  attempt(id: string, number: number): AttemptStory {
    const attempt = this.investigation.messages.attempt(id, number);
    const server = Number(/->server-(\d+)#/.exec(id)?.[1] ?? -1);
    const execution = attempt.executions[0];
    const start = execution ? this.startOf(server, execution) : undefined;
    return { attempt, server, ...(execution ? { execution } : {}), ...(start ? { entry: this.fateOf(start) } : {}) };
  }

  /**
   * A clerk's requests a server answered (anything but ErrWrongLeader) while its handler started
   * nothing in Raft that carried them: reads or writes served outside the log, in the order they ran.
   */
  servedOutsideLog(): Execution[] {
    return this.investigation.record.raft.executions.filter((execution) => {
      const server = /^clerk-\d+->server-(\d+)#\d+$/.exec(execution.id)?.[1];
      const err = replyErr(execution.reply);
      if (server === undefined || execution.abandoned || err === undefined || err === "ErrWrongLeader") return false;
      return !tookEntry(this.startOf(Number(server), execution));
    });
  }

  private startOf(server: number, execution: Execution): StartSeen | undefined {
    const during = this.investigation.record.starts.filter(
      (start) => start.server === server && start.incarnation === execution.incarnation && start.timeMs >= execution.startMs && start.timeMs <= execution.endMs,
    );
    const args = execution.args as Record<string, unknown>;
    const wanted = REQUEST_FIELDS.filter((field) => field in (args ?? {}));
    // A get's request is a put's too (a key): the command that repeats exactly its fields first.
    const matches = during.map((start) => ({ start, extra: carries(start.command, args, wanted, 0) })).filter((match) => match.extra >= 0);
    return matches.sort((a, b) => a.extra - b.extra)[0]?.start;
  }

  fateOf(start: StartSeen): EntryFate {
    const at = this.appliesAt.get(start.index) ?? [];
    const committed = this.investigation.record.raft.commits.find((commit) => commit.index === start.index && sameCommand(commit.command, start.command));
    return {
      start,
      applied: at.filter((apply) => sameCommand(apply.command, start.command)),
      displaced: at.filter((apply) => !sameCommand(apply.command, start.command) && apply.timeMs >= start.timeMs),
      ...(committed ? { committedMs: committed.timeMs } : {}),
    };
  }
}

/**
 * Whether `value` holds an object repeating the request's `wanted` fields: -1 when it does not,
 * else how many of the request fields it has beyond them (0: exactly the request's).
 */
function carries(value: unknown, args: Record<string, unknown>, wanted: readonly string[], depth: number): number {
  if (depth > 4 || typeof value !== "object" || value === null || wanted.length === 0) return -1;
  const fields = value as Record<string, unknown>;
  if (wanted.every((field) => sameCommand(fields[field], args[field]))) return REQUEST_FIELDS.filter((field) => field in fields && !wanted.includes(field)).length;
  let best = -1;
  for (const inner of Object.values(fields)) {
    const found = carries(inner, args, wanted, depth + 1);
    if (found >= 0 && (best < 0 || found < best)) best = found;
  }
  return best;
}
