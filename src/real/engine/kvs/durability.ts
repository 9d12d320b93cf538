/**
 * The sync policy: when an appended write counts as durable and may be acknowledged.
 *
 * | policy   | a write is acknowledged after                          | survives          |
 * |----------|--------------------------------------------------------|-------------------|
 * | `always` | its own write(2) and fsync of the segment              | machine crash     |
 * | `batch`  | one write(2) and one fsync shared with every write     | machine crash     |
 * |          | appended before they started (group commit)            |                   |
 * | `none`   | one write(2) into the OS page cache, shared with every | process crash     |
 * |          | write appended before it                               |                   |
 *
 * Appends wait in the segment's tail until a round writes them out (`writeOut`, one write(2)).
 * Group commit: the first write of a batch schedules a round, and every write issued before it runs
 * rides on it; writes that arrive while its fsync runs wait for the next one, which starts as soon
 * as it ends and covers them all. `commit` schedules the round for the end of the current turn of
 * the microtasks: one `Promise.all`, or one caller's write after another without the event loop
 * turning in between. `commitAtTurnEnd` schedules it for the end of the event loop's poll phase
 * (setImmediate), so it also carries the writes of every other connection that was read in that
 * turn: kvs-server's way, which took pipelined sets at 50 connections from about 310k to 355k
 * ops/s with `none` (one write(2) per turn instead of one per socket read).
 */
import type { SyncPolicy } from "../engine.js";
import type { FileOps } from "./file-ops.js";

const DONE = Promise.resolve();

export class Durability {
  /** Files written (or directories changed) since their last fsync. */
  private readonly dirty = new Set<number>();
  private waiting: { promise: Promise<void>; resolve(): void; reject(error: unknown): void } | undefined;
  private syncing = false;
  /** Fsyncs under way: a file must not be closed beneath one. */
  private readonly running = new Set<Promise<void>>();

  constructor(
    readonly policy: SyncPolicy,
    private readonly ops: FileOps,
    /** Writes the appended records out (synchronously); throws when the write fails. */
    private readonly writeOut: () => void,
  ) {}

  /** Notes that `fd` (a segment, or the store's directory after a file was added) has unsynced changes. */
  touch(fd: number): void {
    if (this.policy !== "none") this.dirty.add(fd);
  }

  /** Resolves once every write made so far is as durable as the policy promises. */
  commit(): Promise<void> {
    return this.awaitRound(queueMicrotask);
  }

  /** Like `commit`, with the round at the end of the event loop's turn (see above). */
  commitAtTurnEnd(): Promise<void> {
    return this.awaitRound(setImmediate);
  }

  private awaitRound(schedule: (round: () => void) => unknown): Promise<void> {
    if (this.policy === "always") {
      try {
        this.writeOut();
      } catch (error) {
        return Promise.reject(error);
      }
      return this.flush();
    }
    if (this.waiting === undefined) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      this.waiting = { promise, resolve, reject };
      if (!this.syncing) schedule(this.startRound);
    }
    return this.waiting.promise;
  }

  /**
   * Refuses the writes waiting for the next round: the store wrote them out itself, outside a
   * round, and that failed (their records are undone, so no round may acknowledge them).
   */
  abandon(error: unknown): void {
    const batch = this.waiting;
    this.waiting = undefined;
    batch?.reject(error);
  }

  /** Fsyncs everything dirty now (each `always` write, and on close). */
  flush(): Promise<void> {
    const fds = [...this.dirty];
    this.dirty.clear();
    if (fds.length === 0) return DONE;
    const done = Promise.all(fds.map((fd) => this.ops.fsync(fd))).then(() => undefined);
    this.running.add(done);
    const forget = (): void => void this.running.delete(done);
    done.then(forget, forget);
    return done;
  }

  /** Resolves once everything written is synced and no fsync is running: then a file may be closed. */
  async settled(): Promise<void> {
    await Promise.allSettled([this.flush(), ...this.running]);
  }

  // A round scheduled for a batch that an earlier one already took, or while one runs, has nothing to do.
  private readonly startRound = (): void => {
    if (this.waiting === undefined || this.syncing) return;
    if (this.policy === "none") this.writeRound();
    else void this.round();
  };

  /** A round under `none`: nothing to wait for after the write, so no async step (it is per request without pipelining). */
  private writeRound(): void {
    const batch = this.waiting!;
    this.waiting = undefined;
    try {
      this.writeOut();
      batch.resolve();
    } catch (error) {
      batch.reject(error);
    }
  }

  private async round(): Promise<void> {
    const batch = this.waiting!;
    this.waiting = undefined;
    this.syncing = true;
    try {
      this.writeOut();
      await this.flush();
      batch.resolve();
    } catch (error) {
      batch.reject(error);
    } finally {
      this.syncing = false;
      if (this.waiting !== undefined) void this.round();
    }
  }
}
