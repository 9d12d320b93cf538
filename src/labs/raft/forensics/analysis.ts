import { sameCommand } from "../world/format.js";
import type { RaftEvent } from "../world/index.js";
import { acceptedBy, carriersOf, type Carrier } from "./carriers.js";
import { firstDisagreement, type Disagreement, type Holding } from "./disagreement.js";
import type { RaftInvestigation } from "./investigate.js";
import { lastIndexOf, type LogTable } from "./logs.js";
import { lifeEvents, networkChanges, roleSpans, type LifeEvent, type NetworkChange, type RoleSpan } from "./timeline.js";

/** One side of a disagreement: the entry a peer decided, where it came from and what carried it. */
export interface ConflictingEntry {
  holding: Holding;
  /** The entry's term, from the peer's inspection or the start that created it. */
  term?: number;
  /** The start a leader accepted it with, when the tester's record has it. */
  accepted?: RaftEvent;
  /** The RPCs whose arguments carried it, in the order they ran. */
  carriers: Carrier[];
}

/** A failed run in Raft's terms: the timeline, the logs, the first disagreement and its entries. */
export interface RaftAnalysis {
  failedAtMs: number;
  life: LifeEvent[];
  network: NetworkChange[];
  spans: RoleSpan[];
  disagreement?: Disagreement;
  /** The two entries of the disagreement (none without one). */
  conflicts: ConflictingEntry[];
  /**
   * The first RPC a peer took (its reply does not say `success: false`) that carried the second
   * entry after the first was decided at its index: where the disagreement began, often before the
   * second decision shows it (a leader that lacks a committed entry overwriting it on a follower).
   */
  lateCarrier?: Carrier;
  table: LogTable;
  /** The index the logs are shown around: the disagreement's, else one the failure names, else the highest committed. */
  focusIndex: number;
}

/** What the re-run shows, in Raft's terms, for the lines and the page alike. */
export function analyse({ report, world, record, views }: RaftInvestigation): RaftAnalysis {
  const failedAtMs = report.virtualMs;
  const events = world.recorder.events;
  const life = lifeEvents(events);
  const disagreement = firstDisagreement(record, events);
  const table: LogTable = { views, applied: Array.from({ length: world.peers }, (_, i) => withoutZero(world.appliersNow()[i]?.logs)) };
  const conflicts = disagreement ? [disagreement.first, disagreement.second].map((holding) => conflictingEntry(holding, events, table, record.executions)) : [];
  const named = /index[= ](\d+)/.exec(report.message ?? "")?.[1];
  const committed = Math.max(0, ...views.map((view) => view?.commitIndex ?? 0));
  const focusIndex = disagreement?.index ?? (named === undefined ? committed || lastIndexOf(table) : Number(named));
  const lateCarrier = disagreement && conflicts[1]!.carriers.find((carrier) => carrier.execution.startMs > disagreement.first.timeMs && taken(carrier));
  return {
    failedAtMs,
    life,
    network: networkChanges(report.trace ?? []),
    spans: roleSpans(record, life, failedAtMs),
    ...(disagreement ? { disagreement } : {}),
    conflicts,
    ...(lateCarrier ? { lateCarrier } : {}),
    table,
    focusIndex,
  };
}

function conflictingEntry(holding: Holding, events: readonly RaftEvent[], table: LogTable, executions: RaftInvestigation["record"]["executions"]): ConflictingEntry {
  const accepted = acceptedBy(events, holding.index, holding.command);
  const view = table.views[holding.peer];
  const held = view?.log.find((entry) => entry.index === holding.index && sameCommand(entry.command, holding.command));
  const term = holding.term ?? accepted?.term ?? held?.term;
  return { holding, ...(term === undefined ? {} : { term }), ...(accepted ? { accepted } : {}), carriers: carriersOf(executions, holding.command, term) };
}

/** Whether the receiver took what an RPC carried, as far as its reply says: not when it says `success: false`. */
function taken(carrier: Carrier): boolean {
  const reply = carrier.execution.reply as { success?: unknown } | null | undefined;
  return !carrier.execution.abandoned && reply?.success !== false;
}

/** The tester's applied commands, without index 0 (the empty prefix it keeps). */
function withoutZero(logs: ReadonlyMap<number, unknown> | undefined): Map<number, unknown> {
  return new Map([...(logs ?? [])].filter(([index]) => index > 0));
}
