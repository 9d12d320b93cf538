import { goValue, sameCommand } from "../world/format.js";
import type { RaftEvent, RaftForensicRecord } from "../world/index.js";
import { ms } from "./timeline.js";

/** A peer holding a command at an index as decided: it counted it committed, or the tester applied it. */
export interface Holding {
  peer: number;
  index: number;
  command: unknown;
  /** The entry's term, when the peer's inspect() showed it. */
  term?: number;
  timeMs: number;
  how: "committed" | "applied";
}

/** Two peers decided different commands at one index; `second` is the instant they first disagreed. */
export interface Disagreement {
  index: number;
  first: Holding;
  second: Holding;
}

/**
 * The first instant a peer decided (counted committed, or applied) a command at an index where
 * another had decided a different one: state-machine safety's first break. Undefined when every
 * decision agreed. A peer's own change of mind (a different command at an index it had decided)
 * counts too.
 */
export function firstDisagreement(record: RaftForensicRecord, events: readonly RaftEvent[]): Disagreement | undefined {
  const decisions: Holding[] = [
    ...record.commits.map(({ peer, index, command, term, timeMs }) => ({ peer, index, command, term, timeMs, how: "committed" as const })),
    ...events.filter((event) => event.kind === "apply").map(({ peer, index, command, timeMs }) => ({ peer, index: index!, command, timeMs, how: "applied" as const })),
  ];
  // A stable sort: at one instant a peer's commit comes before its apply.
  decisions.sort((a, b) => a.timeMs - b.timeMs);
  const decided = new Map<number, Holding>();
  for (const holding of decisions) {
    const first = decided.get(holding.index);
    if (!first) decided.set(holding.index, holding);
    else if (!sameCommand(first.command, holding.command)) return { index: holding.index, first, second: holding };
  }
  return undefined;
}

/** A decision in words: "raft-4 committed 1262 (term 5) at 2219.515ms". */
export function holdingWords(holding: Holding): string {
  const term = holding.term === undefined ? "" : ` (term ${holding.term})`;
  return `raft-${holding.peer} ${holding.how} ${goValue(holding.command)}${term} at ${ms(holding.timeMs)}`;
}
