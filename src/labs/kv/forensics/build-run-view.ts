import { stripVTControlCharacters } from "node:util";
import type { TraceEvent } from "../../../../labnet/index.js";
import { eventFate, fateRank, messageFate } from "../../../harness/index.js";
import { describeAttempt } from "./attempts.js";
import { describeCall, cut, jsonText } from "../quote.js";
import { describeResult, type Finding } from "./diagnose.js";
import { journalLookup } from "./explain-run.js";
import type { Investigation } from "./investigate.js";
import { DETAIL_CHARS, type Focus, FOCUS_OPERATIONS, focusOf, type MinimalHistory, nearest, roleRank, type RunView, SHOWN_MARKERS, SHOWN_MESSAGES, SHOWN_OPERATIONS, SummaryBuilder, type ViewMarker, type ViewMessage, type ViewOperation } from "../../../check/index.js";

/**
 * A failed simulated run as the one-page viewer shows it: the clerk calls, messages and faults in
 * a window around what went wrong, drawn in full, and the whole run in counts. The window holds
 * the operations the explanation names (the smallest illegal part, the findings), or else those
 * nearest the instant the run failed, up to SHOWN_OPERATIONS, so the page stays small however big
 * the run.
 */
export function buildRunView(investigation: Investigation, explanation: string[], minimal: MinimalHistory | undefined): RunView {
  const { report, world, index, findings } = investigation;
  const journal = world.journal;
  const roleOf = new Map<number, ViewOperation["role"]>();
  const entryOf = journalLookup(journal);
  for (const i of minimal?.kept ?? []) markHistoryOp(i, "unplaced");
  for (const i of minimal?.weakened ?? []) markHistoryOp(i, "minimal");
  for (const finding of findings) for (const id of finding.operations) if (!roleOf.has(id)) roleOf.set(id, "unplaced");
  function markHistoryOp(i: number, role: ViewOperation["role"]) {
    const entry = entryOf(world.history.operations[i]!);
    if (entry) roleOf.set(entry.id, role);
  }

  // The violation (what the explanation names) comes first, then the rest of the smallest
  // illegal part; the window is where the violation is, or else where the run failed.
  const rank = (id: number) => roleRank(roleOf.get(id));
  const violation = [...roleOf.keys()].filter((id) => rank(id) === 2);
  const focus = focusOf((violation.length > 0 ? violation : [...roleOf.keys()]).slice(0, FOCUS_OPERATIONS).map((id) => journal[id]!), report.virtualMs);
  const chosen = nearest(journal, focus, SHOWN_OPERATIONS, (i) => rank(journal[i]!.id)).map((i) => journal[i]!);
  const shownIds = new Set(chosen.map((entry) => entry.id));
  const window = focusOf(chosen, report.virtualMs);

  const operations: ViewOperation[] = chosen.map((entry) => {
    const attempts = index.attemptsOf(entry);
    const result = describeResult(entry);
    return {
      id: entry.id,
      lane: entry.client,
      callMs: entry.callMs,
      ...(entry.returnMs === undefined ? {} : { returnMs: entry.returnMs }),
      label: `${describeCall(entry)} → ${cut(result, 60)}`,
      key: entry.key,
      role: roleOf.get(entry.id) ?? "other",
      details: {
        call: describeCall(entry),
        returned: cut(result, DETAIL_CHARS),
        time: `${entry.callMs.toFixed(3)}ms – ${entry.returnMs === undefined ? "never returned" : `${entry.returnMs.toFixed(3)}ms`}`,
        ...Object.fromEntries(attempts.map((attempt) => [`attempt ${attempt.number}`, cut(describeAttempt(attempt), DETAIL_CHARS)])),
      },
    };
  });

  const summary = new SummaryBuilder();
  for (const entry of journal) summary.operation(entry.callMs, entry.client, `${entry.op} → ${typeof entry.result === "string" ? entry.result : (entry.result?.err ?? "no answer")}`);
  const everyMarker = markersOf(report.trace ?? []);
  summary.faults(everyMarker.length);
  const messages = messagesOf(report.trace ?? [], window, shownIds, investigation, summary);
  const markers = nearest(
    everyMarker.map((m) => ({ callMs: m.atMs, returnMs: m.untilMs ?? m.atMs })),
    window,
    SHOWN_MARKERS,
  ).map((i) => everyMarker[i]!);
  const lanes = [...new Set(chosen.map((entry) => entry.client))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const rest = summary.build({ operations: operations.length, messages: messages.length, markers: markers.length, ...window });
  return {
    title: `${report.test}, seed ${report.seed}`,
    verdict: report.verdict === "fail" ? "fail" : "pass",
    summary: report.message ?? "passed",
    explanation: [...explanation.map((line) => stripVTControlCharacters(line)), ...unshownLines(findings, explanation)],
    lanes: [...lanes, ...new Set(messages.map((message) => message.to))],
    operations,
    messages,
    markers,
    ...(rest ? { rest } : {}),
  };
}

/** Findings the page lists beyond the text explanation's, at most UNSHOWN_FINDINGS of them. */
function unshownLines(findings: readonly Finding[], explanation: readonly string[]): string[] {
  const unshown = findings.filter((finding) => !explanation.some((line) => line.includes(finding.text)));
  const lines = unshown.slice(0, UNSHOWN_FINDINGS).map((finding) => `[${finding.severity}] ${finding.text}`);
  return unshown.length > UNSHOWN_FINDINGS ? [...lines, `(and ${unshown.length - UNSHOWN_FINDINGS} more findings of the same kinds)`] : lines;
}

/** Findings listed on the page beyond the text explanation's. */
const UNSHOWN_FINDINGS = 40;

/**
 * One arrow per message copy of the operations shown (and of messages no call sent, such as a
 * lock's, within the window), at most SHOWN_MESSAGES; every message of the run is counted in
 * `summary`. Only the events of messages it draws are grouped, so a run of a million events costs
 * one pass.
 */
function messagesOf(trace: readonly TraceEvent[], window: Focus, shown: ReadonlySet<number>, investigation: Investigation, summary: SummaryBuilder): ViewMessage[] {
  const byLabel = new Map<string, TraceEvent[]>();
  const fates = new Map<string, { sentMs: number; fate: ViewMessage["fate"] }>();
  for (const event of trace) {
    const id = /^(\S+#\d+) /.exec(event.subject)?.[1];
    if (id === undefined) continue;
    if (event.kind === "send" || event.kind === "duplicate") fates.set(event.subject, { sentMs: event.time / 1000, fate: "lost" });
    const fate = eventFate(event.kind);
    const sent = fates.get(event.subject);
    if (fate && sent && fateRank(fate) < fateRank(sent.fate)) sent.fate = fate;
    const call = investigation.index.callOf(id)?.id;
    const drawn = call === undefined ? event.time / 1000 >= window.fromMs && event.time / 1000 <= window.toMs : shown.has(call);
    if (!drawn) continue;
    const list = byLabel.get(event.subject);
    if (list) list.push(event);
    else byLabel.set(event.subject, [event]);
  }
  for (const { sentMs, fate } of fates.values()) summary.message(sentMs, fate);
  const messages = [...byLabel].map(([label, events]) => viewMessage(label, events, investigation));
  return nearest(
    messages.map((m) => ({ callMs: m.sendMs, returnMs: m.replyArriveMs ?? m.arriveMs ?? m.sendMs })),
    window,
    SHOWN_MESSAGES,
  ).map((i) => messages[i]!);
}

/** One message copy as an arrow, from its trace events. */
function viewMessage(label: string, events: readonly TraceEvent[], investigation: Investigation): ViewMessage {
  const [id, route] = label.split(" ") as [string, string];
  const at = (kind: TraceEvent["kind"]) => events.find((event) => event.kind === kind)?.time;
  const ms = (micros: number | undefined) => (micros === undefined ? undefined : micros / 1000);
  const copy = label.includes("(copy 1)") ? 1 : 0;
  const run = investigation.index.executionsOf(id).find((execution) => execution.copy === copy);
  const fate = messageFate(events);
  const end = at("lost") ?? at("drop-request") ?? at("unreachable");
  const operation = investigation.index.callOf(id)?.id;
  return {
    id: copy ? `${id} (copy 1)` : id,
    from: id.split("#")[0]!,
    to: route.split("→")[1] ?? "",
    sendMs: ms(at("send") ?? at("duplicate"))!,
    ...optional("arriveMs", ms(at("execute") ?? end)),
    ...optional("replySendMs", ms(at("reply"))),
    ...optional("replyArriveMs", ms(at("deliver") ?? at("discard"))),
    fate,
    ...optional("operation", operation),
    details: {
      message: label,
      fate,
      ...(run ? { arguments: cut(jsonText(run.args), DETAIL_CHARS), reply: cut(jsonText(run.reply), DETAIL_CHARS), executed: `${run.startMs.toFixed(3)}–${run.endMs.toFixed(3)}ms` } : {}),
    },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Partitions (until the next heal), crashes, restarts and network changes. */
function markersOf(trace: readonly TraceEvent[]): ViewMarker[] {
  const markers: ViewMarker[] = [];
  const open: ViewMarker[] = [];
  for (const event of trace) {
    const atMs = event.time / 1000;
    if (event.kind === "partition") {
      const marker: ViewMarker = { atMs, kind: "partition", label: `partition ${event.subject}` };
      markers.push(marker);
      open.push(marker);
    } else if (event.kind === "heal") for (const marker of open.splice(0)) marker.untilMs = atMs;
    else if (event.kind === "crash" || event.kind === "restart") markers.push({ atMs, kind: event.kind, label: `${event.kind} ${event.subject}` });
    else if (event.kind === "profile") markers.push({ atMs, kind: "network", label: `network: ${event.subject}` });
  }
  return markers;
}
