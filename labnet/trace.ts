import { fmix32 } from "./rng.js";

/** What happened, in the order the simulator did it. */
export const traceKinds = [
  "spawn", "finish", "timer",
  "send", "unreachable", "drop-request", "duplicate", "deliver", "execute", "drop-reply", "reply", "lost", "discard",
  "crash", "restart", "connect", "enable", "disable", "partition", "heal", "profile",
] as const;
/** One kind of trace event. */
export type TraceKind = (typeof traceKinds)[number];

const kindCode = new Map<TraceKind, number>(traceKinds.map((kind, i) => [kind, i + 1]));

/** One recorded event. `time` is virtual microseconds since the run began. */
export interface TraceEvent {
  time: number;
  kind: TraceKind;
  subject: string;
  detail: string;
}

/** Anything that can name itself in a trace line; messages build their label only when asked. */
export interface Labelled {
  readonly label: string;
}

/**
 * The canonical record of a run. Every event feeds a 64-bit running hash, which identifies the run;
 * the events themselves are kept only when asked for (`record: true`), since a benchmark run makes
 * millions. The hash covers each event's kind, time, identity key and a size (e.g. payload bytes),
 * so it is the same whether or not events are kept.
 *
 * @example
 * const sim = new Simulation({ seed: 7, trace: true });
 * // … run …
 * sim.trace.hash;                     // "5f0c2a9e13b4d7c1"
 * formatEvent(sim.trace.events![0]);  // "0.000ms spawn client-1"
 */
export class Trace {
  /** The events, when recording; undefined otherwise. */
  readonly events: TraceEvent[] | undefined;
  /** Events kept before `onFull` is told (see keepAtMost); a run that keeps none never looks. */
  private room = Infinity;
  private onFull: (() => void) | undefined;
  private low = 0x811c9dc5 | 0;
  private high = 0x1b873593;
  private length = 0;

  constructor(record: boolean) {
    this.events = record ? [] : undefined;
  }

  /** Adds one event. `key` is the event's identity (e.g. a message key); `size` any count worth hashing. */
  add(kind: TraceKind, time: number, key: number, subject: string | Labelled, detail = "", size = 0): void {
    // Three words: kind and size, time (microseconds fit 32 bits for 71 virtual minutes; beyond
    // that the high part is folded in), and the event's identity key. The halves stay in locals
    // and in int32 form (every use of them reads 32 bits), so no step stores a boxed number.
    let low = this.low;
    let high = this.high;
    let word = (kindCode.get(kind)! << 24) ^ size;
    low = mixLow(low, word);
    high = mixHigh(high, low, word);
    word = time < 4294967296 ? time : (time % 4294967296) ^ Math.floor(time / 4294967296);
    low = mixLow(low, word);
    high = mixHigh(high, low, word);
    low = mixLow(low, key);
    this.high = mixHigh(high, low, key);
    this.low = low;
    this.length++;
    if (this.events) {
      if (this.events.length === this.room) this.onFull!();
      this.events.push({ time, kind, subject: typeof subject === "string" ? subject : subject.label, detail });
    }
  }

  /** Calls `onFull` when an event comes after `events` kept ones (only when recording). */
  keepAtMost(events: number, onFull: () => void): void {
    this.room = events;
    this.onFull = onFull;
  }

  /** How many events the run had (recorded or not). */
  get count(): number {
    return this.length;
  }

  /** 16 hex digits that identify the run: equal runs have equal hashes. */
  get hash(): string {
    return (this.high >>> 0).toString(16).padStart(8, "0") + (this.low >>> 0).toString(16).padStart(8, "0");
  }
}

/** The low half's step: FNV-style multiply, then a full avalanche, as an int32. */
function mixLow(low: number, word: number): number {
  return fmix32(Math.imul(low ^ word, 0x01000193)) | 0;
}

/** The high half's step, after the low half's: it folds in the new low half and the word. */
function mixHigh(high: number, low: number, word: number): number {
  return (Math.imul(high ^ low, 0x5bd1e995) + word) | 0;
}

/** One line per event, the form that `kvlab replay --trace` prints and diffs compare. */
export function formatEvent(event: TraceEvent): string {
  const line = `${(event.time / 1000).toFixed(3)}ms ${event.kind} ${event.subject}`;
  return event.detail ? `${line} ${event.detail}` : line;
}

/** Where two recorded traces first differ, as event index and the two lines (absent past an end). */
export interface Divergence {
  index: number;
  left: string | undefined;
  right: string | undefined;
}

/** The first event at which two traces differ, or undefined when they are identical. */
export function firstDivergence(left: readonly TraceEvent[], right: readonly TraceEvent[]): Divergence | undefined {
  return firstLineDivergence(left.map(formatEvent), right.map(formatEvent));
}

/** The same, for traces kept as formatted lines (e.g. a trace file beside a scenario). */
export function firstLineDivergence(left: readonly string[], right: readonly string[]): Divergence | undefined {
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    if (left[i] !== right[i]) return { index: i, left: left[i], right: right[i] };
  }
  return undefined;
}

/** A readable account of a divergence, e.g. for `kvlab replay` when a trace hash does not match. */
export function describeDivergence(divergence: Divergence): string {
  const side = (line: string | undefined) => line ?? "(trace ended)";
  return `traces diverge at event ${divergence.index}:\n  expected: ${side(divergence.left)}\n  actual:   ${side(divergence.right)}`;
}
