import { putOutcome, type EngineName, type ImmediateEngine, type KvEngine, type PutOutcome, type Versioned } from "../../../src/real/engine/engine.js";

/**
 * A Map-backed engine for the server's own tests: the protocol and the server are tested apart
 * from storage, and a test can make the engine fail or stall.
 */
export class MemoryEngine implements KvEngine {
  readonly name: EngineName = "kvs";
  readonly data = new Map<string, Versioned>();
  closed = false;
  /** When set, every call waits for it first (to hold requests in flight). */
  gate: Promise<void> | undefined;
  /** When set, every call fails with it (a disk error, say). */
  failure: Error | undefined;

  async get(key: string): Promise<Versioned | undefined> {
    await this.gate;
    if (this.failure) throw this.failure;
    return this.data.get(key);
  }

  async set(key: string, value: string): Promise<number> {
    await this.gate;
    if (this.failure) throw this.failure;
    const version = (this.data.get(key)?.version ?? 0) + 1;
    this.data.set(key, { value, version });
    return version;
  }

  async put(key: string, value: string, version: number): Promise<PutOutcome> {
    await this.gate;
    if (this.failure) throw this.failure;
    const outcome = putOutcome(this.data.get(key)?.version ?? 0, version);
    if (outcome === "OK") this.data.set(key, { value, version: version + 1 });
    return outcome;
  }

  async remove(key: string, version?: number): Promise<boolean> {
    await this.gate;
    if (this.failure) throw this.failure;
    const current = this.data.get(key)?.version;
    return current !== undefined && (version === undefined || version === current) && this.data.delete(key);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/**
 * The same engine answering gets and sets at once, as kvs does, so the server's immediate path is
 * tested with every server test. Like kvs, every write applies within its call; what waits for the
 * gate is durability (`durable()`, and the replies of the other writes).
 */
export class ImmediateMemoryEngine extends MemoryEngine implements ImmediateEngine {
  /** When set, writes apply but never become durable (an fsync failed, say). */
  durabilityFailure: Error | undefined;

  getNow(key: string): Versioned | undefined {
    if (this.failure) throw this.failure;
    return this.data.get(key);
  }

  setNow(key: string, value: string): number {
    if (this.failure) throw this.failure;
    const version = (this.data.get(key)?.version ?? 0) + 1;
    this.data.set(key, { value, version });
    return version;
  }

  async durable(): Promise<void> {
    await this.gate;
    if (this.durabilityFailure) throw this.durabilityFailure;
  }

  override async get(key: string): Promise<Versioned | undefined> {
    return this.getNow(key);
  }

  override async set(key: string, value: string): Promise<number> {
    const version = this.setNow(key, value);
    await this.durable();
    return version;
  }

  override async put(key: string, value: string, version: number): Promise<PutOutcome> {
    if (this.failure) throw this.failure;
    const outcome = putOutcome(this.data.get(key)?.version ?? 0, version);
    if (outcome === "OK") this.data.set(key, { value, version: version + 1 });
    await this.durable();
    return outcome;
  }

  override async remove(key: string, version?: number): Promise<boolean> {
    if (this.failure) throw this.failure;
    const current = this.data.get(key)?.version;
    const removed = current !== undefined && (version === undefined || version === current) && this.data.delete(key);
    await this.durable();
    return removed;
  }
}
