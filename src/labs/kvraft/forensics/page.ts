import { cut, describeAttempt } from "../../kv/index.js";
import { DETAIL_CHARS, focusOf, nearest, roleRank, type MinimalHistory, type RunView, SHOWN_MESSAGES, SHOWN_OPERATIONS, SummaryBuilder, type ViewMessage, type ViewOperation } from "../../../check/index.js";
import { Executions, failedRunHead, roleBands, traceMessages } from "../../raft/index.js";
import { serverName } from "../world/index.js";
import { nearestCalls, tookWords } from "./explain-lines.js";
import { callWords, resultWords } from "./words.js";
import type { KvRaftInvestigation } from "./investigate.js";
import { faultMarkers, type KvRaftTimeline } from "./raft-view.js";
import type { OpStory, Stories } from "./stories.js";

/**
 * A failed replicated KV run as the one-page viewer shows it: a row per clerk with its calls, a
 * lane per server with its Raft peer's terms and roles as bands (and its crashed spells), the
 * clerks' RPCs and the servers' Raft RPCs as arrows, and crashes and partitions as markers. The
 * window is where the smallest illegal part of the history lies (or else the failure's instant):
 * it holds those calls and their attempts first, then what is nearest, up to the viewer's limits;
 * the rest of the run is counted.
 */
export function kvraftRunView(investigation: KvRaftInvestigation, stories: Stories, minimal: MinimalHistory | undefined, timeline: KvRaftTimeline, lines: readonly string[]): RunView {
  const { report, world, record } = investigation;
  const history = world.history.operations;
  const failedAtMs = report.virtualMs;
  const roleOf = new Map<number, ViewOperation["role"]>();
  for (const i of minimal?.kept ?? []) roleOf.set(i, "unplaced");
  for (const i of minimal?.weakened ?? []) roleOf.set(i, "minimal");
  // Without an illegal history, the calls the explanation names (nearest the failure) are its focus.
  const named = minimal ? [] : nearestCalls(investigation, stories);
  for (const story of named) if (story.historyIndex !== undefined) roleOf.set(story.historyIndex, "unplaced");
  const focused = [...roleOf.keys()].map((i) => history[i]!);
  const focus = focusOf([...focused, ...named.filter((story) => story.returnMs === undefined)], failedAtMs);
  const chosen = nearest(history, focus, SHOWN_OPERATIONS, (i) => roleRank(roleOf.get(i)));
  const shown: OpStory[] = [...chosen.map((i) => stories.of(i)), ...named.filter((story) => story.historyIndex === undefined)];

  const operations: ViewOperation[] = shown.map((story, id) => viewOperation(story, id, story.historyIndex === undefined ? "unplaced" : (roleOf.get(story.historyIndex) ?? "other")));
  const operationOf = new Map(shown.flatMap((story, id) => (story.call?.messages ?? []).map((message) => [message, id] as const)));

  const summary = new SummaryBuilder();
  for (const op of history) summary.operation(op.callMs, op.end ?? `client ${op.client}`, `${op.input.op} → ${op.output?.err ?? "no answer"}`);
  const traced = traceMessages(report.trace ?? [], new Executions(record.raft.executions)).map((message) => {
    const operation = operationOf.get(message.id.replace(" (copy 1)", ""));
    return operation === undefined ? message : { ...message, operation };
  });
  // A cut-off server calls on for seconds (heartbeats, votes) and none of it leaves: counted, not drawn.
  const all = traced.filter((message) => message.fate !== "unreachable" || message.operation !== undefined);
  const unreachable = traced.length - all.length;
  for (const message of all) summary.message(message.sendMs, message.fate);
  const window = focusOf(operations, failedAtMs);
  const messages = nearest(all.map(span), window, SHOWN_MESSAGES, (i) => (all[i]!.operation === undefined ? 0 : 1)).map((i) => all[i]!);
  const { markers, faults } = faultMarkers(record.faults, failedAtMs, window);
  summary.faults(faults);
  const rest = summary.build({ operations: operations.length, messages: messages.length, markers: markers.length, ...window });
  const clients = [...new Set(operations.map((op) => op.lane))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return {
    ...failedRunHead(report, lines, unreachable > 0 ? [`(${unreachable} Raft calls that could not reach their server, a cut-off or crashed one, are not drawn)`] : []),
    lanes: [...clients, ...Array.from({ length: world.peers }, (_, i) => serverName(i))],
    operations,
    messages,
    markers,
    bands: roleBands(timeline.spans, timeline.life, failedAtMs, serverName),
    ...(rest ? { rest } : {}),
  };
}

function viewOperation(story: OpStory, id: number, role: ViewOperation["role"]): ViewOperation {
  const result = story.output ? resultWords(story) : "no answer yet";
  const details: Record<string, string> = {
    call: callWords(story),
    returned: cut(result, DETAIL_CHARS),
    time: `${story.callMs.toFixed(3)}ms – ${story.returnMs === undefined ? "still waiting at the failure" : `${story.returnMs.toFixed(3)}ms`}`,
  };
  for (const attempt of story.attempts) {
    const took = tookWords(attempt);
    details[`attempt ${attempt.attempt.number}`] = cut(`${describeAttempt(attempt.attempt)}${took ? `; ${took}` : ""}`, DETAIL_CHARS * 2);
  }
  return {
    id,
    lane: story.client,
    callMs: story.callMs,
    ...(story.returnMs === undefined ? {} : { returnMs: story.returnMs }),
    label: `${callWords(story)} → ${cut(result, 60)}`,
    key: story.input.key,
    role,
    details,
  };
}

function span(message: ViewMessage) {
  return { callMs: message.sendMs, returnMs: message.replyArriveMs ?? message.arriveMs ?? message.sendMs };
}
