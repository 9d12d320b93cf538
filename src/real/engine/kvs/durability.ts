/**
 * The sync policy: when an appended write counts as durable and may be acknowledged.
 *
 * | policy   | a write is acknowledged after                          | survives          |
 * |----------|--------------------------------------------------------|-------------------|
 * | `always` | its own fsync of the segment                           | machine crash     |
 * | `batch`  | one fsync shared with every write appended before it   | machine crash     |
 * |          | started (group commit)                                 |                   |
 * | `none`   | the write(2) into the OS page cache                    | process crash     |
 *
 * Group commit: the first write of a batch schedules an fsync for the end of the current turn of
 * the event loop's microtasks, so every write issued together (one `Promise.all`, one socket read's
 * requests) rides on it; writes that arrive while it runs wait for the next one, which starts as
 * soon as it ends and covers them all.
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
  ) {}

  /** Notes that `fd` (a segment, or the store's directory after a file was added) has unsynced changes. */
  touch(fd: number): void {
    if (this.policy !== "none") this.dirty.add(fd);
  }

  /** Resolves once every write made so far is as durable as the policy promises. */
  commit(): Promise<void> {
    if (this.policy === "none") return DONE;
    if (this.policy === "always") return this.flush();
    if (this.waiting === undefined) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      this.waiting = { promise, resolve, reject };
      if (!this.syncing) queueMicrotask(() => void this.round());
    }
    return this.waiting.promise;
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

  private async round(): Promise<void> {
    const batch = this.waiting!;
    this.waiting = undefined;
    this.syncing = true;
    try {
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
