import type { ApplyMsg } from "../../raft/index.js";
import type { ClientEnd, LabEnv, RaftImplementation, RaftPeer, RaftPersister, Rsm, StateMachine, SubmitResult } from "../contract.js";
import type { RaftState } from "../../raft/index.js";
import { decodeRsmSnapshot, encodeRsmSnapshot, isEmpty } from "./snapshot-codec.js";

/** How often an rsm with submits pending asks its Raft peer whether it still leads the same term. */
export const LEADERSHIP_CHECK_MS = 20;

/** What the rsm puts in the log: the request, and an id no other submit of any incarnation shares. */
export interface Op {
  id: string;
  req: unknown;
}

const WRONG_LEADER: SubmitResult = { err: "ErrWrongLeader" };

/** A submit waiting for its index to be applied. */
interface Waiter {
  id: string;
  term: number;
  resolve(result: SubmitResult): void;
}

/**
 * The reference rsm (the course's RSM): it starts each submitted request through its Raft peer as
 * an Op with a unique id, applies every committed Op to the state machine in log order, and
 * answers a submit with what doOp returned for its own Op. A submit gives up (ErrWrongLeader) when
 * another Op is applied at its index, when its peer's term moves on or it stops leading, when a
 * snapshot covers its index, and when the peer is killed (the reference Raft closes the apply
 * channel). It snapshots the state machine, with the index applied, whenever the Raft state it
 * saved reaches `maxRaftState` (never with -1), and restores the snapshot at start and on every
 * snapshot message that is ahead of it. The protected hooks each hold one rule a classic bug
 * breaks; a buggy rsm is a subclass that overrides one of them, as with the reference Raft.
 *
 * @example
 * const rsm = new ReferenceRsm(servers, me, persister, 1000, counter, env, raftReference);
 * await rsm.submit({ inc: 1 }); // { err: "OK", value: <counter.doOp's result> } on the leader
 */
export class ReferenceRsm implements Rsm {
  private readonly peer: RaftPeer;
  /**
   * Ids are this prefix and a counter. The prefix is drawn at random by each incarnation: a
   * counter that starts again at 0 after a restart would match a new submit with an old entry.
   */
  private readonly idPrefix: string;
  private submitted = 0;
  protected lastApplied = 0;
  /** The index the latest snapshot (taken or restored) covers. */
  private snapshotIndex = 0;
  private readonly waiters = new Map<number, Waiter>();
  private watching = false;
  private closed = false;

  constructor(
    servers: ClientEnd[],
    me: number,
    private readonly persister: RaftPersister,
    protected readonly maxRaftState: number,
    private readonly sm: StateMachine,
    private readonly env: LabEnv,
    raft: RaftImplementation,
  ) {
    this.idPrefix = `${me}.${Math.floor(env.random() * 2 ** 52).toString(36)}.`;
    const saved = persister.readSnapshot();
    if (!isEmpty(saved)) this.restore(saved);
    this.peer = raft.make(servers, me, persister, { send: async (msg) => this.apply(msg), close: () => this.shutdown() }, env);
  }

  raft(): RaftPeer {
    return this.peer;
  }

  submit(req: unknown): Promise<SubmitResult> {
    if (this.closed) return Promise.resolve(WRONG_LEADER);
    const op: Op = { id: this.idPrefix + (this.submitted++).toString(36), req };
    const { index, term, isLeader } = this.peer.start(op);
    if (!isLeader || index <= this.lastApplied) return Promise.resolve(WRONG_LEADER);
    return new Promise((resolve) => {
      // An earlier submit waiting on this index lost it: this leader's log holds another Op there.
      this.waiters.get(index)?.resolve(WRONG_LEADER);
      this.waiters.set(index, { id: op.id, term, resolve });
      void this.watchLeadership();
    });
  }

  /**
   * The peer is dead (its Raft closed the apply channel, or the server above was killed): every
   * pending submit gives up, and later ones answer ErrWrongLeader at once.
   */
  shutdown(): void {
    this.closed = true;
    this.giveUp(() => true);
  }

  // Hooks: each holds one rule that a classic bug breaks.

  /**
   * What the submit `waiterId` waiting on an index answers once `applied` is applied there: doOp's
   * result only if the Op is its own. Another Op at its index means its leader lost its term
   * before the submit's Op committed; answering OK with the other Op's result acknowledges a
   * request that never happened.
   */
  protected answer(waiterId: string, applied: Op, value: unknown): SubmitResult {
    return waiterId === applied.id ? { err: "OK", value } : WRONG_LEADER;
  }

  /**
   * Whether a submit started in `term` may still wait, given its peer's state now: only while the
   * peer leads that term. A leader that lost its term may never see another Op at the index it
   * waits on (the new leader's log can be shorter), so a submit that waits for its index alone
   * can wait forever.
   */
  protected mayKeepWaiting(term: number, now: RaftState): boolean {
    return now.isLeader && now.term === term;
  }

  /**
   * Whether a snapshot message covering up to `index` is installed: only when it is ahead of what
   * the state machine has applied. Installing an older one moves the service backwards, undoing
   * operations it already answered.
   */
  protected snapshotIsAhead(index: number): boolean {
    return index > this.lastApplied;
  }

  /**
   * Whether the rsm snapshots now, its Raft state saved at `raftStateSize` bytes: once that reaches
   * maxRaftState, and never when maxRaftState is -1. An rsm that never snapshots lets the log grow
   * without bound; one that ignores -1 snapshots (and trims) on every applied Op when told not to.
   */
  protected snapshotDue(raftStateSize: number): boolean {
    return this.maxRaftState >= 0 && raftStateSize >= this.maxRaftState;
  }

  /** One message from the apply channel: an Op to apply in order, or a snapshot to restore. */
  private apply(msg: ApplyMsg): void {
    if (this.closed) return;
    if ("snapshotValid" in msg) {
      if (this.snapshotIsAhead(msg.snapshotIndex)) this.restore(msg.snapshot);
      return;
    }
    if (msg.commandIndex <= this.lastApplied) return; // a snapshot already covers it
    const op = msg.command as Op;
    const value = this.sm.doOp(op.req);
    this.lastApplied = msg.commandIndex;
    const waiter = this.waiters.get(msg.commandIndex);
    if (waiter) {
      this.waiters.delete(msg.commandIndex);
      waiter.resolve(this.answer(waiter.id, op, value));
    }
    this.snapshotIfLarge();
  }

  /** Installs a snapshot; submits waiting on an index it covers cannot know their result. */
  private restore(snapshot: Uint8Array | string): void {
    const { index, state } = decodeRsmSnapshot(snapshot);
    this.sm.restore(state);
    this.lastApplied = index;
    this.snapshotIndex = index;
    this.giveUp((waiterIndex) => waiterIndex <= index);
  }

  /** Once the saved Raft state reaches maxRaftState, the peer may trim its log up to what is applied. */
  private snapshotIfLarge(): void {
    if (this.lastApplied <= this.snapshotIndex || !this.snapshotDue(this.persister.raftStateSize())) return;
    this.snapshotIndex = this.lastApplied;
    this.peer.snapshot(this.lastApplied, encodeRsmSnapshot(this.lastApplied, this.sm.snapshot()));
  }

  /** While submits wait, checks that the peer still leads the term each was started in. */
  private async watchLeadership(): Promise<void> {
    if (this.watching) return;
    this.watching = true;
    while (this.waiters.size > 0 && !this.closed) {
      await this.env.sleep(LEADERSHIP_CHECK_MS);
      const state = this.peer.getState();
      this.giveUp((_, waiter) => !this.mayKeepWaiting(waiter.term, state));
    }
    this.watching = false;
  }

  private giveUp(lost: (index: number, waiter: Waiter) => boolean): void {
    for (const [index, waiter] of this.waiters) {
      if (!lost(index, waiter)) continue;
      this.waiters.delete(index);
      waiter.resolve(WRONG_LEADER);
    }
  }
}
