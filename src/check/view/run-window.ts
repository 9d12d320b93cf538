import type { RunSummary, ViewMessage, ViewOperation } from "./run-view.js";

/**
 * A page shows at most this many operations, messages and faults in full, whatever the run's
 * size: a 100,000-clerk run would otherwise make a page of hundreds of megabytes that no browser
 * opens. The rest of the run is summarised (see {@link SummaryBuilder}).
 */
export const SHOWN_OPERATIONS = 300;
export const SHOWN_MESSAGES = 1200;
export const SHOWN_MARKERS = 100;
/** Operations named by the explanation that fix where the window is; more are only shown if near. */
export const FOCUS_OPERATIONS = 60;
/** Text longer than this in a tooltip (a 1,000-letter value, say) is cut, saying how long it was. */
export const DETAIL_CHARS = 240;
/** Time slices of the whole run in the summary, and clients named in it. */
const BUCKETS = 20;
const CLIENTS_NAMED = 12;

/** Where the page looks: the violation's operations, or else the instant the run failed. */
export interface Focus {
  fromMs: number;
  toMs: number;
}

/** Something with a place in time: an operation from call to return (open if it never returned). */
export interface Span {
  callMs: number;
  returnMs?: number | undefined;
}

/** The instants `spans` cover, or `fallback` when there are none. */
export function focusOf(spans: Iterable<Span>, fallback: number): Focus {
  let fromMs = Infinity;
  let toMs = -Infinity;
  for (const span of spans) {
    fromMs = Math.min(fromMs, span.callMs);
    toMs = Math.max(toMs, span.returnMs ?? span.callMs);
  }
  return fromMs <= toMs ? { fromMs, toMs } : { fromMs: fallback, toMs: fallback };
}

/**
 * How firmly an operation's role keeps it in the window (a rank for {@link nearest}): what could
 * not be placed (the violation) above the rest of the smallest illegal part, above the others.
 */
export function roleRank(role: ViewOperation["role"] | undefined): number {
  return role === "unplaced" ? 2 : role === "minimal" ? 1 : 0;
}

/**
 * The indices of at most `max` items nearest the focus, in their own order: every item when
 * there are no more; otherwise those that `rank` puts above 0 first, the highest rank first (the
 * violation before the rest of its part of the history), then by distance in time from the focus
 * (ties to the earlier item). Linear in the items, plus a sort of their distances.
 */
export function nearest(items: readonly Span[], focus: Focus, max: number, rank: (index: number) => number = () => 0): number[] {
  if (items.length <= max) return items.map((_, i) => i);
  const distance = new Float64Array(items.length);
  items.forEach((item, i) => {
    const end = item.returnMs ?? Infinity;
    const pinned = rank(i);
    distance[i] = pinned > 0 ? -pinned : item.callMs > focus.toMs ? item.callMs - focus.toMs : end < focus.fromMs ? focus.fromMs - end : 0;
  });
  const order = Uint32Array.from(items.keys()).sort((a, b) => distance[a]! - distance[b]! || a - b);
  return [...order.subarray(0, max)].sort((a, b) => a - b);
}

/**
 * Counts a whole run (every operation, message and fault, shown or not) in one pass, so the page
 * can summarise what it does not draw: per kind of operation, per client, per slice of time.
 */
export class SummaryBuilder {
  private readonly ops: { atMs: number; client: string; kind: string }[] = [];
  private readonly msgs: { atMs: number; failed: boolean }[] = [];
  private readonly fates = new Map<string, number>();
  private faultCount = 0;

  operation(atMs: number, client: string, kind: string): void {
    this.ops.push({ atMs, client, kind });
  }

  message(atMs: number, fate: ViewMessage["fate"]): void {
    this.msgs.push({ atMs, failed: fate !== "delivered" });
    this.fates.set(fate, (this.fates.get(fate) ?? 0) + 1);
  }

  /** Counts `count` more faults (a run's faults are counted, not placed in time). */
  faults(count: number): void {
    this.faultCount += count;
  }

  /** The summary of the run against what the page shows, or undefined when it shows everything. */
  build(shown: { operations: number; messages: number; markers: number; fromMs: number; toMs: number }): RunSummary | undefined {
    const total = { operations: this.ops.length, messages: this.msgs.length, faults: this.faultCount };
    if (total.operations <= shown.operations && total.messages <= shown.messages && total.faults <= shown.markers) return undefined;
    let start = Infinity;
    let end = -Infinity;
    for (const list of [this.ops, this.msgs]) {
      for (const { atMs } of list) {
        start = Math.min(start, atMs);
        end = Math.max(end, atMs);
      }
    }
    if (start > end) start = end = 0; // nothing timed: only faults
    const width = Math.max(end - start, 1e-9) / BUCKETS;
    const buckets = Array.from({ length: BUCKETS }, (_, i) => ({ fromMs: start + i * width, toMs: start + (i + 1) * width, operations: 0, messages: 0, failedMessages: 0 }));
    const slot = (atMs: number) => buckets[Math.min(BUCKETS - 1, Math.floor((atMs - start) / width))]!;
    const kinds = new Map<string, number>();
    const clients = new Map<string, number>();
    for (const op of this.ops) {
      slot(op.atMs).operations++;
      kinds.set(op.kind, (kinds.get(op.kind) ?? 0) + 1);
      clients.set(op.client, (clients.get(op.client) ?? 0) + 1);
    }
    for (const msg of this.msgs) {
      const bucket = slot(msg.atMs);
      bucket.messages++;
      if (msg.failed) bucket.failedMessages++;
    }
    const busiest = [...clients].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "en", { numeric: true }));
    return {
      shown: { operations: shown.operations, messages: shown.messages, faults: shown.markers, fromMs: shown.fromMs, toMs: shown.toMs },
      total,
      byKind: [...kinds].sort((a, b) => b[1] - a[1]),
      messageFates: [...this.fates].sort((a, b) => b[1] - a[1]),
      byClient: busiest.slice(0, CLIENTS_NAMED),
      otherClients: { clients: Math.max(0, busiest.length - CLIENTS_NAMED), operations: busiest.slice(CLIENTS_NAMED).reduce((sum, [, n]) => sum + n, 0) },
      buckets,
    };
  }
}
