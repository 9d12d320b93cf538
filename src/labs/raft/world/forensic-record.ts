import type { Execution } from "../../../../labnet/index.js";
import type { RaftInspection, RaftPeer } from "../contract.js";
import { sameCommand } from "./format.js";

/** A peer's role as a sample shows it: "not leader" when the peer has no inspect() to tell candidates from followers. */
export type SampledRole = RaftInspection["role"] | "not leader";

/** A peer's term and role from some instant on (until its next state, crash or the end). */
export interface RoleChange {
  timeMs: number;
  peer: number;
  incarnation: number;
  term: number;
  role: SampledRole;
}

/** An entry a peer counted as committed (its commitIndex reached it), as its inspect() showed it then. */
export interface CommitSeen {
  timeMs: number;
  peer: number;
  incarnation: number;
  index: number;
  term: number;
  command: unknown;
}

/** A peer's last inspection: at the end of the run for a live peer, just before its crash for a crashed one. */
export interface LastView {
  timeMs: number;
  incarnation: number;
  view: RaftInspection;
}

/**
 * What a run with `forensics` keeps for explaining a failure in Raft's terms: every RPC a peer
 * handled (arguments and reply), each change of a peer's term or role, each entry a peer counted
 * as committed, and each peer's last inspection. The world samples a live peer after every RPC it
 * handles, every call it sends, every timer it sets or wakes from, every start and before a crash;
 * without forensics there is no record and no sampling.
 */
export class RaftForensicRecord {
  readonly executions: Execution[] = [];
  readonly roles: RoleChange[] = [];
  readonly commits: CommitSeen[] = [];
  readonly last: (LastView | undefined)[] = [];
  /** Per peer: the incarnation sampled last, its commitIndex then, and the entries it has counted committed. */
  private readonly seen: { incarnation: number; term: number; role: SampledRole; commitIndex: number; committed: Map<number, unknown> }[] = [];

  constructor(private readonly now: () => number) {}

  /** Samples peer `peer`'s incarnation `incarnation` now. */
  sample(peer: number, incarnation: number, raft: RaftPeer): void {
    const timeMs = this.now();
    const view = raft.inspect?.();
    const { term, role } = view ?? stateOnly(raft);
    let seen = this.seen[peer];
    if (!seen || seen.incarnation !== incarnation) {
      seen = { incarnation, term: Number.NaN, role, commitIndex: 0, committed: seen?.committed ?? new Map() };
      this.seen[peer] = seen;
    }
    if (seen.term !== term || seen.role !== role) {
      this.roles.push({ timeMs, peer, incarnation, term, role });
      seen.term = term;
      seen.role = role;
    }
    if (!view) return;
    this.last[peer] = { timeMs, incarnation, view };
    for (let index = Math.max(seen.commitIndex, view.snapshotIndex) + 1; index <= view.commitIndex; index++) {
      const entry = view.log[index - view.snapshotIndex - 1];
      if (!entry || entry.index !== index) break;
      if (seen.committed.has(index) && sameCommand(seen.committed.get(index), entry.command)) continue;
      seen.committed.set(index, entry.command);
      this.commits.push({ timeMs, peer, incarnation, index, term: entry.term, command: entry.command });
    }
    seen.commitIndex = Math.max(seen.commitIndex, view.commitIndex);
  }
}

/** A peer without inspect(): its term, and whether it leads. */
function stateOnly(raft: RaftPeer): { term: number; role: SampledRole } {
  const { term, isLeader } = raft.getState();
  return { term, role: isLeader ? "leader" : "not leader" };
}
