import { putOutcome, type EngineName, type ImmediateEngine, type KvEngine, type PutOutcome, type Versioned } from "../../../src/real/engine/engine.js";

/**
 * A Map-backed engine for the server's own tests: the protocol and the server are tested apart
 * from storage, and a test can make the engine fail or stall. Like kvs, every call applies what it
 * changes within the call; what a test can hold (the gate) or fail is the wait that follows, as a
 * write to the disk would be.
 */
export class MemoryEngine implements KvEngine {
  readonly name: EngineName = "kvs";
  readonly data = new Map<string, Versioned>();
  closed = false;
  /** When set, every call's promise waits for it (to hold requests in flight). */
  gate: Promise<void> | undefined;
  /** When set, every call fails with it, changing nothing (a disk error, say). */
  failure: Error | undefined;
  /** When set, writes apply but their wait fails with it (an fsync that failed, say). */
  durabilityFailure: Error | undefined;

  async get(key: string): Promise<Versioned | undefined> {
    const found = this.read(key);
    await this.held();
    return found;
  }

  async set(key: string, value: string): Promise<number> {
    const version = this.write(key, value);
    await this.held();
    return version;
  }

  async put(key: string, value: string, version: number): Promise<PutOutcome> {
    const outcome = putOutcome(this.read(key)?.version ?? 0, version);
    if (outcome === "OK") this.data.set(key, { value, version: version + 1 });
    await this.held();
    return outcome;
  }

  async remove(key: string, version?: number): Promise<boolean> {
    const current = this.read(key)?.version;
    const removed = current !== undefined && (version === undefined || version === current) && this.data.delete(key);
    await this.held();
    return removed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  protected read(key: string): Versioned | undefined {
    if (this.failure) throw this.failure;
    return this.data.get(key);
  }

  protected write(key: string, value: string): number {
    if (this.failure) throw this.failure;
    const version = (this.data.get(key)?.version ?? 0) + 1;
    this.data.set(key, { value, version });
    return version;
  }

  protected async held(): Promise<void> {
    await this.gate;
    if (this.durabilityFailure) throw this.durabilityFailure;
  }
}

/**
 * The same engine answering gets and sets at once, as kvs does, so the server's immediate way is
 * tested with every server test.
 */
export class ImmediateMemoryEngine extends MemoryEngine implements ImmediateEngine {
  getNow(key: string): Versioned | undefined {
    return this.read(key);
  }

  setNow(key: string, value: string): number {
    return this.write(key, value);
  }

  durable(): Promise<void> {
    return this.held();
  }
}
