import type { ApplyChannel, Bytes, ClientEnd, LabEnv, RaftInspection, RaftPersister, RaftState } from "../contract.js";
import type { RaftLog } from "./log.js";
import { StateEncoder, decodeState } from "./state-codec.js";
import { ELECTION_TIMEOUT_MAX_MS, ELECTION_TIMEOUT_MIN_MS } from "./timing.js";
import { Wakeup } from "./wakeup.js";

export type Role = RaftInspection["role"];

/**
 * What every part of the reference Raft shares: Figure 2's state, restored from the persister and
 * saved to it, the role and term rules every message obeys, and the election timer's deadline.
 * The parts build on it: election.ts (3A), replication.ts (3B), raft.ts (snapshots and applying).
 */
export abstract class RaftCore {
  protected term: number;
  protected votedFor: number | null;
  protected readonly log: RaftLog;
  /** The snapshot the log starts after ("" without one); kept, as every save must pass it again. */
  protected snapshotData: Bytes;
  protected role: Role = "follower";
  protected commitIndex: number;
  protected lastApplied: number;
  protected dead = false;
  /** When this peer stands for election unless a leader or a vote pushes it back. */
  protected electionDeadline = 0;
  /** A handler changed the term, the vote or the log, and has not saved them yet. */
  protected unsaved = false;
  /** Wakes the applier: something was committed, or a snapshot installed, or the peer was killed. */
  protected readonly applierWakeup = new Wakeup();
  /** Every peer's index but this one's. */
  protected readonly others: readonly number[];
  private readonly encoder = new StateEncoder();

  constructor(
    protected readonly peers: ClientEnd[],
    protected readonly me: number,
    protected readonly persister: RaftPersister,
    protected readonly applyCh: ApplyChannel,
    protected readonly env: LabEnv,
  ) {
    this.others = peers.map((_, peer) => peer).filter((peer) => peer !== me);
    const saved = decodeState(persister.readRaftState());
    this.term = saved.term;
    this.votedFor = saved.votedFor;
    this.log = saved.log;
    this.snapshotData = persister.readSnapshot();
    // The service restarts from the snapshot (the tester ingests it itself), so applying resumes after it.
    this.commitIndex = this.log.snapshotIndex;
    this.lastApplied = this.log.snapshotIndex;
    this.resetElectionTimer();
  }

  getState(): RaftState {
    return { term: this.term, isLeader: this.role === "leader" };
  }

  /** Stops the loops, and closes the apply channel (as the course's Raft closes applyCh), so the service above stops waiting. */
  kill(): void {
    this.dead = true;
    this.applierWakeup.notify();
    this.applyCh.close?.();
  }

  inspect(): RaftInspection {
    return {
      term: this.term,
      votedFor: this.votedFor,
      role: this.role,
      log: this.log.indexed(),
      snapshotIndex: this.log.snapshotIndex,
      snapshotTerm: this.log.snapshotTerm,
      commitIndex: this.commitIndex,
      lastApplied: this.lastApplied,
    };
  }

  // Hooks: each holds one rule that a classic bug breaks.

  /**
   * A handler saves what it changed (term, vote, log) before it answers: once the reply is out,
   * others act on it, so a crash must not forget it. Saving later lets a restarted peer vote twice
   * in a term, or lose entries the leader counted as replicated.
   */
  protected persistBeforeReply(): void {
    if (this.unsaved) this.persist();
  }

  /**
   * The snapshot to save with the Raft state. The persister erases the snapshot on a save without
   * one, so a peer with a snapshot passes it on every save, not only when it takes a new one;
   * otherwise the next save (a vote, an entry) loses it, and a restart loses the trimmed log.
   */
  protected snapshotToSave(_snapshotIsNew: boolean): Bytes | null {
    return this.snapshotData;
  }

  /** A random election timeout, so that candidates seldom collide and split the vote forever. */
  protected electionTimeoutMs(): number {
    return ELECTION_TIMEOUT_MIN_MS + this.env.random() * (ELECTION_TIMEOUT_MAX_MS - ELECTION_TIMEOUT_MIN_MS);
  }

  // Terms and roles.

  /** A term at least ours was seen: follow, and adopt a higher term with no vote cast in it. */
  protected becomeFollower(term: number): void {
    if (term > this.term) {
      this.term = term;
      this.votedFor = null;
      this.unsaved = true;
    }
    this.role = "follower";
  }

  /** A leader of `term` (not older than ours) spoke: follow it, and wait a full timeout before standing. */
  protected followLeader(term: number): void {
    this.becomeFollower(term);
    this.resetElectionTimer();
  }

  /** A reply carries a later term: this peer is out of date, so it steps down (and saves the term). */
  protected stepDownIfBehind(term: number): boolean {
    if (term <= this.term) return false;
    this.becomeFollower(term);
    this.persist();
    return true;
  }

  protected resetElectionTimer(): void {
    this.electionDeadline = this.env.now() + this.electionTimeoutMs();
  }

  protected commitUpTo(index: number): void {
    if (index <= this.commitIndex) return;
    this.commitIndex = index;
    this.applierWakeup.notify();
  }

  protected isMajority(count: number): boolean {
    return count * 2 > this.peers.length;
  }

  /** Saves term, vote and log (with where the snapshot ends) together with the snapshot. */
  protected persist(snapshotIsNew = false): void {
    this.persister.save(this.encoder.encode({ term: this.term, votedFor: this.votedFor, log: this.log }), this.snapshotToSave(snapshotIsNew));
    this.unsaved = false;
  }
}
