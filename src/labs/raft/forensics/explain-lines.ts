import chalk from "chalk";
import type { RaftInvestigation } from "./investigate.js";
import type { ConflictingEntry, RaftAnalysis } from "./analysis.js";
import { carrierWords } from "./carriers.js";
import { holdingWords } from "./disagreement.js";
import { lastIndexOf, logTableLines } from "./logs.js";
import { ms, timelineLines } from "./timeline.js";
import { goValue } from "../world/format.js";

/** Indices shown either side of the focus in the logs' table. */
const LOG_RADIUS = 4;
/** Lines of the timeline printed (the page has all of it). */
const TIMELINE_LINES = 24;
/** RPCs listed per conflicting entry: the first ones and the last ones. */
const CARRIERS_EACH_END = 2;

/**
 * A failed Raft run explained for the terminal: the failure's text, the first instant two peers
 * decided different commands at one index, the two entries with the start that created each and
 * the RPCs that carried them, each peer's log around that index, and the terms, roles and faults
 * that led there.
 */
export function explanationLines({ report, world }: RaftInvestigation, analysis: RaftAnalysis): string[] {
  const lines = [`Fatal: ${report.message ?? "(no message)"} (at ${ms(analysis.failedAtMs)})`];
  const { disagreement } = analysis;
  if (disagreement) {
    lines.push(chalk.bold(`The first disagreement, at ${ms(disagreement.second.timeMs)}, at index ${disagreement.index}:`));
    lines.push(`  ${holdingWords(disagreement.first)}`, `  ${holdingWords(disagreement.second)}`);
    const late = analysis.lateCarrier;
    if (late) {
      lines.push(`  it began at ${ms(late.execution.startMs)}, when ${late.execution.server} took ${goValue(disagreement.second.command)} for index ${disagreement.index} after ${goValue(disagreement.first.command)} was decided there:`);
      lines.push(`    ${carrierWords(late)}`);
    }
    lines.push(chalk.bold("The conflicting entries, and the RPCs that carried them:"));
    for (const conflict of analysis.conflicts) lines.push(...conflictLines(conflict));
  } else if (lastIndexOf(analysis.table) > 0) {
    lines.push(chalk.bold("No two peers decided different commands at one index (committed or applied)."));
  }
  if (lastIndexOf(analysis.table) > 0) {
    const names = Array.from({ length: world.peers }, (_, i) => `raft-${i}${world.raft(i) ? "" : " (crashed)"}`);
    lines.push(chalk.bold("Each peer's log at the failure (term:command; c committed by the peer, a applied by the tester; ✗ decided differently, ≠ held differently):"));
    if (analysis.table.views.every((view) => view === undefined)) lines.push(chalk.dim("  (the peers have no inspect(): only what the tester applied is known)"));
    lines.push(...logTableLines(analysis.table, analysis.focusIndex, LOG_RADIUS, names));
  }
  const untilMs = analysis.failedAtMs;
  lines.push(chalk.bold("Terms, roles and faults up to the failure:"));
  lines.push(...timelineLines(analysis.spans, analysis.life, analysis.network, untilMs, TIMELINE_LINES));
  return lines;
}

function conflictLines({ holding, term, accepted, carriers }: ConflictingEntry): string[] {
  const entry = `index ${holding.index} = ${goValue(holding.command)}${term === undefined ? "" : ` (term ${term})`}`;
  const origin = accepted ? `raft-${accepted.peer} took it as leader of term ${accepted.term} at ${ms(accepted.timeMs)}` : "no leader's start() took it";
  const count = carriers.length === 0 ? "no RPC carried it" : `${carriers.length} RPC${carriers.length === 1 ? "" : "s"} carried it`;
  const lines = [`  ${entry}: ${origin}; ${count}`];
  const shown = carriers.length <= 2 * CARRIERS_EACH_END ? carriers : [...carriers.slice(0, CARRIERS_EACH_END), undefined, ...carriers.slice(-CARRIERS_EACH_END)];
  for (const carrier of shown) lines.push(carrier ? `    ${carrierWords(carrier)}` : chalk.dim(`    … ${carriers.length - 2 * CARRIERS_EACH_END} more on the page`));
  return lines;
}
