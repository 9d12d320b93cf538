import type { TraceEvent } from "../../../../labnet/index.js";
import type { RaftEvent, RaftForensicRecord, RoleChange, SampledRole } from "../world/index.js";

/** A peer in one term and role, from one instant until the next change, its crash or the run's end. */
export interface RoleSpan {
  peer: number;
  incarnation: number;
  term: number;
  role: SampledRole;
  fromMs: number;
  untilMs: number;
}

/** What the tester did to a peer: a crash, a restart, a disconnection, a reconnection. */
export interface LifeEvent {
  timeMs: number;
  peer: number;
  kind: "crashed" | "restarted" | "disconnected" | "reconnected";
}

/** A change of the network itself: a partition between groups of peers, its healing, a new fault profile. */
export interface NetworkChange {
  timeMs: number;
  kind: "partition" | "healed" | "network";
  /** e.g. "partition raft-0,raft-1 <-/-> raft-2", "network unreliable+long-delays". */
  text: string;
}

/** The network's partitions (until healed) and profile changes, from the trace (a heal with no partition, or the profile it had, is none). */
export function networkChanges(trace: readonly TraceEvent[]): NetworkChange[] {
  const changes: NetworkChange[] = [];
  let cut = false;
  let profile: string | undefined;
  for (const event of trace) {
    const timeMs = event.time / 1000;
    if (event.kind === "partition") {
      cut = true;
      changes.push({ timeMs, kind: "partition", text: `partition ${event.subject}` });
    } else if (event.kind === "heal" && cut) {
      cut = false;
      changes.push({ timeMs, kind: "healed", text: "partitions healed" });
    } else if (event.kind === "profile" && event.subject !== profile) {
      profile = event.subject;
      changes.push({ timeMs, kind: "network", text: `network ${event.subject}` });
    }
  }
  return changes;
}

/**
 * Each peer's terms and roles as spans, in order of their start; a crash ends a peer's span. A
 * state left at the instant it was seen (a restarted peer's saved term, as it starts an election)
 * is no span.
 */
export function roleSpans(record: RaftForensicRecord, life: readonly LifeEvent[], endMs: number): RoleSpan[] {
  const spans: RoleSpan[] = [];
  const open = new Map<number, RoleSpan>();
  const close = (peer: number, atMs: number) => {
    const span = open.get(peer);
    if (span) span.untilMs = atMs;
    open.delete(peer);
  };
  const crashes = life.filter((event) => event.kind === "crashed");
  let next = 0;
  for (const change of record.roles) {
    for (; next < crashes.length && crashes[next]!.timeMs <= change.timeMs; next++) close(crashes[next]!.peer, crashes[next]!.timeMs);
    close(change.peer, change.timeMs);
    const span: RoleSpan = { ...roleOf(change), fromMs: change.timeMs, untilMs: endMs };
    spans.push(span);
    open.set(change.peer, span);
  }
  for (; next < crashes.length; next++) close(crashes[next]!.peer, crashes[next]!.timeMs);
  return spans.filter((span) => span.untilMs > span.fromMs);
}

function roleOf({ peer, incarnation, term, role }: RoleChange) {
  return { peer, incarnation, term, role };
}

/**
 * The tester's crashes, restarts and changes of connectivity, in order. A connect counts only for
 * a live peer that was cut off (the course's ConnectAll connects every peer, crashed ones too),
 * and the disconnection a crash starts with is the crash's.
 */
export function lifeEvents(events: readonly RaftEvent[]): LifeEvent[] {
  const life: LifeEvent[] = [];
  const connected = new Set<number>();
  const crashed = new Set<number>();
  // The connects that begin the run (setup's ConnectAll) are no change.
  let setup = true;
  events.forEach((event, k) => {
    const { timeMs, peer } = event;
    if (event.kind !== "connect") setup = false;
    if (event.kind === "connect" && !connected.has(peer)) {
      connected.add(peer);
      if (!setup && !crashed.has(peer)) life.push({ timeMs, peer, kind: "reconnected" });
    } else if (event.kind === "disconnect" && connected.delete(peer)) {
      const next = events[k + 1];
      if (!(next?.kind === "crash" && next.peer === peer)) life.push({ timeMs, peer, kind: "disconnected" });
    } else if (event.kind === "crash" || event.kind === "restart") {
      if (event.kind === "crash") crashed.add(peer);
      else crashed.delete(peer);
      life.push({ timeMs, peer, kind: event.kind === "crash" ? "crashed" : "restarted" });
    }
  });
  return life;
}

/** A peer's name in words: "raft-3" in the Raft lab; a lab over Raft may name the server that hosts it. */
export type PeerName = (peer: number) => string;

const raftPeer: PeerName = (peer) => `raft-${peer}`;

/** A span's start in words: "raft-3 leader of term 2", "raft-1 candidate in term 2". */
export function roleWords(span: Pick<RoleSpan, "peer" | "term" | "role">, name: PeerName = raftPeer): string {
  if (span.role === "leader") return `${name(span.peer)} leader of term ${span.term}`;
  return span.role === "not leader" ? `${name(span.peer)} in term ${span.term}, not leading` : `${name(span.peer)} ${span.role} in term ${span.term}`;
}

/**
 * The timeline in lines: each change of a peer's term or role, each crash, restart and change
 * of connectivity, and each change of the network, up to `untilMs`; the last `max` of them, saying how many came before.
 */
export function timelineLines(spans: readonly RoleSpan[], life: readonly LifeEvent[], network: readonly NetworkChange[], untilMs: number, max: number, name: PeerName = raftPeer): string[] {
  const items = [
    ...spans.map((span) => ({ timeMs: span.fromMs, text: roleWords(span, name) })),
    ...life.map((event) => ({ timeMs: event.timeMs, text: `${name(event.peer)} ${event.kind}` })),
    ...network.map((change) => ({ timeMs: change.timeMs, text: change.text })),
  ]
    .filter((item) => item.timeMs <= untilMs)
    .sort((a, b) => a.timeMs - b.timeMs);
  const shown = items.slice(-max);
  const lines = shown.map((item) => `  ${ms(item.timeMs).padStart(12)}  ${item.text}`);
  return items.length > shown.length ? [`  (${items.length - shown.length} earlier changes on the page)`, ...lines] : lines;
}

/** A virtual instant as the explanation prints it. */
export function ms(timeMs: number): string {
  return `${timeMs.toFixed(3)}ms`;
}
