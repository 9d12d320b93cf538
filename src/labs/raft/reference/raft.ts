import type { ApplyChannel, ApplyMsg, Bytes, ClientEnd, LabEnv, RaftPeer, RaftPersister } from "../contract.js";
import type { InstallSnapshotArgs, InstallSnapshotReply } from "./messages.js";
import { ReplicatingRaft } from "./replication.js";

/**
 * The reference Raft: the paper's Figure 2 with §7's snapshots and the course's fast backup. Its
 * public methods are the contract (start, getState, snapshot, kill, inspect) and the three RPC
 * handlers (requestVote, appendEntries, installSnapshot). Handlers never await, so each one runs
 * whole, and saves what it changed before it replies. Every RPC is sent without waiting for
 * another: a peer that is cut off answers only after up to 7 s.
 *
 * It is built in layers, one part of the lab each: core.ts (the state, its persistence, terms and
 * roles), election.ts (3A), replication.ts (3B), and this file: snapshots (3D) and the applier.
 * The protected hooks each hold one rule a classic bug breaks; a buggy Raft is a subclass that
 * overrides one of them (see examples/raft/buggy).
 *
 * @example
 * const raft = new ReferenceRaft(peers, me, persister, applyCh, env);
 * raft.start("x"); // { index: 1, term: 1, isLeader: true } on the leader
 */
export class ReferenceRaft extends ReplicatingRaft implements RaftPeer {
  constructor(peers: ClientEnd[], me: number, persister: RaftPersister, applyCh: ApplyChannel, env: LabEnv) {
    super(peers, me, persister, applyCh, env);
    void this.ticker();
    void this.applier();
  }

  snapshot(index: number, snapshot: Bytes): void {
    if (index <= this.log.snapshotIndex || index > this.commitIndex) return;
    this.log.compact(index);
    this.snapshotData = snapshot;
    this.persist(true);
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

  /** Sends a follower behind the leader's log start the snapshot, whole. */
  protected async sendSnapshot(peer: number): Promise<void> {
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
}
