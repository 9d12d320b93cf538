import chalk from "chalk";
import { kvStrictModel, type MinimalHistory, minimalIllegalHistory, nearest } from "../../../check/index.js";
import type { RecordedOp } from "../history.js";
import { describeAttempt } from "./attempts.js";
import { describeCall, cut } from "../quote.js";
import { describeResult } from "./diagnose.js";
import type { Investigation } from "./investigate.js";
import type { JournalEntry } from "./journal.js";

/** Findings shown in full before the rest are only counted. */
const FINDINGS_SHOWN = 3;
/** Writes needed only as "applied at some time" that are listed in full. */
const WEAK_WRITES_SHOWN = 6;

/**
 * A lookup from a recorded history operation to its journal entry (same end, same call instant,
 * same request; the first such entry), built once for the run so each look-up is constant time.
 */
export function journalLookup(journal: readonly JournalEntry[]): (op: RecordedOp) => JournalEntry | undefined {
  const byCall = new Map<string, JournalEntry>();
  const keyOf = (client: string | undefined, callMs: number, op: string, key: string) => JSON.stringify([client, callMs, op, key]);
  for (const entry of journal) {
    const key = keyOf(entry.client, entry.callMs, entry.op, entry.key);
    if (!byCall.has(key)) byCall.set(key, entry);
  }
  return (op) => byCall.get(keyOf(op.end, op.callMs, op.input.op, op.input.key));
}

/**
 * The minimal illegal part of the run's history, when the failure is a linearizability one. It
 * is shrunk under the strict model, the one the lab checks first and that failed: the lab's own
 * model also rejects any recorded put answered ErrNoKey, which would make a trivial "minimum".
 */
export function minimalPart(investigation: Investigation): MinimalHistory | undefined {
  if (investigation.report.reason?.kind !== "linearizability") return undefined;
  return minimalIllegalHistory(investigation.world.history.operations, kvStrictModel);
}

/**
 * A failed run in words: the smallest part of the history that is still not linearizable (each
 * operation with its RPC attempts: lost, executed, answered), then the causes found, most
 * fundamental first.
 */
export function explainFailure(investigation: Investigation, minimal = minimalPart(investigation)): string[] {
  const { world, index, findings } = investigation;
  const lines: string[] = [];
  if (minimal) {
    const history = world.history.operations;
    const entryOf = journalLookup(world.journal);
    lines.push(chalk.bold(`The smallest part of the history that is still not linearizable (key ${JSON.stringify(minimal.key)}: ${minimal.kept.length} of ${minimal.total} operations as recorded, ${minimal.weakened.length} more only as writes that may have applied):`));
    // Writes kept only as "happened at some time" are shown when few, or when a kept read saw their value.
    const seen = new Set(minimal.kept.map((i) => history[i]!.output?.value));
    const shownWeak = minimal.weakened.length <= WEAK_WRITES_SHOWN ? minimal.weakened : minimal.weakened.filter((i) => seen.has((history[i]!.input as { value?: string }).value));
    for (const i of [...minimal.kept, ...shownWeak].sort((a, b) => history[a]!.call - history[b]!.call)) {
      const op = history[i]!;
      const entry = entryOf(op);
      const output = op.input.op === "get" ? `(${JSON.stringify(op.output?.value)}, ${op.output?.version}, ${op.output?.err})` : op.output?.err;
      const note = minimal.weakened.includes(i) ? chalk.dim("  (needed only as a write that happened at some time)") : "";
      lines.push(`  ${op.end ?? `client ${op.client}`} ${entry ? describeCall(entry) : op.input.op} → ${output}  [${op.callMs.toFixed(3)}–${op.returnMs.toFixed(3)}ms]${note}`);
      if (entry) for (const attempt of index.attemptsOf(entry)) lines.push(chalk.dim(`      ${describeAttempt(attempt)}`));
    }
    const hidden = minimal.weakened.length - shownWeak.length;
    if (hidden > 0) lines.push(chalk.dim(`  (and ${hidden} writes that may have applied or not, not shown)`));
  }
  if (findings.length === 0) {
    // Per client of every client the server served: what it holds includes what a warm-up round left.
    if (investigation.report.reason?.kind === "memory") return [...lines, ...world.serverMemory()];
    return [...lines, ...unexplained(investigation)];
  }
  const top = findings.filter((finding) => finding.severity === findings[0]!.severity);
  lines.push(chalk.bold(top[0]!.severity === "note" ? "What the clerk calls show:" : "Cause:"));
  for (const finding of top.slice(0, FINDINGS_SHOWN)) lines.push(`  - ${finding.text}`);
  const more = findings.length - Math.min(top.length, FINDINGS_SHOWN);
  if (more > 0) lines.push(chalk.dim(`  (${more} more finding${more > 1 ? "s" : ""} on the run's page)`));
  return lines;
}

/** Calls listed when no rule explains a failure: those of a clerk the failure names, and those nearest its instant. */
const INVOLVED = 8;

/**
 * When no rule explains a failure, it says so, and lists the operations involved instead of
 * guessing: the calls of any clerk the failure's message names, then the calls nearest the instant
 * the run failed, each with its attempts.
 */
function unexplained({ report, world, index }: Investigation): string[] {
  const at = report.virtualMs;
  const named = new Set(report.message?.match(/\bclerk-\d+\b/g) ?? []);
  const theirs = world.journal.filter((entry) => named.has(entry.client)).slice(-INVOLVED);
  const near = nearest(world.journal, { fromMs: at, toMs: at }, INVOLVED)
    .map((i) => world.journal[i]!)
    .filter((entry) => !theirs.includes(entry));
  if (theirs.length + near.length === 0) return [`No rule explains this failure, and the run made no clerk calls (it failed at ${at.toFixed(3)}ms): see the message above.`];
  const lines = [chalk.bold(`No rule explains this failure. The operations involved:`)];
  const list = (entries: readonly JournalEntry[]) => {
    for (const entry of entries) {
      const when = entry.returnMs === undefined ? `called at ${entry.callMs.toFixed(3)}ms, still waiting when the run failed` : `${entry.callMs.toFixed(3)}–${entry.returnMs.toFixed(3)}ms`;
      lines.push(`    ${entry.client} ${describeCall(entry)}${entry.returnMs === undefined ? "" : ` → ${cut(describeResult(entry), 60)}`}  [${when}]`);
      for (const attempt of index.attemptsOf(entry)) lines.push(chalk.dim(`        ${describeAttempt(attempt)}`));
    }
  };
  if (theirs.length > 0) {
    lines.push(`  the last calls of ${[...named].join(", ")}, which the failure names:`);
    list(theirs);
  }
  if (near.length > 0) {
    lines.push(`  the calls nearest the instant it failed (${at.toFixed(3)}ms):`);
    list(near.sort((a, b) => a.callMs - b.callMs));
  }
  return lines;
}
