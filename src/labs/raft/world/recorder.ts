/** What the tester saw happen to the peers, as it happened: the raw material of a failure's explanation. */
export type RaftEventKind = "crash" | "restart" | "connect" | "disconnect" | "start" | "leader" | "apply" | "snapshot";

/** One event, at virtual time `timeMs`, about peer `peer`. */
export interface RaftEvent {
  timeMs: number;
  kind: RaftEventKind;
  peer: number;
  /** The term of a leader seen, or of a start a leader accepted. */
  term?: number;
  /** The log index of an apply, a snapshot or an accepted start. */
  index?: number;
  /** The command of an apply or an accepted start. */
  command?: unknown;
}

/**
 * The run's record: connectivity changes, crashes and restarts, starts leaders accepted, leaders
 * seen by term and every apply per peer. Appending is all it does, so it stays on in every run
 * (a few thousand events in the longest test).
 */
export class RaftRecorder {
  readonly events: RaftEvent[] = [];
  /** The leader first seen in each term. */
  readonly leaders = new Map<number, number>();
  /** Commands applied so far, by peer (every incarnation together). */
  readonly applies: number[];

  constructor(
    peers: number,
    private readonly now: () => number,
  ) {
    this.applies = new Array<number>(peers).fill(0);
  }

  add(kind: RaftEventKind, peer: number, details: Omit<RaftEvent, "timeMs" | "kind" | "peer"> = {}): void {
    this.events.push({ timeMs: this.now(), kind, peer, ...details });
    if (kind === "apply") this.applies[peer]!++;
  }

  /** Notes that `peer` leads `term`, once per term. */
  leaderSeen(peer: number, term: number): void {
    if (this.leaders.has(term)) return;
    this.leaders.set(term, peer);
    this.add("leader", peer, { term });
  }
}
