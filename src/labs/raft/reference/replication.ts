import type { StartResult } from "../contract.js";
import { ElectingRaft } from "./election.js";
import type { Entry } from "./log.js";
import type { AppendEntriesArgs, AppendEntriesReply } from "./messages.js";
import { HEARTBEAT_MS, MAX_ENTRIES_PER_APPEND } from "./timing.js";

/**
 * Log replication (3B): the leader appends what start() is given and sends every follower what it
 * lacks from its nextIndex on, at once and at every heartbeat, each call on its own (a cut-off
 * follower answers only after up to 7 s); it commits what a majority holds. A follower accepts
 * entries that extend a log matching the leader's, and hints the leader where to back up when not.
 */
export abstract class ReplicatingRaft extends ElectingRaft {
  /** Leader only: the next index to send each peer, and the highest index known to match. */
  protected nextIndex: number[] = [];
  protected matchIndex: number[] = [];
  private replicationQueued = false;

  start(command: unknown): StartResult {
    if (this.dead || this.role !== "leader") return { index: -1, term: this.term, isLeader: false };
    this.log.append([{ term: this.term, command }]);
    this.persist();
    this.replicateSoon();
    return { index: this.log.lastIndex, term: this.term, isLeader: true };
  }

  appendEntries(args: AppendEntriesArgs): AppendEntriesReply {
    const reject = { term: this.term, success: false, xTerm: -1, xIndex: -1, xLen: -1 };
    if (args.term < this.term) return reject;
    this.followLeader(args.term);
    reject.term = this.term;
    let { prevLogIndex, entries } = args;
    if (prevLogIndex < this.log.snapshotIndex) {
      // The snapshot holds the start of what the leader sends: it is committed, hence the same.
      entries = entries.slice(this.log.snapshotIndex - prevLogIndex);
      prevLogIndex = this.log.snapshotIndex;
    } else if (prevLogIndex > this.log.lastIndex) {
      this.persistBeforeReply();
      return { ...reject, xLen: this.log.lastIndex + 1 };
    } else if (this.log.termAt(prevLogIndex) !== args.prevLogTerm) {
      this.persistBeforeReply();
      return { ...reject, xTerm: this.log.termAt(prevLogIndex)!, xIndex: this.log.firstIndexOfTerm(prevLogIndex), xLen: this.log.lastIndex + 1 };
    }
    this.mergeEntries(prevLogIndex, entries);
    const lastNew = prevLogIndex + entries.length;
    if (args.leaderCommit > this.commitIndex) this.commitUpTo(Math.min(args.leaderCommit, lastNew));
    this.persistBeforeReply();
    return { term: this.term, success: true, xTerm: -1, xIndex: -1, xLen: -1 };
  }

  // Hooks: each holds one rule that a classic bug breaks.

  /**
   * A leader commits by counting replicas only entries of its own term (§5.4.2, Figure 8); earlier
   * ones commit with them. Counting replicas of an older entry can commit an entry that a later
   * leader then overwrites.
   */
  protected mayCommitByCounting(index: number): boolean {
    return this.log.termAt(index) === this.term;
  }

  /**
   * Appends what an accepted AppendEntries brings after `prevLogIndex`, truncating the log only at
   * the first entry that conflicts (same index, different term). A follower that truncates
   * whenever an AppendEntries arrives loses entries when an old, delayed AppendEntries comes after
   * a newer one: entries the leader may already have counted as replicated, and committed.
   */
  protected mergeEntries(prevLogIndex: number, entries: readonly Entry[]): void {
    for (let i = 0; i < entries.length; i++) {
      const index = prevLogIndex + 1 + i;
      const held = this.log.termAt(index);
      if (held === entries[i]!.term) continue;
      if (held !== undefined) this.log.truncateFrom(index);
      this.log.append(entries.slice(i));
      this.unsaved = true;
      return;
    }
  }

  /**
   * Where a leader resumes sending to a follower that rejected an AppendEntries, from the course's
   * fast-backup hints: past the follower's log if it is too short (xLen), after the leader's last
   * entry of the conflicting term if it has one, else at the follower's first entry of that term.
   * Backing up one entry per rejection takes one round trip per entry, too slow for the tests that
   * overwrite 50 stale entries at a time.
   */
  protected nextIndexAfterRejection(_peer: number, reply: AppendEntriesReply): number {
    if (reply.xTerm === -1) return reply.xLen;
    const last = this.log.lastIndexOfTerm(reply.xTerm);
    return last === undefined ? reply.xIndex : last + 1;
  }

  /**
   * How long a leader waits between rounds of heartbeats: the course's tester allows at most ten a
   * second. A leader that sends them more often fails the RPC budgets (TestCount3B's "too many RPCs").
   */
  protected heartbeatIntervalMs(): number {
    return HEARTBEAT_MS;
  }

  /** A follower's log lacks what the leader would send it: the snapshot's part (raft.ts). */
  protected abstract sendSnapshot(peer: number): Promise<void>;

  protected becomeLeader(): void {
    this.role = "leader";
    this.nextIndex = this.peers.map(() => this.log.lastIndex + 1);
    this.matchIndex = this.peers.map(() => 0);
    void this.heartbeats(this.term);
  }

  /** A follower holds the leader's log up to `index`; replies may come reordered, so indices only grow. */
  protected matched(peer: number, index: number): void {
    this.matchIndex[peer] = Math.max(this.matchIndex[peer]!, index);
    this.nextIndex[peer] = Math.max(this.nextIndex[peer]!, index + 1);
    this.advanceCommit();
  }

  /** While leader of `term`: AppendEntries to every follower, ten times a second. */
  private async heartbeats(term: number): Promise<void> {
    while (!this.dead && this.role === "leader" && this.term === term) {
      this.replicate();
      await this.env.sleep(this.heartbeatIntervalMs());
    }
  }

  /** Sends soon, once for every start() of this instant: a burst of commands travels together. */
  private replicateSoon(): void {
    if (this.replicationQueued) return;
    this.replicationQueued = true;
    void this.env.sleep(0).then(() => {
      this.replicationQueued = false;
      if (!this.dead && this.role === "leader") this.replicate();
    });
  }

  private replicate(): void {
    for (const peer of this.others) void this.sendTo(peer);
  }

  /** Sends a follower what it lacks from its nextIndex on: entries, or the snapshot if the log no longer has them. */
  private async sendTo(peer: number): Promise<void> {
    const next = this.nextIndex[peer]!;
    if (next <= this.log.snapshotIndex) return this.sendSnapshot(peer);
    const args: AppendEntriesArgs = {
      term: this.term,
      leaderId: this.me,
      prevLogIndex: next - 1,
      prevLogTerm: this.log.termAt(next - 1)!,
      entries: this.log.from(next, MAX_ENTRIES_PER_APPEND),
      leaderCommit: this.commitIndex,
    };
    const reply = await this.peers[peer]!.call<AppendEntriesArgs, AppendEntriesReply>("appendEntries", args);
    if (!reply || this.dead || this.stepDownIfBehind(reply.term)) return;
    if (this.role !== "leader" || this.term !== args.term) return;
    if (reply.success) {
      this.matched(peer, args.prevLogIndex + args.entries.length);
      if (args.entries.length === MAX_ENTRIES_PER_APPEND && this.nextIndex[peer]! <= this.log.lastIndex) void this.sendTo(peer);
      return;
    }
    // Only the rejection of what nextIndex still says counts; an older, reordered one is stale.
    if (this.nextIndex[peer] !== next) return;
    this.nextIndex[peer] = Math.max(1, Math.min(this.nextIndexAfterRejection(peer, reply), this.log.lastIndex + 1));
    void this.sendTo(peer);
  }

  /** The highest index a majority holds, if the commit rule lets the leader commit it by counting. */
  private advanceCommit(): void {
    for (let index = this.log.lastIndex; index > this.commitIndex; index--) {
      if (!this.mayCommitByCounting(index)) continue;
      const holders = 1 + this.others.filter((peer) => this.matchIndex[peer]! >= index).length;
      if (this.isMajority(holders)) {
        this.commitUpTo(index);
        return;
      }
    }
  }
}
