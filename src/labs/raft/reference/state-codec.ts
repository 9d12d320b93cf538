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
 * @example
 * encodeState({ term: 2, votedFor: 0, log }); // '{"t":2,"v":0,"si":0,"st":0,"e":[[1,"x"]]}'
 */
export function encodeState(state: DurableState): string {
  const { log } = state;
  const entries = log.held().map((entry) => [entry.term, entry.command]);
  return JSON.stringify({ t: state.term, v: state.votedFor, si: log.snapshotIndex, st: log.snapshotTerm, e: entries });
}

/** The state `encodeState` saved; an empty save (a first boot) is term 0, no vote, an empty log. */
export function decodeState(saved: Bytes): DurableState {
  const text = typeof saved === "string" ? saved : new TextDecoder().decode(saved);
  if (text === "") return { term: 0, votedFor: null, log: new RaftLog() };
  const raw = JSON.parse(text) as { t: number; v: number | null; si: number; st: number; e: [number, unknown][] };
  const entries: Entry[] = raw.e.map(([term, command]) => ({ term, command }));
  return { term: raw.t, votedFor: raw.v, log: new RaftLog(raw.si, raw.st, entries) };
}
