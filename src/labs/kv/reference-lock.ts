import type { Clerk, LabEnv, Lock } from "./contract.js";

/**
 * How long a waiting client sleeps between looks at a held lock, on average. The actual pause is
 * drawn from [0.5, 1.5) × this: with a fixed pause, waiters fall into step with the holder's
 * rhythm and the same ones lose every race for the lock.
 */
const POLL_MS = 10;
const FREE = "";

/**
 * The reference lock: the key `name` holds the holder's id, or "" when free. Acquire and release
 * are conditional puts on the version just read. An ErrMaybe put is settled by reading the key
 * again: the lock is ours exactly when it holds our id.
 */
export class ReferenceLock implements Lock {
  private readonly id: string;

  constructor(
    private readonly clerk: Clerk,
    private readonly name: string,
    private readonly env: LabEnv,
  ) {
    this.id = randomId(env, 8);
  }

  async acquire(): Promise<void> {
    for (;;) {
      const { value, version, err } = await this.clerk.get(this.name);
      if (err === "OK" && value === this.id) return; // an earlier ErrMaybe put did take the lock
      if (err === "ErrNoKey" || value === FREE) {
        const result = await this.clerk.put(this.name, this.id, err === "ErrNoKey" ? 0 : version);
        if (result === "OK") return;
        if (result === "ErrMaybe") continue; // read again to learn whether it applied
      }
      await this.env.sleep(POLL_MS * (0.5 + this.env.random()));
    }
  }

  async release(): Promise<void> {
    for (;;) {
      const { value, version } = await this.clerk.get(this.name);
      if (value !== this.id) return; // free (perhaps by our own ErrMaybe put), or never ours
      const result = await this.clerk.put(this.name, FREE, version);
      if (result === "OK") return;
    }
  }
}

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** n random letters from the env's seeded stream (like the lab's RandValue). */
export function randomId(env: LabEnv, length: number): string {
  let id = "";
  for (let i = 0; i < length; i++) id += LETTERS[Math.floor(env.random() * LETTERS.length)];
  return id;
}
