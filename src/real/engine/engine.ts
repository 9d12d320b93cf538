/**
 * A persistent key/value engine: what kvs-server stores through. Every key holds a value and a
 * version; the version starts at 1 when a key is created and goes up by one with every write, so
 * the lab's versioned put (`put` below) and a plain `set` live on one store.
 *
 * Writes to one engine are applied one at a time in the order they are called (an engine
 * serialises them itself), so a conditional `put` is atomic. A write's promise resolves only once
 * the write is as durable as the engine's sync policy says: an acknowledged write is never lost to
 * a crash of the process (`"none"`), nor to a crash of the machine (`"always"`, `"batch"`).
 *
 * @example
 * const engine = await openEngine("kvs", { dir: "./data", sync: "batch" });
 * await engine.set("k", "v");                      // version 1
 * await engine.put("k", "w", 1);                   // "OK": version 2
 * await engine.get("k");                           // { value: "w", version: 2 }
 * await engine.remove("k");                        // true
 * await engine.close();
 */
export interface KvEngine {
  /** The engine's name as `--engine` spells it. */
  readonly name: EngineName;
  /** The key's value and version, or undefined when it does not exist. */
  get(key: string): Promise<Versioned | undefined>;
  /** Writes unconditionally (kvs-client's `set`); resolves to the key's new version. */
  set(key: string, value: string): Promise<number>;
  /**
   * The lab's versioned put: creates a missing key when `version` is 0 (it gets version 1),
   * replaces the value when `version` matches (and bumps it), else changes nothing.
   */
  put(key: string, value: string, version: number): Promise<PutOutcome>;
  /**
   * Deletes the key; with `version`, only while the key is at that version (so a client can delete
   * exactly what it read). Resolves to false when nothing was deleted: the key did not exist
   * (kvs-client's "Key not found") or was at another version.
   */
  remove(key: string, version?: number): Promise<boolean>;
  /** Flushes what the sync policy still holds and releases files and locks. */
  close(): Promise<void>;
}

/**
 * An engine that applies a get or a set at once, synchronously, leaving only the wait for
 * durability: kvs-server then answers all the requests of one socket read with a single wait
 * instead of a promise each. `getNow` and `setNow` mean what `get` and `set` resolve to; a set is
 * applied (later reads see it) before it is durable, and is acknowledged only after `durable()`.
 * Such an engine must apply its other calls' writes within the call too (only their durability
 * may come later), so that calls made now and calls answered later stay in call order.
 */
export interface ImmediateEngine extends KvEngine {
  getNow(key: string): Versioned | undefined;
  /** Applies the set and returns the key's new version; throws when the engine is closed. */
  setNow(key: string, value: string): number;
  /** Resolves once every write applied so far is as durable as the sync policy says. */
  durable(): Promise<void>;
}

export function isImmediate(engine: KvEngine): engine is ImmediateEngine {
  return "setNow" in engine;
}

export type EngineName = "kvs" | "level";

export interface Versioned {
  value: string;
  version: number;
}

export type PutOutcome = "OK" | "ErrVersion" | "ErrNoKey";

/**
 * When a write reaches the disk: `always` fsyncs before acknowledging each write; `batch`
 * acknowledges writes together after one fsync that covers them all (group commit); `none`
 * acknowledges after the write(2) to the OS, which survives the process but not the machine.
 */
export type SyncPolicy = "always" | "batch" | "none";

export interface EngineOptions {
  /** The engine's own directory (created if missing). */
  dir: string;
  sync: SyncPolicy;
  /** Where the engine reports what it does on its own (default: nowhere). */
  log?: EngineLog;
}

/**
 * What an engine did on its own that no call's result shows: a torn tail cut on open, a
 * background compaction that failed. A pino logger is one (kvs-server passes its own).
 */
export interface EngineLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * The versioned put's rule, for every engine: against the key's current version (0 when it does
 * not exist), whether a put naming `version` applies ("OK") or why not.
 *
 * @example
 * putOutcome(0, 0); // "OK": creates the key
 * putOutcome(0, 3); // "ErrNoKey"
 * putOutcome(2, 1); // "ErrVersion"
 */
export function putOutcome(current: number, version: number): PutOutcome {
  if (current === 0 && version !== 0) return "ErrNoKey";
  return current === version ? "OK" : "ErrVersion";
}
