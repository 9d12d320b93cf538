import chalk from "chalk";
import type { Execution } from "../../../../labnet/index.js";
import type { KvInput } from "../../../check/index.js";
import { ms } from "../../raft/index.js";
import { serverName } from "../world/index.js";
import { callWords } from "./words.js";
import type { KvRaftInvestigation } from "./investigate.js";
import { type OpStory, type Stories, tookEntry } from "./stories.js";

/**
 * Causes the record shows whatever the failure's text, each only when its premise holds: answers
 * a server gave without taking the request into Raft (served outside the log), and puts a clerk
 * reported as failed (ErrVersion, not ErrMaybe) although an earlier attempt's entry was committed
 * and applied. The first of each kind, and how many.
 */
export function causeLines(investigation: KvRaftInvestigation, stories: Stories): string[] {
  const causes = [...outsideLog(stories.servedOutsideLog()), ...misreported(investigation, stories)];
  return causes.length === 0 ? [] : [chalk.bold("Cause:"), ...causes.map((cause) => `  - ${cause}`)];
}

function outsideLog(served: readonly Execution[]): string[] {
  const first = served[0];
  if (!first) return [];
  const [client, rest] = first.id.split("->") as [string, string];
  const request = callWords({ input: { op: first.method, ...(first.args as object) } as KvInput });
  const answer = String((first.reply as { err?: unknown }).err);
  const server = rest.split("#")[0];
  const count = served.length === 1 ? "1 answer" : `${served.length} answers`;
  return [
    `${count} came from a server whose handler took nothing into Raft (a read or write served outside the log, so a leader that lost its term answers from stale state); the first: ${server} answered ${client}'s ${request} with ${answer} at ${ms(first.startMs)} (message ${first.id})`,
  ];
}

function misreported({ world }: KvRaftInvestigation, stories: Stories): string[] {
  const found: { story: OpStory; attempt: OpStory["attempts"][number] }[] = [];
  world.history.operations.forEach((op, i) => {
    if (op.input.op !== "put" || op.output?.err !== "ErrVersion") return;
    const story = stories.of(i);
    const attempt = story.attempts.slice(0, -1).find((earlier) => tookEntry(earlier.entry?.start) && earlier.entry!.applied.length > 0);
    if (attempt) found.push({ story, attempt });
  });
  const first = found[0];
  if (!first) return [];
  const { story, attempt } = first;
  const { start, applied } = attempt.entry!;
  const count = found.length === 1 ? "1 put" : `${found.length} puts`;
  return [
    `${count} returned ErrVersion though an earlier attempt had been taken into Raft and applied, so the put happened (after a resend the clerk must answer ErrMaybe); the first: ${story.client}'s ${callWords(story)}, whose attempt ${attempt.attempt.number} ${serverName(start.server)} took at index ${start.index} in term ${start.term} (${ms(start.timeMs)}), applied on ${serverName(applied[0]!.server)} at ${ms(applied[0]!.timeMs)}`,
  ];
}
