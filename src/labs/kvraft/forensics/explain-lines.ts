import chalk from "chalk";
import { type MinimalHistory, nearest } from "../../../check/index.js";
import { describeAttempt } from "../../kv/index.js";
import { goValue, ms, timelineLines } from "../../raft/index.js";
import { serverName } from "../world/index.js";
import { causeLines } from "./causes.js";
import type { KvRaftInvestigation } from "./investigate.js";
import type { KvRaftTimeline } from "./raft-view.js";
import { type AttemptStory, type EntryFate, type OpStory, type Stories, tookEntry } from "./stories.js";
import { callWords, resultWords } from "./words.js";

/** Writes needed only as "applied at some time" that are listed in full. */
const WEAK_WRITES_SHOWN = 6;
/** Clerk calls listed, nearest the failure, when no illegal history names them. */
const NEAREST_CALLS = 6;
/** Entries listed for a run without clerk calls (the rsm tests). */
const LAST_ENTRIES = 6;
/** Lines of the Raft timeline printed (the page has all of it). */
const TIMELINE_LINES = 24;

/**
 * A failed replicated KV run explained through both layers for the terminal: the failure, then
 * the clerk calls that matter (the smallest illegal part of the history, or the calls nearest the
 * failure) each with its attempts, the server that took it into Raft, the index and term its
 * start() gave, and where that entry was applied; what each server applied; and Raft's terms,
 * leaders, crashes and partitions up to the failure.
 */
export function explanationLines(investigation: KvRaftInvestigation, stories: Stories, minimal: MinimalHistory | undefined, timeline: KvRaftTimeline): string[] {
  const { report, world, record } = investigation;
  const lines = [`Fatal: ${report.message ?? "(no message)"} (at ${ms(report.virtualMs)})`];
  const history = world.history.operations;
  if (minimal) {
    lines.push(
      chalk.bold(
        `The smallest part of the history that is still not linearizable (key ${JSON.stringify(minimal.key)}: ${minimal.kept.length} of ${minimal.total} operations as recorded, ${minimal.weakened.length} more only as writes that may have applied), each call with its attempts, the server that took it into Raft and its log entry:`,
      ),
    );
    // Writes kept only as "happened at some time" are shown when few, or when a kept read saw their value.
    const seen = new Set(minimal.kept.map((i) => history[i]!.output?.value));
    const shownWeak = minimal.weakened.length <= WEAK_WRITES_SHOWN ? minimal.weakened : minimal.weakened.filter((i) => seen.has((history[i]!.input as { value?: string }).value));
    for (const i of [...minimal.kept, ...shownWeak].sort((a, b) => history[a]!.call - history[b]!.call)) {
      lines.push(...opLines(stories.of(i), minimal.weakened.includes(i)));
    }
    const hidden = minimal.weakened.length - shownWeak.length;
    if (hidden > 0) lines.push(chalk.dim(`  (and ${hidden} writes that may have applied or not, not shown)`));
  } else if (record.calls.length > 0) {
    lines.push(chalk.bold(`The clerk calls nearest the failure, each with its attempts, the server that took it into Raft and its log entry:`));
    for (const story of nearestCalls(investigation, stories)) lines.push(...opLines(story, false));
  } else if (record.starts.length > 0) {
    lines.push(...entryLines(investigation, stories));
  }
  if (record.starts.length === 0) lines.push(chalk.bold("No server's layer called start() on its Raft peer: nothing was taken into the log."));
  lines.push(...causeLines(investigation, stories));
  lines.push(...appliedLines(investigation));
  lines.push(chalk.bold(`Raft's terms, roles and the faults up to the failure (each server's Raft peer by its server's name):`));
  lines.push(...timelineLines(timeline.spans, timeline.life, timeline.network, report.virtualMs, TIMELINE_LINES, serverName));
  return lines;
}

/**
 * The calls that returned nearest the failure's instant and those still waiting then (a call that
 * never returned is not in the history), in the order they began.
 */
export function nearestCalls(investigation: KvRaftInvestigation, stories: Stories): OpStory[] {
  const at = investigation.report.virtualMs;
  const history = investigation.world.history.operations;
  const done = nearest(history.map((op) => ({ callMs: op.returnMs, returnMs: op.returnMs })), { fromMs: at, toMs: at }, NEAREST_CALLS);
  const returned = new Set(history.map((op) => `${op.end}@${op.callMs}`));
  const waiting = investigation.record.calls.filter((call) => !returned.has(`${call.client}@${call.callMs}`)).slice(-NEAREST_CALLS);
  return [...done.map((i) => stories.of(i)), ...waiting.map((call) => stories.pending(call))].sort((a, b) => a.callMs - b.callMs);
}

/**
 * For a run without clerk calls (the rsm tests, which submit in-process): the entries whose index
 * another command took, the one taken nearest the failure first (a submit answered for such an
 * entry answered for another's), then the last entries leaders took.
 */
function entryLines({ record, report }: KvRaftInvestigation, stories: Stories): string[] {
  const fates = record.starts.filter(tookEntry).map((start) => stories.fateOf(start));
  const away = (fate: EntryFate) => Math.abs(displacedBy(fate)!.timeMs - report.virtualMs);
  const displaced = fates.filter((fate) => fate.displaced.length > 0).sort((a, b) => away(a) - away(b)).slice(0, LAST_ENTRIES);
  const first = record.starts[0]!;
  if (fates.length === 0) return [chalk.bold(`None of the ${record.starts.length} start() calls took an entry into a log: each answered not leading, or an index below 1 (the first: ${serverName(first.server)}'s answered index ${first.index}, term ${first.term}, isLeader ${first.isLeader}).`)];
  const lines: string[] = [];
  if (displaced.length > 0) {
    lines.push(chalk.bold("Entries a leader's start() took whose index another command then took, nearest the failure first:"));
    for (const fate of displaced) lines.push(`  ${entryWords(fate, goValue(fate.start.command))}`);
  }
  lines.push(chalk.bold("The last entries a leader's start() took, and where they were applied:"));
  for (const fate of fates.slice(-LAST_ENTRIES)) lines.push(`  ${entryWords(fate, goValue(fate.start.command))}`);
  return lines;
}

/** A call, then each attempt and what its server did with it. */
export function opLines(story: OpStory, weak: boolean): string[] {
  const note = weak ? chalk.dim("  (needed only as a write that happened at some time)") : "";
  const when = story.returnMs === undefined ? `called at ${ms(story.callMs)}, still waiting at the failure` : `${ms(story.callMs)}–${ms(story.returnMs)}`;
  const lines = [`  ${story.client} ${callWords(story)}${story.output ? ` → ${resultWords(story)}` : ""}  [${when}]${note}`];
  if (story.attempts.length === 0 && story.call === undefined) lines.push(chalk.dim("      (its attempts were not recorded)"));
  // Attempts that found no leader are the clerk's search for one: counted; the others in full.
  const searching = story.attempts.filter((attempt, i) => i < story.attempts.length - 1 && tookWords(attempt) === undefined);
  if (searching.length > 0) lines.push(chalk.dim(`      ${searching.length} attempt${searching.length === 1 ? "" : "s"} found no leader (${outcomeCounts(searching)}); the others:`));
  for (const attempt of story.attempts.filter((attempt) => !searching.includes(attempt))) {
    lines.push(chalk.dim(`      ${describeAttempt(attempt.attempt)}`));
    const took = tookWords(attempt);
    if (took) lines.push(`        ${took}`);
  }
  return lines;
}

/** Attempts by what they met: "5 ErrWrongLeader, 3 server unreachable, 1 request lost". */
function outcomeCounts(attempts: readonly AttemptStory[]): string {
  const counts = new Map<string, number>();
  for (const { attempt, execution } of attempts) {
    const outcome = execution ? String((execution.reply as { err?: unknown } | undefined)?.err ?? "no err") : { answered: "answered", "request-lost": "request lost", "reply-lost": "reply lost", unreachable: "server unreachable", unanswered: "no answer" }[attempt.fate];
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  return [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(", ");
}

/** What the attempt's server did with the request in Raft, when it ran the handler. */
export function tookWords(story: AttemptStory): string | undefined {
  const name = serverName(story.server);
  if (story.entry && tookEntry(story.entry.start)) return `${name} took it: ${entryWords(story.entry, "it")}`;
  const answered = story.execution && !story.execution.abandoned ? (story.execution.reply as { err?: unknown } | undefined)?.err : undefined;
  if (answered !== undefined && answered !== "ErrWrongLeader") return `${name} answered ${String(answered)} without taking it into its Raft log (no start() carried it while its handler ran)`;
  return undefined;
}

/** An entry's fate in words: "start() gave index 7 in term 2 at …; committed at …; applied on server-0 (…), …". */
export function entryWords(fate: EntryFate, what: string): string {
  const { start } = fate;
  const parts = [`${what === "it" ? "start() gave" : `${serverName(start.server)}'s start() gave ${what}`} index ${start.index} in term ${start.term} at ${ms(start.timeMs)}`];
  if (fate.committedMs !== undefined) parts.push(`committed at ${ms(fate.committedMs)}`);
  if (fate.applied.length > 0) parts.push(`applied on ${fate.applied.map((apply) => `${serverName(apply.server)} (${ms(apply.timeMs)})`).join(", ")}`);
  const other = displacedBy(fate);
  if (other) parts.push(`lost its place: ${serverName(other.server)} applied ${goValue(other.command)} at index ${start.index} (${ms(other.timeMs)})`);
  if (fate.applied.length === 0 && !other) parts.push(fate.committedMs === undefined ? "never committed by the failure" : "not applied by the failure");
  return parts.join("; ");
}

/** The apply that took the entry's index: on the server that started it when it did (what its waiting submit saw), else the first. */
function displacedBy(fate: EntryFate): EntryFate["displaced"][number] | undefined {
  return fate.displaced.find((apply) => apply.server === fate.start.server) ?? fate.displaced[0];
}

/** Each server's highest applied index (its current incarnation's, and how many incarnations it had). */
function appliedLines({ record, world }: KvRaftInvestigation): string[] {
  if (record.applies.length === 0) return [];
  const highest = new Map<number, { index: number; incarnation: number }>();
  for (const apply of record.applies) {
    const was = highest.get(apply.server);
    if (!was || apply.incarnation > was.incarnation || apply.index > was.index) highest.set(apply.server, { index: apply.index, incarnation: apply.incarnation });
  }
  const servers = Array.from({ length: world.peers }, (_, i) => {
    const last = highest.get(i);
    return `${serverName(i)} ${last ? `up to index ${last.index}${last.incarnation > 1 ? ` (incarnation ${last.incarnation})` : ""}` : "nothing"}${world.raft(i) ? "" : " (crashed)"}`;
  });
  return [chalk.bold("What each server had applied at the failure:"), `  ${servers.join("; ")}`];
}
