import type { Execution } from "../../../../labnet/index.js";
import { type Attempt, type MessageIndex, replyErr } from "./attempts.js";
import { describeCall, quote } from "../quote.js";
import type { JournalEntry } from "./journal.js";

/** A cause found in a run, in words, with the calls and messages it is about. */
export interface Finding {
  /** Server-side faults outrank clerk-side ones, which outrank notes on how a caller used them. */
  severity: "server" | "clerk" | "note";
  text: string;
  /** Journal ids of the calls it concerns. */
  operations: number[];
}

/** What a call returned: a put's error, a get's (value, version, err), or "no answer". */
export const describeResult = (entry: JournalEntry) =>
  typeof entry.result === "string" ? entry.result : entry.result ? `(${JSON.stringify(entry.result.value)}, ${entry.result.version}, ${entry.result.err})` : "no answer";

/**
 * What the server must have held, replayed from the writes it acknowledged (in the order its
 * handlers finished): a put it answered OK whose version did not match, or a get whose answer
 * was not the value it had, is the server's fault, whatever any client did.
 */
function serverFindings(executions: readonly Execution[], callOf: (messageId: string) => JournalEntry | undefined): Finding[] {
  const held = new Map<string, { value: string; version: number; incarnation: number }>();
  const findings: Finding[] = [];
  for (const run of executions) {
    const args = run.args as { key?: string; value?: string; version?: number };
    if (typeof args.key !== "string" || run.abandoned) continue;
    const before = held.get(args.key) ?? { value: "", version: 0, incarnation: run.incarnation };
    const call = callOf(run.id);
    const operations = call ? [call.id] : [];
    const who = call ? `${describeCall(call)} by ${call.client}` : run.id;
    if (run.method === "put" && replyErr(run.reply) === "OK") {
      if (args.version !== before.version) {
        const race = run.endMs > run.startMs ? `; its handler ran from ${run.startMs.toFixed(3)}ms to ${run.endMs.toFixed(3)}ms, so another put passed the same version check meanwhile (check, then await, then act)` : "";
        findings.push({ severity: "server", operations, text: `the server applied ${who} (message ${run.id}) although the key was at version ${before.version}${race}` });
      }
      held.set(args.key, { value: args.value ?? "", version: before.version + 1, incarnation: run.incarnation });
    } else if (run.method === "get" && typeof run.reply === "object" && run.reply !== null) {
      const reply = run.reply as { value: string; version: number; err: string };
      const answered = reply.err === "ErrNoKey" ? { value: "", version: 0 } : reply;
      if (answered.value !== before.value || answered.version !== before.version) {
        const restart = run.incarnation !== before.incarnation ? `: it restarted after a crash (incarnation ${before.incarnation} → ${run.incarnation}) and lost writes it had acknowledged, so it does not persist its state` : "";
        const said = reply.err === "ErrNoKey" ? "ErrNoKey" : `(${quote(reply.value)}, ${reply.version})`;
        findings.push({ severity: "server", operations, text: `the server answered ${who} with ${said} while it had acknowledged (${quote(before.value)}, ${before.version})${restart}` });
      }
    }
  }
  return findings;
}

/**
 * The clerk's side: what each call returned against what its attempts met. Each rule fires only
 * when its premise holds in the record: "returned without an answer" only if no attempt was
 * answered; "ErrVersion after a resend" only if the ErrVersion the clerk saw answered a resend,
 * not the first send; "ErrMaybe taken as success" only if the caller did not read the key next.
 */
function clerkFindings(journal: readonly JournalEntry[], index: MessageIndex): Finding[] {
  const findings: Finding[] = [];
  const nextCall = nextCallOfClient(journal);
  for (const call of journal) {
    if (call.returnMs === undefined) continue;
    const attempts = index.attemptsOf(call);
    const who = `${describeCall(call)} by ${call.client}`;
    const applied = attempts.filter((attempt) => attempt.executions.some((run) => replyErr(run.reply) === "OK"));
    const answered = attempts.filter((attempt) => attempt.fate === "answered");
    const last = attempts.at(-1);
    const result = typeof call.result === "string" ? call.result : call.result?.err;
    if (last && answered.length === 0) {
      findings.push({ severity: "clerk", operations: [call.id], text: `${who} returned ${result} without an answer: its last attempt (${last.id}) was ${fateWords(last)}; a clerk must resend until the server answers` });
      continue;
    }
    if (call.op !== "put") continue;
    const firstSaidErrVersion = answered.some((attempt) => attempt.number === 1 && attempt.executions.some((run) => replyErr(run.reply) === "ErrVersion"));
    if (result === "ErrVersion" && attempts.length > 1 && !firstSaidErrVersion) {
      const why = applied.length > 0 ? `attempt ${applied[0]!.number} was applied (the server replied OK) and its reply was lost` : "an earlier attempt may have been applied";
      findings.push({ severity: "clerk", operations: [call.id], text: `${who}: ${why}; attempt ${last!.number} got ErrVersion, and the clerk returned ErrVersion — after a resend it must return ErrMaybe` });
    }
    if (result === "ErrMaybe" && attempts.length === 1) {
      findings.push({ severity: "clerk", operations: [call.id], text: `${who} returned ErrMaybe after a single attempt; ErrMaybe is only for a resent put` });
    }
    if (applied.flatMap((attempt) => attempt.executions.filter((run) => replyErr(run.reply) === "OK")).length > 1) {
      findings.push({ severity: "server", operations: [call.id], text: `${who} was applied more than once (${applied.map((attempt) => attempt.id).join(", ")}): at-most-once is broken` });
    }
    const next = nextCall.get(call.id);
    const checked = next !== undefined && next.op === "get" && next.key === call.key;
    if (result === "ErrMaybe" && applied.length === 0 && !checked) {
      findings.push({ severity: "note", operations: [call.id], text: `${who} returned ErrMaybe but was never applied (${attempts.map(fateWords).join("; ")}), and ${call.client} did not read the key next to see; a caller that takes this ErrMaybe as success is wrong` });
    }
  }
  return findings;
}

/** For each call, the same client's next call, if it made one. */
function nextCallOfClient(journal: readonly JournalEntry[]): Map<number, JournalEntry> {
  const next = new Map<number, JournalEntry>();
  const previous = new Map<string, JournalEntry>();
  for (const call of journal) {
    const before = previous.get(call.client);
    if (before) next.set(before.id, call);
    previous.set(call.client, call);
  }
  return next;
}

function fateWords(attempt: Attempt): string {
  return { answered: "answered", "request-lost": "lost on the way", "reply-lost": "executed but its reply was lost", unreachable: "unable to reach the server", unanswered: "not answered" }[attempt.fate];
}

/** Every finding, the most fundamental first (a server fault explains what clients then saw). */
export function diagnose(journal: readonly JournalEntry[], executions: readonly Execution[], index: MessageIndex): Finding[] {
  const rank = { server: 0, clerk: 1, note: 2 };
  return [...serverFindings(executions, (id) => index.callOf(id)), ...clerkFindings(journal, index)].sort((a, b) => rank[a.severity] - rank[b.severity]);
}
