/**
 * The kvs engine: a log-structured store of append-only segments, an in-memory index, background
 * compaction and hint files. Files and formats are in docs/engines.md.
 *
 * Every write is encoded, appended to the active segment's tail and indexed synchronously, within
 * the call that makes it, so writes apply one at a time in call order and a conditional `put` is
 * atomic without a lock. Writing the tail out (one write(2) for the writes of a turn of the
 * microtasks) and the wait for durability (the sync policy) are asynchronous: a write is
 * acknowledged only after both. Reads verify each record's checksum and key, so a damaged record is an error,
 * never a wrong answer.
 */
import { closeSync, mkdirSync, openSync, rmSync } from "node:fs";
import { join } from "node:path";
import { putOutcome, type EngineLog, type EngineOptions, type ImmediateEngine, type PutOutcome, type Versioned } from "../engine.js";
import { encodeCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { type Copied, copyLive } from "./compaction.js";
import { Durability } from "./durability.js";
import { type FileOps, withDefaults } from "./file-ops.js";
import { type HintEntry, writeHint } from "./hint.js";
import { KeyIndex } from "./key-index.js";
import { CorruptionError, HEADER_BYTES, Kind, decodeHeader, encodeRecord, recordFault, recordValue } from "./record.js";
import { lockDir } from "./lock.js";
import { type Recovered, recover } from "./recovery.js";
import { Segment, hintFile, segmentFile } from "./segment.js";
import { UnwrittenWrites } from "./unwritten.js";
import { ValueCache } from "./value-cache.js";
import { errorMessage } from "../../errors/index.js";

export interface KvsOptions extends EngineOptions {
  /** The active segment is sealed once it holds this many bytes (default 32 MiB). */
  segmentBytes?: number;
  /** Compaction starts once stale bytes reach this and outweigh live bytes (default 1 MiB). */
  compactionBytes?: number;
  /** Bytes of values kept in memory for gets without a pread (default 64 MiB; 0 turns the cache off). */
  cacheBytes?: number;
  /** The calls that write, create and sync files (a test seam: see file-ops.ts). */
  fileOps?: FileOps;
}

export class KvsStore implements ImmediateEngine {
  readonly name = "kvs" as const;
  /** Why the last background compaction failed, while it has not succeeded since (the store stays as it was). */
  compactionError: unknown;
  /** After a failed compaction, the store's size in bytes at which the next one may start (see compactInBackground). */
  private compactionRetryBytes = 0;
  private readonly log: EngineLog | undefined;
  private readonly index = new KeyIndex();
  private readonly dir: string;
  private readonly dirFd: number;
  private readonly ops: Required<FileOps>;
  private readonly durability: Durability;
  private readonly segmentBytes: number;
  private readonly compactionBytes: number;
  private readonly cache: ValueCache;
  /** Sealed segments, oldest first. */
  private sealed: Segment[];
  private active: Segment;
  /** The newest entry per key of the active segment: its hint file, once sealed. */
  private activeHint = new Map<string, HintEntry>();
  private nextGen: number;
  private compaction: Promise<void> | undefined;
  /** Hint files and checkpoints being written. */
  private readonly background = new Set<Promise<void>>();
  /** The checkpoint writes, one after another: each replaces the file the one before wrote. */
  private checkpoints: Promise<void> = Promise.resolve();
  private closed = false;
  /** The writes indexed but not yet in the file: taken back when writing them fails. */
  private readonly unwritten = new UnwrittenWrites();
  /** How many times writing out failed and writes were taken back (a compaction under way then gives up). */
  private undone = 0;
  private readonly unlock: () => void;

  /** Opens (or creates) the store in `options.dir`, recovering its index. */
  static async open(options: KvsOptions): Promise<KvsStore> {
    mkdirSync(options.dir, { recursive: true });
    return new KvsStore(options);
  }

  private constructor(options: KvsOptions) {
    this.dir = options.dir;
    this.ops = withDefaults(options.fileOps ?? {});
    this.durability = new Durability(options.sync, this.ops, () => this.writeOutAndTidy());
    this.segmentBytes = options.segmentBytes ?? 32 << 20;
    this.compactionBytes = options.compactionBytes ?? 1 << 20;
    this.cache = new ValueCache(options.cacheBytes ?? 64 << 20);
    this.log = options.log;
    this.unlock = lockDir(this.dir);
    let recovered: Recovered;
    try {
      recovered = recover(this.dir, this.index, options.log);
    } catch (error) {
      this.unlock();
      throw error;
    }
    this.sealed = recovered.segments;
    this.nextGen = recovered.nextGen;
    let dirFd: number | undefined;
    try {
      this.dirFd = dirFd = openSync(this.dir, "r");
      // Appends always go to a fresh segment, so every older one stays exactly as its hint describes.
      this.active = this.newSegment();
    } catch (error) {
      // No room for a new segment (a full disk): the store does not open, and lets its files and lock go.
      for (const segment of this.sealed) segment.close();
      if (dirFd !== undefined) closeSync(dirFd);
      this.unlock();
      throw error;
    }
    for (const { segment, entries } of recovered.hintless) this.writeHintOf(segment, entries);
  }

  async get(key: string): Promise<Versioned | undefined> {
    return this.getNow(key);
  }

  getNow(key: string): Versioned | undefined {
    this.assertOpen();
    const entry = this.index.find(key);
    if (entry < 0) return undefined;
    const stamp = this.index.stampOf(entry);
    let value = this.cache.get(entry, stamp);
    if (value === undefined) {
      value = readValue(this.index.segmentOf(entry), this.index.offsetOf(entry), this.index.lengthOf(entry), this.index.keyOf(entry));
      this.cache.keep(entry, stamp, value);
    }
    return { value, version: this.index.versionOf(entry) };
  }

  async set(key: string, value: string): Promise<number> {
    const version = this.setNow(key, value);
    await this.durability.commit();
    return version;
  }

  setNow(key: string, value: string): number {
    const entry = this.entryOf(key);
    const version = this.versionAt(entry) + 1;
    this.append(Kind.Value, key, value, version, entry);
    return version;
  }

  durable(): Promise<void> {
    return this.durability.commitAtTurnEnd();
  }

  async put(key: string, value: string, version: number): Promise<PutOutcome> {
    const entry = this.entryOf(key);
    const current = this.versionAt(entry);
    const outcome = putOutcome(current, version);
    if (outcome === "OK") {
      this.append(Kind.Value, key, value, current + 1, entry);
      await this.durability.commit();
    }
    return outcome;
  }

  async remove(key: string, version?: number): Promise<boolean> {
    const entry = this.entryOf(key);
    const current = this.versionAt(entry);
    if (current === 0 || (version !== undefined && version !== current)) return false;
    this.append(Kind.Tombstone, key, "", 0, entry);
    await this.durability.commit();
    return true;
  }

  /** Resolves once the hint files and checkpoints being written in the background are on disk (in the OS). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.background);
  }

  /** Compacts every sealed segment now (or joins the compaction under way); resolves when done. */
  compact(): Promise<void> {
    this.assertOpen();
    this.compaction ??= this.runCompaction().finally(() => (this.compaction = undefined));
    return this.compaction;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.compaction?.catch(() => undefined); // its error is in compactionError already
    try {
      this.writeOut(); // the hint and checkpoint describe the files, so the files come first
    } catch {
      // those writes are refused and taken back: the index describes the files again
    }
    if (this.active.size > 0) this.writeHintOf(this.active, [...this.activeHint.values()]);
    await this.settled();
    await this.durability.flush();
    await this.durability.settled();
    this.checkpoint(this.active.size > 0 ? [...this.sealed, this.active] : this.sealed);
    await this.checkpoints;
    for (const segment of [...this.sealed, this.active]) segment.close();
    if (this.active.size === 0) rmSync(this.active.path);
    closeSync(this.dirFd);
    this.unlock();
  }

  /**
   * Appends one record for `key`, whose index entry is `was` (-1: none), and indexes it; it is
   * written and made durable by the next `durability.commit()`'s round.
   */
  private append(kind: Kind, key: string, value: string, version: number, was: number): void {
    this.assertOpen();
    const record = encodeRecord(kind, key, value, version);
    const segment = this.active;
    const offset = segment.append(record);
    this.durability.touch(segment.fd);
    const keyLength = record.readUInt32LE(5);
    this.unwritten.note(this.index, key, was, record.length, this.activeHint.get(key));
    if (kind === Kind.Value) {
      const entry = this.index.put(record, HEADER_BYTES, keyLength, segment, offset, record.length, version);
      this.cache.keep(entry, this.index.stampOf(entry), value);
    } else {
      this.index.remove(record, HEADER_BYTES, keyLength, segment, record.length);
    }
    this.activeHint.set(key, { kind, key, offset, length: record.length, version });
  }

  /** The key's index entry, -1 when it does not exist. */
  private entryOf(key: string): number {
    this.assertOpen();
    return this.index.find(key);
  }

  /** The version of the key at `entry`, 0 for none. */
  private versionAt(entry: number): number {
    return entry < 0 ? 0 : this.index.versionOf(entry);
  }

  private compactionDue(): boolean {
    let stale = 0;
    let total = 0;
    for (const segment of this.sealed) (stale += segment.stale), (total += segment.size);
    stale += this.active.stale;
    total += this.active.size;
    return stale >= this.compactionBytes && 2 * stale >= total && total >= this.compactionRetryBytes;
  }

  /**
   * Starts a compaction that no caller waits for. One that fails (a damaged live record, a full
   * disk) leaves the store as it was, and would fail the same way again: it is logged once, with
   * its reason, and the next try waits until the store has doubled in size, so writes do not each
   * start one (each seals a segment). A success ends the episode: a later failure is logged again.
   */
  private compactInBackground(): void {
    this.compact().then(
      () => {
        this.compactionError = undefined;
        this.compactionRetryBytes = 0;
      },
      (error: unknown) => {
        const first = this.compactionError === undefined;
        this.compactionError = error;
        this.compactionRetryBytes = 2 * [...this.sealed, this.active].reduce((bytes, segment) => bytes + segment.size, 0);
        if (!first) return;
        const repair = error instanceof CorruptionError ? `; stop the server and run kvs-repair --dir ${this.dir} to drop the damaged record` : "";
        this.log?.error(
          { err: errorMessage(error), dir: this.dir, retryAtBytes: this.compactionRetryBytes },
          `kvs: compaction failed (${errorMessage(error)}); the store serves on without it and tries again once it holds ${this.compactionRetryBytes} bytes${repair}`,
        );
      },
    );
  }

  private async runCompaction(): Promise<void> {
    const gen = this.nextGen++; // between the inputs and the active segment that roll() opens next
    this.roll();
    const inputs = new Set(this.sealed);
    const undone = this.undone;
    const { copied } = await copyLive(this.dir, inputs, gen, this.index, this.ops);
    const output = await this.publishOutput(gen, undone);
    for (const { entry, from, fromOffset, length, offset } of copied) {
      if (!this.index.move(entry, from, fromOffset, output, offset)) output.stale += length;
    }
    if (this.unwritten.count > 0) this.unwritten.moved(copiesOf(copied), output); // a write taken back later restores the copy
    this.sealed = [output, ...this.sealed.filter((segment) => !inputs.has(segment))];
    // Nothing points at the inputs any more; wait for their last fsyncs and hint files, then delete.
    await this.durability.settled();
    await this.settled();
    for (const input of inputs) {
      this.index.forget(input);
      input.close();
      rmSync(join(this.dir, hintFile(input.gen)), { force: true });
      rmSync(input.path);
      await this.ops.fsync(this.dirFd);
    }
  }

  /**
   * Opens compaction output `gen` (renamed into place by copyLive) once its name is durable. On any
   * failure here the output and its hint are removed before the error goes on: the output is not
   * among the sealed segments, and it holds no tombstones, so left on disk it would bring keys
   * deleted after this back to life on the next open. `undone` is the count of take-backs when the
   * copy began: writes taken back since may point keys at input records the copy did not hold.
   */
  private async publishOutput(gen: number, undone: number): Promise<Segment> {
    try {
      await this.ops.fsync(this.dirFd); // the output's name is durable before any input goes
      if (this.undone !== undone) throw new Error("writes were refused while it copied (a full disk?); it starts over later");
      return Segment.open(this.dir, gen);
    } catch (error) {
      for (const file of [segmentFile(gen), hintFile(gen)]) rmSync(join(this.dir, file), { force: true });
      await this.ops.fsync(this.dirFd).catch(() => undefined); // the removal durable too, where the disk allows
      throw error;
    }
  }

  /**
   * Writes the active segment's tail with one write(2). When that fails (a full disk), the writes
   * it carried are refused: taken back from the index, so reads see only what the files hold, and
   * their commits rejected (those waiting for a round; a round's own batch is rejected by the
   * round). The store goes on: the next write tries the disk again.
   */
  private writeOut(): void {
    const writes = this.unwritten.count;
    try {
      this.active.flush(this.ops.write);
      this.unwritten.written();
    } catch (error) {
      this.unwritten.undo(this.index, this.active, this.activeHint);
      this.undone++;
      const refused = new Error(`kvs: writing to ${this.active.path} failed (${errorMessage(error)}): ${writes} write(s) refused, not applied; reads go on, and writes resume once the disk takes them`, { cause: error });
      this.durability.abandon(refused);
      throw refused;
    }
  }

  /**
   * A round's write-out, then what waits for the tail to be in the file: sealing a full segment,
   * starting a due compaction. Never from within a write, so a write never takes back others that
   * were applied before it in the same turn (their callers are yet to ask for durability).
   */
  private writeOutAndTidy(): void {
    this.writeOut();
    if (this.active.size >= this.segmentBytes) {
      try {
        this.roll();
      } catch {
        // no room for a new segment: this one grows on, and the next round tries again
      }
    }
    if (this.compaction === undefined && this.compactionDue()) this.compactInBackground();
  }

  /**
   * Seals the active segment and starts a new one; writes the sealed segment's hint and, as the
   * index now describes exactly the sealed segments, a checkpoint, in the background: after a
   * crash, only what was written since is replayed.
   */
  private roll(): void {
    this.writeOut(); // a sealed segment is only read, from its file
    const next = this.newSegment(); // first: when the disk refuses it, nothing has changed
    const sealed = this.active;
    this.sealed.push(sealed);
    this.writeHintOf(sealed, [...this.activeHint.values()]);
    this.checkpoint(this.sealed);
    this.active = next;
    this.activeHint = new Map();
  }

  /** Saves the index as what replaying `segments` gives (taken now, written after the checkpoints before). */
  private checkpoint(segments: readonly Segment[]): void {
    const bytes = encodeCheckpoint(segments, this.index);
    this.checkpoints = this.checkpoints.then(() => saveCheckpoint(this.dir, bytes, this.ops)).catch(() => undefined); // without it, reopen reads the hints
    this.track(this.checkpoints);
  }

  private newSegment(): Segment {
    const segment = Segment.create(this.dir, this.nextGen++, this.ops.create);
    this.durability.touch(this.dirFd); // the new file's name must be as durable as what goes in it
    return segment;
  }

  private writeHintOf(segment: Segment, entries: HintEntry[]): void {
    const omitted = entries.reduce((bytes, entry) => bytes - entry.length, segment.size);
    this.track(writeHint(this.dir, segment.gen, entries, omitted, this.ops).catch(() => undefined)); // without it, reopen scans
  }

  private track(task: Promise<void>): void {
    this.background.add(task);
    void task.then(() => this.background.delete(task));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`kvs: the store in ${this.dir} is closed`);
  }
}

/** Compaction's copies by input segment and offset. */
function copiesOf(copied: readonly Copied[]): Map<Segment, Map<number, number>> {
  const copies = new Map<Segment, Map<number, number>>();
  for (const { from, fromOffset, offset } of copied) {
    let offsets = copies.get(from);
    if (offsets === undefined) copies.set(from, (offsets = new Map()));
    offsets.set(fromOffset, offset);
  }
  return copies;
}

/** The value of the record at `offset` in `segment`, checked to be intact and to belong to `key` (its bytes). */
function readValue(segment: Segment, offset: number, length: number, key: Buffer): string {
  const bytes = segment.peek(offset, length);
  const fault = recordFault(bytes);
  if (fault !== undefined) throw new CorruptionError(segment.path, offset, fault);
  const header = decodeHeader(bytes, 0)!;
  if (!key.equals(bytes.subarray(header.headerBytes, header.headerBytes + header.keyLength))) throw new CorruptionError(segment.path, offset, "holds another key");
  return recordValue(bytes, header);
}
