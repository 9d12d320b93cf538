import type { Execution } from "../../../../labnet/index.js";
import { goValue, sameCommand } from "../world/format.js";
import type { RaftEvent } from "../world/index.js";
import { ms } from "./timeline.js";

/** An RPC a peer handled whose arguments carried a given log entry. */
export interface Carrier {
  execution: Execution;
  /** The sending peer ("raft-2") and its incarnation, from the end's name. */
  from: string;
  fromIncarnation: number;
  /** The sender's term as its arguments say (a `term` field), when they do. */
  term?: number;
}

/** Keys of an entry's fields that are never its command. */
const NOT_COMMAND = /term|index/i;

/**
 * The RPCs, in the order they ran, whose arguments carry `command` as a log entry: an element of
 * an array in the arguments that is the command, or an object with a field holding it (other than
 * a term or an index); with `term`, an element with a numeric `term` field must have that term.
 * The arguments are the implementer's own, so this looks for the entry rather than a field name.
 */
export function carriersOf(executions: readonly Execution[], command: unknown, term?: number): Carrier[] {
  const carriers: Carrier[] = [];
  for (const execution of executions) {
    if (!carries(execution.args, command, term, 0)) continue;
    const [, from = execution.id, incarnation = "0"] = /^([^.]+)\.(\d+)->/.exec(execution.id) ?? [];
    const args = execution.args as { term?: unknown } | null;
    carriers.push({ execution, from, fromIncarnation: Number(incarnation), ...(typeof args?.term === "number" ? { term: args.term } : {}) });
  }
  return carriers;
}

function carries(value: unknown, command: unknown, term: number | undefined, depth: number): boolean {
  if (depth > 4 || typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some((element) => isEntry(element, command, term) || carries(element, command, term, depth + 1));
  return Object.values(value).some((field) => carries(field, command, term, depth + 1));
}

function isEntry(element: unknown, command: unknown, term: number | undefined): boolean {
  if (sameCommand(element, command)) return true;
  if (typeof element !== "object" || element === null || Array.isArray(element)) return false;
  const fields = element as Record<string, unknown>;
  if (term !== undefined && typeof fields.term === "number" && fields.term !== term) return false;
  return Object.entries(fields).some(([key, field]) => !NOT_COMMAND.test(key) && sameCommand(field, command));
}

/** A carrier in words: "raft-3's appendEntries to raft-1 in term 8 at 3360.101ms (reply {...})". */
export function carrierWords(carrier: Carrier): string {
  const { execution } = carrier;
  const term = carrier.term === undefined ? "" : ` in term ${carrier.term}`;
  const reply = goValue(execution.reply);
  return `${carrier.from}'s ${execution.method} to ${execution.server}${term} at ${ms(execution.startMs)} (reply ${reply.length > 80 ? `${reply.slice(0, 79)}…` : reply})`;
}

/** The start a leader accepted `command` with at `index`, from the tester's record. */
export function acceptedBy(events: readonly RaftEvent[], index: number, command: unknown): RaftEvent | undefined {
  return events.find((event) => event.kind === "start" && event.index === index && sameCommand(event.command, command));
}
