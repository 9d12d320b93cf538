import { stripVTControlCharacters } from "node:util";
import { focusOf, nearest, SHOWN_MARKERS, SHOWN_MESSAGES, SummaryBuilder, type RunView, type ViewBand, type ViewMarker, type ViewMessage } from "../../../check/index.js";
import type { TestReport } from "../../../harness/index.js";
import { goValue } from "../world/format.js";
import type { RaftAnalysis } from "./analysis.js";
import type { RaftInvestigation } from "./investigate.js";
import { Executions, traceMessages } from "./messages.js";
import { ms, type LifeEvent, type RoleSpan } from "./timeline.js";

/** The order band kinds take their colours in (kinds first seen in this order). */
const KINDS = ["follower", "not leader", "candidate", "leader", "crashed", "disagreement"];

/**
 * A failed Raft run as the one-page viewer shows it: a lane per peer with its terms and roles as
 * bands (and its crashed spells), the RPCs between peers as arrows, disconnections, crashes and
 * restarts as markers, and the peers that disagreed marked from the first disagreement on. A big
 * run's page draws the messages nearest the disagreement (those that carried the conflicting
 * entries always), up to SHOWN_MESSAGES, and counts the rest.
 */
export function raftRunView({ report, world, record }: RaftInvestigation, analysis: RaftAnalysis, lines: readonly string[]): RunView {
  const lanes = Array.from({ length: world.peers }, (_, i) => `raft-${i}`);
  const { disagreement } = analysis;
  const window = focusOf([{ callMs: disagreement?.first.timeMs ?? analysis.failedAtMs, returnMs: analysis.failedAtMs }], analysis.failedAtMs);
  const carried = new Map(analysis.conflicts.flatMap((conflict) => conflict.carriers.map((carrier) => [carrier.execution.id, conflict] as const)));
  const traced = traceMessages(report.trace ?? [], new Executions(record.executions)).map((message) => {
    const conflict = carried.get(message.id);
    return conflict ? { ...message, details: { carries: `index ${conflict.holding.index} = ${goValue(conflict.holding.command)}, a conflicting entry`, ...message.details } } : message;
  });
  // A cut-off peer calls on for seconds (heartbeats, votes) and none of it leaves: counted, not drawn.
  const all = traced.filter((message) => message.fate !== "unreachable");
  const unreachable = traced.length - all.length;
  const summary = new SummaryBuilder();
  for (const message of all) summary.message(message.sendMs, message.fate);
  const messages = nearest(all.map(span), window, SHOWN_MESSAGES, (i) => (carried.has(all[i]!.id) ? 1 : 0)).map((i) => all[i]!);
  const everyMarker = markersOf(analysis);
  summary.faults(everyMarker.length);
  const markers = nearest(everyMarker.map((m) => ({ callMs: m.atMs, returnMs: m.untilMs ?? m.atMs })), window, SHOWN_MARKERS).map((i) => everyMarker[i]!);
  const drawn = messages.length > 0 ? focusOf(messages.map(span), window.fromMs) : window;
  const rest = summary.build({ operations: 0, messages: messages.length, markers: markers.length, ...drawn });
  return {
    ...failedRunHead(report, lines, unreachable > 0 ? [`(${unreachable} calls that could not reach their peer, a disconnected or crashed one, are not drawn)`] : []),
    lanes,
    operations: [],
    messages,
    markers,
    bands: bandsOf(analysis),
    ...(rest ? { rest } : {}),
  };
}

/** A failed run's page head: its title, verdict and failure, and the explanation's lines (without colour) with `notes` after. */
export function failedRunHead(report: TestReport, lines: readonly string[], notes: readonly string[]): Pick<RunView, "title" | "verdict" | "summary" | "explanation"> {
  return {
    title: `${report.test}, seed ${report.seed}`,
    verdict: "fail",
    summary: report.message ?? "failed",
    explanation: [...lines.map((line) => stripVTControlCharacters(line)), ...notes],
  };
}

function span(message: ViewMessage) {
  return { callMs: message.sendMs, returnMs: message.replyArriveMs ?? message.arriveMs ?? message.sendMs };
}

/** Each peer's terms and roles, its crashed spells, and the disagreeing peers from the first disagreement on. */
function bandsOf(analysis: RaftAnalysis): ViewBand[] {
  const bands = roleBands(analysis.spans, analysis.life, analysis.failedAtMs);
  const { disagreement } = analysis;
  if (disagreement) {
    // From where it began (the late RPC, when there is one) on the two peers that decided differently.
    const fromMs = analysis.lateCarrier?.execution.startMs ?? disagreement.second.timeMs;
    const label = `index ${disagreement.index}: ${goValue(disagreement.first.command)} ≠ ${goValue(disagreement.second.command)}`;
    for (const holding of new Set([disagreement.first, disagreement.second])) {
      const details = { [`raft-${holding.peer} ${holding.how} at ${ms(holding.timeMs)}`]: goValue(holding.command) };
      bands.push({ lane: `raft-${holding.peer}`, fromMs, untilMs: analysis.failedAtMs, label, kind: "disagreement", details });
    }
  }
  return sortBands(bands);
}

/**
 * Each peer's terms and roles as bands on its lane (`lane(peer)`: "raft-2" here, the server that
 * hosts the peer in a lab over Raft), and its crashed spells up to `endMs`.
 */
export function roleBands(spans: readonly RoleSpan[], life: readonly LifeEvent[], endMs: number, lane: (peer: number) => string = (peer) => `raft-${peer}`): ViewBand[] {
  const bands: ViewBand[] = spans.map((span) => ({
    lane: lane(span.peer),
    fromMs: span.fromMs,
    untilMs: span.untilMs,
    label: span.role === "leader" ? `term ${span.term} leader` : `term ${span.term}`,
    kind: span.role,
    details: { term: String(span.term), role: span.role, incarnation: String(span.incarnation) },
  }));
  const down = new Map<number, number>();
  for (const event of life) {
    if (event.kind === "crashed") down.set(event.peer, event.timeMs);
    if (event.kind !== "restarted" || !down.has(event.peer)) continue;
    bands.push({ lane: lane(event.peer), fromMs: down.get(event.peer)!, untilMs: event.timeMs, label: "crashed", kind: "crashed" });
    down.delete(event.peer);
  }
  for (const [peer, fromMs] of down) bands.push({ lane: lane(peer), fromMs, untilMs: endMs, label: "crashed", kind: "crashed" });
  return sortBands(bands);
}

/** Bands in the order their kinds take colours (KINDS'), whatever comes first in time. */
function sortBands(bands: ViewBand[]): ViewBand[] {
  return bands.sort((a, b) => rank(a.kind) - rank(b.kind) || a.fromMs - b.fromMs);
}

function rank(kind: string): number {
  const at = KINDS.indexOf(kind);
  return at === -1 ? KINDS.length : at;
}

/** Disconnections (until the peer is connected again), crashes, restarts, partitions (until healed) and network changes. */
function markersOf(analysis: RaftAnalysis): ViewMarker[] {
  const markers: ViewMarker[] = [];
  const partitions: ViewMarker[] = [];
  for (const change of analysis.network) {
    if (change.kind === "healed") for (const marker of partitions.splice(0)) marker.untilMs = change.timeMs;
    else {
      const marker: ViewMarker = { atMs: change.timeMs, kind: change.kind, label: change.text, ...(change.kind === "partition" ? { untilMs: analysis.failedAtMs } : {}) };
      markers.push(marker);
      if (change.kind === "partition") partitions.push(marker);
    }
  }
  const cut = new Map<number, ViewMarker>();
  for (const event of analysis.life) {
    const name = `raft-${event.peer}`;
    if (event.kind === "disconnected") {
      const marker: ViewMarker = { atMs: event.timeMs, untilMs: analysis.failedAtMs, kind: "partition", label: `${name} disconnected` };
      markers.push(marker);
      cut.set(event.peer, marker);
    } else if (event.kind === "reconnected") {
      const marker = cut.get(event.peer);
      if (marker) marker.untilMs = event.timeMs;
      cut.delete(event.peer);
    } else markers.push({ atMs: event.timeMs, kind: event.kind === "crashed" ? "crash" : "restart", label: `${name} ${event.kind}` });
  }
  return markers;
}
