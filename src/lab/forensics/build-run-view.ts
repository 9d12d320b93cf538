import { stripVTControlCharacters } from "node:util";
import type { TraceEvent } from "../../../labnet/index.js";
import { describeAttempt } from "./attempts.js";
import { describeCall, type Finding } from "./diagnose.js";
import { journalEntryOf } from "./explain-run.js";
import type { Investigation } from "./investigate.js";
import type { RunView, ViewMarker, ViewMessage, ViewOperation } from "./run-view.js";
import type { MinimalHistory } from "./shrink-history.js";

/** A failed simulated run as the one-page viewer shows it: every clerk call, message and fault. */
export function buildRunView(investigation: Investigation, explanation: string[], minimal: MinimalHistory | undefined, rerun: string): RunView {
  const { report, lab, index, findings } = investigation;
  const roleOf = new Map<number, ViewOperation["role"]>();
  for (const i of minimal?.kept ?? []) markHistoryOp(i, "unplaced");
  for (const i of minimal?.weakened ?? []) markHistoryOp(i, "minimal");
  for (const finding of findings) for (const id of finding.operations) if (!roleOf.has(id)) roleOf.set(id, "unplaced");
  function markHistoryOp(i: number, role: ViewOperation["role"]) {
    const entry = journalEntryOf(lab.history.operations[i]!, lab.journal);
    if (entry) roleOf.set(entry.id, role);
  }

  const operations: ViewOperation[] = lab.journal.map((entry) => {
    const attempts = index.attemptsOf(entry);
    const result = typeof entry.result === "string" ? entry.result : entry.result ? `(${JSON.stringify(entry.result.value)}, ${entry.result.version}, ${entry.result.err})` : "no answer";
    return {
      id: entry.id,
      lane: entry.client,
      callMs: entry.callMs,
      ...(entry.returnMs === undefined ? {} : { returnMs: entry.returnMs }),
      label: `${describeCall(entry)} → ${result}`,
      key: entry.key,
      role: roleOf.get(entry.id) ?? "other",
      details: {
        call: describeCall(entry),
        returned: result,
        time: `${entry.callMs.toFixed(3)}ms – ${entry.returnMs === undefined ? "never returned" : `${entry.returnMs.toFixed(3)}ms`}`,
        ...Object.fromEntries(attempts.map((attempt) => [`attempt ${attempt.number}`, describeAttempt(attempt)])),
      },
    };
  });

  const messages = messagesOf(report.trace ?? [], (id) => index.callOf(id)?.id, investigation);
  const lanes = [...new Set(lab.journal.map((entry) => entry.client))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return {
    title: `${report.test}, seed ${report.seed}`,
    verdict: report.verdict === "fail" ? "fail" : "pass",
    summary: report.message ?? "passed",
    explanation: [...explanation.map((line) => stripVTControlCharacters(line)), ...unshown(findings, explanation).map((finding) => `[${finding.severity}] ${finding.text}`)],
    rerun,
    lanes: [...lanes, ...new Set(messages.map((message) => message.to))],
    operations,
    messages,
    markers: markersOf(report.trace ?? []),
  };
}

/** The findings the text explanation only counted: the page lists them all. */
function unshown(findings: readonly Finding[], explanation: readonly string[]): Finding[] {
  return findings.filter((finding) => !explanation.some((line) => line.includes(finding.text)));
}

/** One arrow per message copy, from its trace events. */
function messagesOf(trace: readonly TraceEvent[], callOf: (id: string) => number | undefined, investigation: Investigation): ViewMessage[] {
  const byLabel = new Map<string, TraceEvent[]>();
  for (const event of trace) {
    if (!/^\S+#\d+ /.test(event.subject)) continue;
    const list = byLabel.get(event.subject);
    if (list) list.push(event);
    else byLabel.set(event.subject, [event]);
  }
  return [...byLabel].map(([label, events]) => {
    const [id, route] = label.split(" ") as [string, string];
    const at = (kind: TraceEvent["kind"]) => events.find((event) => event.kind === kind)?.time;
    const ms = (micros: number | undefined) => (micros === undefined ? undefined : micros / 1000);
    const copy = label.includes("(copy 1)") ? 1 : 0;
    const run = investigation.index.executionsOf(id).find((execution) => execution.copy === copy);
    const fate: ViewMessage["fate"] =
      at("deliver") !== undefined ? "delivered" : at("discard") !== undefined ? "discarded" : at("drop-reply") !== undefined ? "reply-dropped" : at("drop-request") !== undefined ? "request-dropped" : at("unreachable") !== undefined ? "unreachable" : "lost";
    const end = at("lost") ?? at("drop-request") ?? at("unreachable");
    const operation = callOf(id);
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
        ...(run ? { arguments: JSON.stringify(run.args), reply: JSON.stringify(run.reply), executed: `${run.startMs.toFixed(3)}–${run.endMs.toFixed(3)}ms` } : {}),
      },
    };
  });
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
