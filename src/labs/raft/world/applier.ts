import type { ApplyChannel, ApplyMsg, Bytes, RaftPeer } from "../contract.js";
import { goValue, sameCommand } from "./format.js";
import type { RaftRecorder } from "./recorder.js";
import { decodeSnapshot, encodeSnapshot, isEmpty } from "./snapshot-codec.js";

/** The course's SnapShotInterval: the tester snapshots after applying each index i with (i+1) % 10 == 0. */
export const SNAPSHOT_INTERVAL = 10;

/** What an applier needs of its world: the other peers' appliers, a way to fail the run, the record. */
export interface ApplierHost {
  /** Every peer's current applier (a crashed peer's stays until it restarts, as the course's srvs do). */
  appliers(): readonly (Applier | undefined)[];
  /** Ends the run at once with the tester's message. */
  fail(message: string): void;
  readonly recorder: RaftRecorder;
}

/** A promise that never settles: what a cut-off incarnation waits on. */
const NEVER = new Promise<never>(() => {});

/**
 * The tester's service above one incarnation of a Raft peer (the course's rfsrv): the apply
 * channel it gives the peer, the commands it saw committed (`logs`), and, in snapshot tests, the
 * snapshots it takes every SNAPSHOT_INTERVAL commands and the ones it ingests. A wrong apply (out of
 * order, a gap, a value other peers committed differently) fails the run at once with the course's
 * "apply error: ..." text. Once its incarnation crashes, `send` never answers again.
 */
export class Applier implements ApplyChannel {
  /** Committed commands by index, as this incarnation applied them (index 0 is the empty prefix). */
  logs = new Map<number, unknown>();
  lastApplied = 0;
  /** The peer, once make() returned; undefined again after a crash. */
  raft: RaftPeer | undefined;
  alive = true;
  private readonly made: Promise<void>;
  private markMade!: () => void;

  constructor(
    readonly me: number,
    readonly snapshots: boolean,
    private readonly host: ApplierHost,
  ) {
    this.made = new Promise((resolve) => (this.markMade = resolve));
  }

  /** The peer make() returned; messages it sent while being made are taken now, as the course's applier starts after Make. */
  attach(raft: RaftPeer): void {
    this.raft = raft;
    this.markMade();
  }

  /** Ingests the snapshot a restarted peer's persister holds (the course does this before starting the applier). */
  ingestPersisted(snapshot: Bytes): void {
    if (isEmpty(snapshot)) return;
    const error = this.ingest(snapshot, undefined);
    if (error) this.host.fail(error);
  }

  send(msg: ApplyMsg): Promise<void> {
    if (!this.alive) return NEVER;
    if (!this.raft) return this.made.then(() => this.send(msg));
    const error = this.take(msg);
    if (error === undefined) return Promise.resolve();
    this.host.fail(error);
    return NEVER;
  }

  /** Applies one message; the run's failure text when it is wrong. */
  private take(msg: ApplyMsg): string | undefined {
    const m = msg as Partial<ApplyMsg> & Record<string, unknown>;
    if (typeof m !== "object" || m === null) return undefined;
    if (this.snapshots && m.snapshotValid === true) {
      const snapshot = m as { snapshot?: Bytes; snapshotIndex?: unknown };
      // A missing or non-integer index reads as Go's zero value, which no tester snapshot has.
      const error = this.ingest(snapshot.snapshot, Number.isInteger(snapshot.snapshotIndex) ? (snapshot.snapshotIndex as number) : 0);
      return error === undefined || error.startsWith("server") ? applyError(error) : error;
    }
    if (m.commandValid !== true) return undefined; // other messages are ignored, as in the course
    const index = m.commandIndex as number;
    const command = m.command;
    let error: string | undefined;
    if (this.snapshots && index !== this.lastApplied + 1) {
      error = `server ${this.me} apply out of order, expected index ${this.lastApplied + 1}, got ${index}`;
    }
    if (error === undefined) {
      const { mismatch, prevok } = this.checkLogs(index, command);
      error = mismatch;
      if (index > 1 && !prevok) error = `server ${this.me} apply out of order ${index}`;
    }
    this.lastApplied = index;
    this.host.recorder.add("apply", this.me, { index, command });
    if (error === undefined && this.snapshots && (index + 1) % SNAPSHOT_INTERVAL === 0) this.takeSnapshot(index);
    return applyError(error);
  }

  /** The course's checkLogs: the value against every peer's, whether index-1 was applied here, and records it. */
  private checkLogs(index: number, command: unknown): { mismatch?: string; prevok: boolean } {
    let mismatch: string | undefined;
    for (const [j, other] of this.host.appliers().entries()) {
      if (other?.logs.has(index) && !sameCommand(other.logs.get(index), command)) {
        mismatch = `commit index=${index} server=${this.me} ${goValue(command)} != server=${j} ${goValue(other.logs.get(index))}`;
      }
    }
    const prevok = this.logs.has(index - 1);
    this.logs.set(index, command);
    return { mismatch, prevok };
  }

  /** Hands the peer a snapshot of everything up to `index`, from inside the apply, as the course's applier does. */
  private takeSnapshot(index: number): void {
    const commands: unknown[] = [];
    for (let j = 0; j <= index; j++) commands.push(j === 0 ? null : (this.logs.get(j) ?? null));
    this.host.recorder.add("snapshot", this.me, { index });
    try {
      this.raft!.snapshot(index, encodeSnapshot(index, commands));
    } catch (error) {
      this.host.fail(`raft-${this.me}.snapshot(${index}) threw: ${error instanceof Error ? error.message : goValue(error)}`);
    }
  }

  /** Replaces the logs by a snapshot's (index -1: any index); an error text when it is not one. */
  /** Installs `snapshot`; `index` is the message's SnapshotIndex, undefined for the persisted one read at a restart. */
  private ingest(snapshot: Bytes | undefined, index: number | undefined): string | undefined {
    if (snapshot === undefined || snapshot === null) return "nil snapshot";
    const decoded = decodeSnapshot(snapshot);
    if (typeof decoded === "string") return "snapshot decode error";
    if (index !== undefined && index !== decoded.index) return `server ${this.me} snapshot doesn't match m.SnapshotIndex`;
    this.logs = new Map(decoded.commands.map((command, j) => [j, command]));
    this.lastApplied = decoded.index;
    return undefined;
  }
}

function applyError(error: string | undefined): string | undefined {
  return error === undefined ? undefined : `apply error: ${error}`;
}
