import type {
  ApplyChannel,
  ApplyMsg,
  Bytes,
  ClientEnd,
  LabEnv,
  RaftInspection,
  RaftPeer,
  RaftPersister,
  RaftState,
  StartResult,
} from "../contract.js";
import type { RaftLog } from "./log.js";
import type {
  AppendEntriesArgs,
  AppendEntriesReply,
  InstallSnapshotArgs,
  InstallSnapshotReply,
  RequestVoteArgs,
  RequestVoteReply,
} from "./messages.js";
import { StateEncoder, decodeState } from "./state-codec.js";
import { ELECTION_TIMEOUT_MAX_MS, ELECTION_TIMEOUT_MIN_MS, HEARTBEAT_MS, MAX_ENTRIES_PER_APPEND } from "./timing.js";
import { Wakeup } from "./wakeup.js";

type Role = RaftInspection["role"];

/**
 * The reference Raft: the paper's Figure 2 with §7's snapshots and the course's fast backup. Its
 * public methods are the contract (start, getState, snapshot, kill, inspect) and the three RPC
 * handlers (requestVote, appendEntries, installSnapshot). Handlers never await, so each one runs
 * whole, and persists what it changed before it replies. Every RPC is sent without waiting for
 * another: a peer that is cut off answers only after up to 7 s.
 *
 * The protected hooks each hold one rule a classic bug breaks; a buggy Raft is a subclass that
 * overrides one of them (see examples/raft/buggy).
 *
 * @example
 * const raft = new ReferenceRaft(peers, me, persister, applyCh, env);
 * raft.start("x"); // { index: 1, term: 1, isLeader: true } on the leader
 */
export class ReferenceRaft implements RaftPeer {
  protected term: number;
  protected votedFor: number | null;
  protected readonly log: RaftLog;
  /** The snapshot the log starts after ("" without one); kept, as every save must pass it again. */
  protected snapshotData: Bytes;
  protected role: Role = "follower";
  protected commitIndex: number;
  protected lastApplied: number;
  /** Leader only: the next index to send each peer, and the highest index known to match. */
  protected nextIndex: number[] = [];
  protected matchIndex: number[] = [];
  protected dead = false;
  private electionDeadline = 0;
  private votes = 0;
  private unsaved = false;
  private replicationQueued = false;
  private readonly applierWakeup = new Wakeup();
  private readonly encoder = new StateEncoder();
  /** Every peer's index but this one's. */
  private readonly others: readonly number[];

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
    void this.ticker();
    void this.applier();
  }

  // The contract.

  start(command: unknown): StartResult {
    if (this.dead || this.role !== "leader") return { index: -1, term: this.term, isLeader: false };
    this.log.append([{ term: this.term, command }]);
    this.persist();
    this.replicateSoon();
    return { index: this.log.lastIndex, term: this.term, isLeader: true };
  }

  getState(): RaftState {
    return { term: this.term, isLeader: this.role === "leader" };
  }

  snapshot(index: number, snapshot: Bytes): void {
    if (index <= this.log.snapshotIndex || index > this.commitIndex) return;
    this.log.compact(index);
    this.snapshotData = snapshot;
    this.persist(true);
  }

  kill(): void {
    this.dead = true;
    this.applierWakeup.notify();
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

  // RPC handlers.

  requestVote(args: RequestVoteArgs): RequestVoteReply {
    if (args.term > this.term) this.becomeFollower(args.term);
    const voteGranted =
      args.term === this.term &&
      (this.votedFor === null || this.votedFor === args.candidateId) &&
      this.candidateLogIsUpToDate(args.lastLogIndex, args.lastLogTerm);
    if (voteGranted) {
      this.votedFor = args.candidateId;
      this.unsaved = true;
      this.onVoteGranted();
    }
    this.persistBeforeReply();
    return { term: this.term, voteGranted };
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

  installSnapshot(args: InstallSnapshotArgs): InstallSnapshotReply {
    if (args.term < this.term) return { term: this.term };
    this.followLeader(args.term);
    // A snapshot the log already covers, or whose entries this peer holds committed, adds nothing.
    if (args.lastIncludedIndex > this.log.snapshotIndex && args.lastIncludedIndex > this.commitIndex) {
      this.log.installSnapshot(args.lastIncludedIndex, args.lastIncludedTerm);
      this.snapshotData = args.data;
      this.commitIndex = args.lastIncludedIndex;
      this.persist(true);
      this.applierWakeup.notify();
    }
    this.persistBeforeReply();
    return { term: this.term };
  }

  // Hooks: each holds one rule that a classic bug breaks.

  /**
   * The election restriction (§5.4.1): vote only for a candidate whose log is at least as
   * up-to-date as ours (a later last term, or the same last term and at least as long). Without it,
   * a candidate missing committed entries can win and overwrite them on the others.
   */
  protected candidateLogIsUpToDate(lastLogIndex: number, lastLogTerm: number): boolean {
    if (lastLogTerm !== this.log.lastTerm) return lastLogTerm > this.log.lastTerm;
    return lastLogIndex >= this.log.lastIndex;
  }

  /**
   * Granting a vote restarts the election timer (Figure 2, Followers): a follower that votes and
   * then times out anyway starts a needless election, and in a cluster that keeps doing so the
   * candidates unseat each other and no leader lasts.
   */
  protected onVoteGranted(): void {
    this.resetElectionTimer();
  }

  /**
   * A leader commits by counting replicas only entries of its own term (§5.4.2, Figure 8); earlier
   * ones commit with them. Counting replicas of an older entry can commit an entry that a later
   * leader then overwrites.
   */
  protected mayCommitByCounting(index: number): boolean {
    return this.log.termAt(index) === this.term;
  }

  /**
   * A handler saves what it changed (term, vote, log) before it answers: once the reply is out,
   * others act on it, so a crash must not forget it. Saving later lets a restarted peer vote twice
   * in a term, or lose entries the leader counted as replicated.
   */
  protected persistBeforeReply(): void {
    if (this.unsaved) this.persist();
  }

  /**
   * Appends what an accepted AppendEntries brings after `prevLogIndex`, truncating the log only at
   * the first entry that conflicts (same index, different term). A follower that truncates
   * whenever an AppendEntries arrives loses entries when an old, delayed AppendEntries comes after
   * a newer one: entries the leader may already have counted as replicated, and committed.
   */
  protected mergeEntries(prevLogIndex: number, entries: readonly { term: number; command: unknown }[]): void {
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
   * What the applier delivers next: the snapshot if it is ahead of what the service has, else the
   * next committed command, strictly in index order. Delivering a command past a snapshot the
   * service has not installed, or again one that a snapshot covers, is applying out of order.
   */
  protected nextApplyMsg(): ApplyMsg | undefined {
    if (this.log.snapshotIndex > this.lastApplied) {
      return { snapshotValid: true, snapshot: this.snapshotData, snapshotTerm: this.log.snapshotTerm, snapshotIndex: this.log.snapshotIndex };
    }
    const next = this.lastApplied + 1;
    if (next > this.commitIndex) return undefined;
    return { commandValid: true, command: this.log.entry(next).command, commandIndex: next };
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

  // Roles and terms.

  /** A higher term was seen: adopt it as a follower with no vote cast in it. */
  protected becomeFollower(term: number): void {
    if (term > this.term) {
      this.term = term;
      this.votedFor = null;
      this.unsaved = true;
    }
    this.role = "follower";
  }

  /** A leader of `term` (not older than ours) spoke: follow it, and wait a full timeout before standing. */
  private followLeader(term: number): void {
    this.becomeFollower(term);
    this.resetElectionTimer();
  }

  protected resetElectionTimer(): void {
    this.electionDeadline = this.env.now() + this.electionTimeoutMs();
  }

  /** Sleeps until the election deadline, which votes and heartbeats keep pushing back; then stands. */
  private async ticker(): Promise<void> {
    while (!this.dead) {
      const wait = this.electionDeadline - this.env.now();
      // The clock ticks in microseconds: a shorter wait would sleep for nothing, again and again.
      if (wait >= 0.001) {
        await this.env.sleep(wait);
        continue;
      }
      if (this.role === "leader") this.resetElectionTimer();
      else this.startElection();
    }
  }

  private startElection(): void {
    this.term++;
    this.role = "candidate";
    this.votedFor = this.me;
    this.votes = 1;
    this.persist();
    this.resetElectionTimer();
    const args: RequestVoteArgs = { term: this.term, candidateId: this.me, lastLogIndex: this.log.lastIndex, lastLogTerm: this.log.lastTerm };
    if (this.isMajority(this.votes)) this.becomeLeader();
    for (const peer of this.others) void this.askVote(peer, args);
  }

  private async askVote(peer: number, args: RequestVoteArgs): Promise<void> {
    const reply = await this.peers[peer]!.call<RequestVoteArgs, RequestVoteReply>("requestVote", args);
    if (!reply || this.dead) return;
    if (this.stepDownIfBehind(reply.term)) return;
    if (this.role !== "candidate" || this.term !== args.term || !reply.voteGranted) return;
    if (this.isMajority(++this.votes)) this.becomeLeader();
  }

  private becomeLeader(): void {
    this.role = "leader";
    this.nextIndex = this.peers.map(() => this.log.lastIndex + 1);
    this.matchIndex = this.peers.map(() => 0);
    void this.heartbeats(this.term);
  }

  /** A reply carries a later term: this peer is out of date, so it steps down (and saves the term). */
  private stepDownIfBehind(term: number): boolean {
    if (term <= this.term) return false;
    this.becomeFollower(term);
    this.persist();
    return true;
  }

  // Replication.

  /** While leader of `term`: AppendEntries to every follower, ten times a second. */
  private async heartbeats(term: number): Promise<void> {
    while (!this.dead && this.role === "leader" && this.term === term) {
      this.replicate();
      await this.env.sleep(HEARTBEAT_MS);
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

  private async sendSnapshot(peer: number): Promise<void> {
    const args: InstallSnapshotArgs = {
      term: this.term,
      leaderId: this.me,
      lastIncludedIndex: this.log.snapshotIndex,
      lastIncludedTerm: this.log.snapshotTerm,
      data: this.snapshotData,
    };
    const reply = await this.peers[peer]!.call<InstallSnapshotArgs, InstallSnapshotReply>("installSnapshot", args);
    if (!reply || this.dead || this.stepDownIfBehind(reply.term)) return;
    if (this.role !== "leader" || this.term !== args.term) return;
    this.matched(peer, args.lastIncludedIndex);
  }

  /** A follower holds the leader's log up to `index`; replies may come reordered, so indices only grow. */
  private matched(peer: number, index: number): void {
    this.matchIndex[peer] = Math.max(this.matchIndex[peer]!, index);
    this.nextIndex[peer] = Math.max(this.nextIndex[peer]!, index + 1);
    this.advanceCommit();
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

  private commitUpTo(index: number): void {
    if (index <= this.commitIndex) return;
    this.commitIndex = index;
    this.applierWakeup.notify();
  }

  // Applying.

  /** Delivers committed commands (and installed snapshots) one at a time, each awaited, in index order. */
  private async applier(): Promise<void> {
    while (!this.dead) {
      const msg = this.nextApplyMsg();
      if (!msg) {
        await this.applierWakeup.wait();
        continue;
      }
      await this.applyCh.send(msg);
      if (this.dead) return;
      const applied = "commandValid" in msg ? msg.commandIndex : msg.snapshotIndex;
      this.lastApplied = Math.max(this.lastApplied, applied);
    }
  }

  // Persistence.

  /** Saves term, vote and log (with where the snapshot ends) together with the snapshot. */
  protected persist(snapshotIsNew = false): void {
    this.persister.save(this.encoder.encode({ term: this.term, votedFor: this.votedFor, log: this.log }), this.snapshotToSave(snapshotIsNew));
    this.unsaved = false;
  }

  // Helpers.

  private isMajority(count: number): boolean {
    return count * 2 > this.peers.length;
  }
}
