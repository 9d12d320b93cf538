import type { RaftInspection, RaftPeer } from "../contract.js";
import type { Applier } from "./applier.js";
import { goValue, sameCommand } from "./format.js";
import type { RaftRecorder } from "./recorder.js";

/**
 * Raft's safety properties (the paper's Figure 3), checked as the run goes rather than only by the
 * tests' end results. Election safety needs only getState, so it is checked on every state the
 * tester reads, every time a live peer's timer wakes and after every RPC a peer handles (one
 * getState each). Log matching, leader completeness and state-machine safety need the peers' logs,
 * so they run only when every live peer has inspect(), at the tester's checkpoints (each
 * checkOneLeader round, each agreement, each crash and restart). All of it costs about a tenth of
 * a suite's wall time on the reference.
 * A violation fails the run naming the property, the peers, the index and the terms.
 */
export class Invariants {
  /** The highest term any peer was seen in: a leader of that term holds every committed entry. */
  private maxTerm = 0;

  constructor(
    private readonly recorder: RaftRecorder,
    private readonly fail: (message: string) => never,
  ) {}

  /** Peer `peer` says it is in `term`, leading or not: two leaders of one term break election safety. */
  observe(peer: number, term: number, isLeader: boolean): void {
    if (term > this.maxTerm) this.maxTerm = term;
    // No leader exists before term 1: the course's skeleton answers start() with isLeader true and
    // term -1 on every peer, which says nothing has been built yet, not that two peers lead.
    if (!isLeader || term < 1) return;
    const first = this.recorder.leaders.get(term);
    if (first !== undefined && first !== peer) {
      this.fail(`term ${term} has 2 (>1) leaders: election safety violated, raft-${first} and raft-${peer} both led term ${term}`);
    }
    this.recorder.leaderSeen(peer, term);
  }

  /** Checks the log properties over the live peers' inspections, against what the tester saw committed. */
  checkLogs(peers: readonly (RaftPeer | undefined)[], appliers: readonly (Applier | undefined)[]): void {
    const views: [number, RaftInspection][] = [];
    for (const [i, raft] of peers.entries()) {
      if (!raft) continue;
      if (!raft.inspect) return;
      const view = raft.inspect();
      this.observe(i, view.term, view.role === "leader");
      views.push([i, view]);
    }
    const committed = committedCommands(appliers);
    for (let a = 0; a < views.length; a++) {
      for (let b = a + 1; b < views.length; b++) this.logMatching(views[a]!, views[b]!);
    }
    for (const view of views) {
      this.stateMachineSafety(view, committed);
      if (view[1].role === "leader" && view[1].term >= this.maxTerm) this.leaderCompleteness(view, committed);
    }
  }

  /** If two logs hold an entry with the same index and term, they are identical up to it. */
  private logMatching([i, a]: [number, RaftInspection], [j, b]: [number, RaftInspection]): void {
    const lo = Math.max(a.snapshotIndex, b.snapshotIndex) + 1;
    const hi = Math.min(lastIndex(a), lastIndex(b));
    let anchor: number | undefined;
    for (let k = hi; k >= lo; k--) {
      const x = entryAt(a, k)!;
      const y = entryAt(b, k)!;
      if (anchor === undefined) {
        if (x.term === y.term) anchor = k;
        else continue;
      }
      if (x.term !== y.term || !sameCommand(x.command, y.command)) {
        this.fail(
          `log matching violated: raft-${i} and raft-${j} agree at index ${anchor} (term ${entryAt(a, anchor)!.term}) but differ at index ${k}: ` +
            `raft-${i} has term ${x.term} command ${goValue(x.command)}, raft-${j} term ${y.term} command ${goValue(y.command)}`,
        );
      }
    }
  }

  /** A peer's entries up to its commitIndex are the ones the tester saw committed. */
  private stateMachineSafety([i, view]: [number, RaftInspection], committed: Map<number, unknown>): void {
    const hi = Math.min(view.commitIndex, lastIndex(view));
    for (let k = view.snapshotIndex + 1; k <= hi; k++) {
      const entry = entryAt(view, k)!;
      if (committed.has(k) && !sameCommand(entry.command, committed.get(k))) {
        this.fail(`state-machine safety violated: raft-${i} committed ${goValue(entry.command)} (term ${entry.term}) at index ${k}, where ${goValue(committed.get(k))} was applied`);
      }
    }
  }

  /** A leader of the highest term seen holds every committed entry. */
  private leaderCompleteness([i, view]: [number, RaftInspection], committed: Map<number, unknown>): void {
    for (const [k, command] of committed) {
      if (k <= view.snapshotIndex) continue;
      const entry = entryAt(view, k);
      if (!entry || !sameCommand(entry.command, command)) {
        const has = entry ? `term ${entry.term} command ${goValue(entry.command)}` : "nothing";
        this.fail(`leader completeness violated: raft-${i} leads term ${view.term} but has ${has} at index ${k}, where ${goValue(command)} was committed`);
      }
    }
  }
}

/** Every command some applier took, by index (they agree: the appliers check that). */
function committedCommands(appliers: readonly (Applier | undefined)[]): Map<number, unknown> {
  const committed = new Map<number, unknown>();
  for (const applier of appliers) {
    for (const [k, command] of applier?.logs ?? []) if (k > 0 && !committed.has(k)) committed.set(k, command);
  }
  return committed;
}

function lastIndex(view: RaftInspection): number {
  return view.log.length === 0 ? view.snapshotIndex : view.log[view.log.length - 1]!.index;
}

/** The entry at log index `k`, assuming the inspection's entries are consecutive after the snapshot. */
function entryAt(view: RaftInspection, k: number): { term: number; command: unknown } | undefined {
  return view.log[k - view.snapshotIndex - 1];
}
