/**
 * The level engine: LevelDB (classic-level) as the established engine beside kvs. Each key's
 * LevelDB value is `<version>:<value>`; the version's digits never hold a colon, so the first one
 * ends it.
 *
 * Writes read the current version and then write, so they run one at a time on a promise chain
 * (reads do not wait). Sync policies: `always` and `batch` write with `sync: true`, an fsync of
 * LevelDB's log per write; LevelDB would merge concurrent synced writers into one fsync, but writes
 * here never overlap (the chain makes each conditional put atomic), so `batch` costs what `always`
 * costs. `none` writes with `sync: false`: into the OS, like kvs's `none`.
 */
import { ClassicLevel } from "classic-level";
import { putOutcome, type EngineOptions, type KvEngine, type PutOutcome, type Versioned } from "./engine.js";

export class LevelStore implements KvEngine {
  readonly name = "level" as const;
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: ClassicLevel<string, string>,
    private readonly sync: boolean,
  ) {}

  /** Opens (or creates) the LevelDB database in `options.dir`. */
  static async open(options: EngineOptions): Promise<LevelStore> {
    const db = new ClassicLevel<string, string>(options.dir, { keyEncoding: "utf8", valueEncoding: "utf8" });
    await db.open();
    return new LevelStore(db, options.sync !== "none");
  }

  async get(key: string): Promise<Versioned | undefined> {
    const stored = await this.db.get(key);
    if (stored === undefined) return undefined;
    const colon = stored.indexOf(":");
    return { value: stored.slice(colon + 1), version: Number(stored.slice(0, colon)) };
  }

  set(key: string, value: string): Promise<number> {
    return this.serial(async () => {
      const version = ((await this.get(key))?.version ?? 0) + 1;
      await this.db.put(key, `${version}:${value}`, { sync: this.sync });
      return version;
    });
  }

  put(key: string, value: string, version: number): Promise<PutOutcome> {
    return this.serial(async () => {
      const current = (await this.get(key))?.version ?? 0;
      const outcome = putOutcome(current, version);
      if (outcome === "OK") await this.db.put(key, `${current + 1}:${value}`, { sync: this.sync });
      return outcome;
    });
  }

  remove(key: string, version?: number): Promise<boolean> {
    return this.serial(async () => {
      const current = (await this.get(key))?.version;
      if (current === undefined || (version !== undefined && version !== current)) return false;
      await this.db.del(key, { sync: this.sync });
      return true;
    });
  }

  async close(): Promise<void> {
    await this.tail;
    await this.db.close();
  }

  /** Runs `write` after every write called before it. */
  private serial<T>(write: () => Promise<T>): Promise<T> {
    const run = this.tail.then(write);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
