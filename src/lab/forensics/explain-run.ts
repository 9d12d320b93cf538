import chalk from "chalk";
import { kvStrictModel } from "../../check/models/kv.js";
import type { RecordedOp } from "../history.js";
import { describeAttempt } from "./attempts.js";
import { describeCall } from "./diagnose.js";
import type { Investigation } from "./investigate.js";
import type { JournalEntry } from "./journal.js";
import { minimalIllegalHistory, type MinimalHistory } from "./shrink-history.js";

/** Findings shown in full before the rest are only counted. */
const FINDINGS_SHOWN = 3;
/** Writes needed only as "applied at some time" that are listed in full. */
const WEAK_WRITES_SHOWN = 6;

/** The journal entry of a recorded history operation (same end, same call instant, same request). */
export function journalEntryOf(op: RecordedOp, journal: readonly JournalEntry[]): JournalEntry | undefined {
  return journal.find((entry) => entry.client === op.end && entry.callMs === op.callMs && entry.op === op.input.op && entry.key === op.input.key);
}

/**
 * The minimal illegal part of the run's history, when the failure is a linearizability one. It
 * is shrunk under the strict model, the one the lab checks first and that failed: the lab's own
 * model also rejects any recorded put answered ErrNoKey, which would make a trivial "minimum".
 */
export function minimalPart(investigation: Investigation): MinimalHistory | undefined {
  if (!investigation.report.message?.startsWith("history is not linearizable")) return undefined;
  return minimalIllegalHistory(investigation.lab.history.operations, kvStrictModel);
}

/**
 * A failed run in words: the smallest part of the history that is still not linearizable (each
 * operation with its RPC attempts: lost, executed, answered), then the causes found, most
 * fundamental first.
 */
export function explainFailure(investigation: Investigation, minimal = minimalPart(investigation)): string[] {
  const { lab, index, findings } = investigation;
  const lines: string[] = [];
  if (minimal) {
    const history = lab.history.operations;
    lines.push(chalk.bold(`The smallest part of the history that is still not linearizable (key ${JSON.stringify(minimal.key)}: ${minimal.kept.length} of ${minimal.total} operations as recorded, ${minimal.weakened.length} more only as writes that may have applied):`));
    // Writes kept only as "happened at some time" are shown when few, or when a kept read saw their value.
    const seen = new Set(minimal.kept.map((i) => history[i]!.output?.value));
    const shownWeak = minimal.weakened.length <= WEAK_WRITES_SHOWN ? minimal.weakened : minimal.weakened.filter((i) => seen.has((history[i]!.input as { value?: string }).value));
    for (const i of [...minimal.kept, ...shownWeak].sort((a, b) => history[a]!.call - history[b]!.call)) {
      const op = history[i]!;
      const entry = journalEntryOf(op, lab.journal);
      const output = op.input.op === "get" ? `(${JSON.stringify(op.output?.value)}, ${op.output?.version}, ${op.output?.err})` : op.output?.err;
      const note = minimal.weakened.includes(i) ? chalk.dim("  (needed only as a write that happened at some time)") : "";
      lines.push(`  ${op.end ?? `client ${op.client}`} ${entry ? describeCall(entry) : op.input.op} → ${output}  [${op.callMs.toFixed(3)}–${op.returnMs.toFixed(3)}ms]${note}`);
      if (entry) for (const attempt of index.attemptsOf(entry)) lines.push(chalk.dim(`      ${describeAttempt(attempt)}`));
    }
    const hidden = minimal.weakened.length - shownWeak.length;
    if (hidden > 0) lines.push(chalk.dim(`  (and ${hidden} writes that may have applied or not, not shown)`));
  }
  if (findings.length === 0) {
    lines.push(
      investigation.report.message?.includes("memory") || investigation.report.message?.includes("holds")
        ? "The check weighed the server object itself: it holds more than the current data, so look in it for old values, tables of past requests or anything kept per client."
        : "No single message or execution explains it: see the run's page for the whole history.",
    );
    return lines;
  }
  const top = findings.filter((finding) => finding.severity === findings[0]!.severity);
  lines.push(chalk.bold(top[0]!.severity === "note" ? "What the clerk calls show:" : "Cause:"));
  for (const finding of top.slice(0, FINDINGS_SHOWN)) lines.push(`  - ${finding.text}`);
  const more = findings.length - Math.min(top.length, FINDINGS_SHOWN);
  if (more > 0) lines.push(chalk.dim(`  (${more} more finding${more > 1 ? "s" : ""} on the run's page)`));
  return lines;
}
