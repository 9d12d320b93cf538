import type { Bytes } from "../contract.js";
import { type Entry, RaftLog } from "./log.js";

/** What Figure 2 says must survive a crash, plus where the log starts after a snapshot. */
export interface DurableState {
  term: number;
  votedFor: number | null;
  log: RaftLog;
}

/**
 * Raft state as saved: compact JSON, short keys and entries as [term, command] pairs, because the
 * 3D tests hold a peer's saved state under 2,000 bytes with a snapshot every 10 entries.
 *
 * A peer saves its whole state at every change, as the course's Raft does, and without snapshots
 * its log grows to thousands of entries (the churn tests): encoding it all again each time was
 * most of a run's time. So an encoder keeps the text of the entries it encoded and, while the log
 * only grows, encodes just the new ones; a log that dropped entries is encoded afresh.
 *
 * @example
 * const encoder = new StateEncoder();
 * encoder.encode({ term: 2, votedFor: 0, log }); // '{"t":2,"v":0,"si":0,"st":0,"e":[[1,"x"]]}'
 */
export class StateEncoder {
  private generation = -1;
  private encoded = 0;
  private entriesText = "";

  encode(state: DurableState): string {
    const { log } = state;
    const held = log.held();
    if (log.generation !== this.generation || held.length < this.encoded) {
      this.generation = log.generation;
      this.encoded = 0;
      this.entriesText = "";
    }
    for (; this.encoded < held.length; this.encoded++) {
      const entry = held[this.encoded]!;
      this.entriesText += (this.encoded === 0 ? "" : ",") + JSON.stringify([entry.term, entry.command]);
    }
    return `{"t":${state.term},"v":${JSON.stringify(state.votedFor)},"si":${log.snapshotIndex},"st":${log.snapshotTerm},"e":[${this.entriesText}]}`;
  }
}

/** The state `StateEncoder` saved; an empty save (a first boot) is term 0, no vote, an empty log. */
export function decodeState(saved: Bytes): DurableState {
  const text = typeof saved === "string" ? saved : new TextDecoder().decode(saved);
  if (text === "") return { term: 0, votedFor: null, log: new RaftLog() };
  const raw = JSON.parse(text) as { t: number; v: number | null; si: number; st: number; e: [number, unknown][] };
  const entries: Entry[] = raw.e.map(([term, command]) => ({ term, command }));
  return { term: raw.t, votedFor: raw.v, log: new RaftLog(raw.si, raw.st, entries) };
}
