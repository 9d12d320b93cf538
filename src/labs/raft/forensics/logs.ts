import type { RaftInspection } from "../contract.js";
import { goValue, sameCommand } from "../world/format.js";

/** One peer's log at one index, as the table shows it. */
export interface LogCell {
  term?: number;
  command?: unknown;
  /** Inside the peer's snapshot (its entry is no longer held). */
  inSnapshot: boolean;
  /** Up to the peer's commitIndex. */
  committed: boolean;
  /** What the tester applied at this index on this peer, if it did. */
  applied?: { command: unknown };
}

/** Each peer's log, committed part and applied part, by index. */
export interface LogTable {
  /** The peers' states at the moment of failure (undefined: no inspect(), or never sampled). */
  views: readonly (RaftInspection | undefined)[];
  /** What the tester applied on each peer, by index (its current incarnation's service). */
  applied: readonly ReadonlyMap<number, unknown>[];
}

/** Peer `peer`'s cell at `index`. */
export function cellAt(table: LogTable, peer: number, index: number): LogCell {
  const view = table.views[peer];
  const applied = table.applied[peer]?.has(index) ? { applied: { command: table.applied[peer]!.get(index) } } : {};
  if (!view) return { inSnapshot: false, committed: false, ...applied };
  const entry = view.log[index - view.snapshotIndex - 1];
  const held = entry?.index === index ? { term: entry.term, command: entry.command } : {};
  return { ...held, inSnapshot: index <= view.snapshotIndex, committed: index <= view.commitIndex, ...applied };
}

/**
 * Whether the peers disagree at `index`: "decided" when two decided different commands there
 * (committed by the peer or applied by the tester, or a peer holds other than what it applied), "held" when two hold different entries
 * (which Raft allows until one is committed), undefined when they agree.
 */
export function disagreementAt(table: LogTable, index: number): "decided" | "held" | undefined {
  const cells = table.views.map((_, peer) => cellAt(table, peer, index));
  // An entry the peer committed, or holds where the tester applied, is decided: applied entries are never to change.
  const decided = cells.flatMap((cell) => [...(cell.applied ? [cell.applied.command] : []), ...((cell.committed || cell.applied) && "command" in cell ? [cell.command] : [])]);
  if (decided.some((command) => !sameCommand(command, decided[0]))) return "decided";
  const held = cells.filter((cell) => cell.term !== undefined);
  if (held.some((cell) => cell.term !== held[0]!.term || !sameCommand(cell.command, held[0]!.command))) return "held";
  return undefined;
}

/** The highest index any peer holds or applied. */
export function lastIndexOf(table: LogTable): number {
  let last = 0;
  for (const view of table.views) if (view) last = Math.max(last, view.snapshotIndex + view.log.length);
  for (const applied of table.applied) for (const index of applied.keys()) last = Math.max(last, index);
  return last;
}

const WIDTH = 16;
const FLAGS = { decided: "✗", held: "≠", none: " " };

/**
 * The logs around `focus` (up to `radius` indices either side) as a table for the terminal: a
 * column per peer, each cell `term:command` with `c` when the peer counted it committed and `a`
 * when the tester applied it (`a=X` when it applied another command there); a row starts with ✗
 * where peers decided differently and ≠ where they only hold different entries.
 */
export function logTableLines(table: LogTable, focus: number, radius: number, names: readonly string[]): string[] {
  const last = lastIndexOf(table);
  if (last === 0) return ["  (no peer holds or applied any entry)"];
  const from = Math.max(1, focus - radius);
  const to = Math.min(last, focus + radius);
  const lines = [`  ${"index".padStart(8)}  ${names.map((name) => name.padEnd(WIDTH)).join(" ")}`.trimEnd()];
  if (from > 1) lines.push(`  ${"…".padStart(8)}`);
  for (let index = from; index <= to; index++) {
    const flag = FLAGS[disagreementAt(table, index) ?? "none"];
    const cells = names.map((_, peer) => cellText(cellAt(table, peer, index)).padEnd(WIDTH));
    lines.push(`  ${flag} ${String(index).padStart(6)}  ${cells.join(" ")}`.trimEnd());
  }
  if (to < last) lines.push(`  ${"…".padStart(8)}`);
  const row = (label: string, value: (view: RaftInspection) => number) =>
    `  ${label.padStart(8)}  ${table.views.map((view) => (view ? String(value(view)) : "no inspect()").padEnd(WIDTH)).join(" ")}`.trimEnd();
  lines.push(row("commit", (view) => view.commitIndex), row("last", (view) => view.snapshotIndex + view.log.length));
  return lines;
}

function cellText(cell: LogCell): string {
  const entry = cell.term !== undefined ? `${cell.term}:${short(cell.command)}` : cell.inSnapshot ? "(snapshot)" : "·";
  const marks = cell.applied ? (cell.term !== undefined && !sameCommand(cell.applied.command, cell.command) ? ` a=${short(cell.applied.command)}` : " a") : cell.committed && cell.term !== undefined ? " c" : "";
  return `${entry}${marks}`;
}

function short(command: unknown): string {
  const text = goValue(command);
  return text.length > 8 ? `${text.slice(0, 7)}…` : text;
}
