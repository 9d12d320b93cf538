/**
 * What a server holds for its peers, bounded, so that no client (nor many) can run it out of
 * memory or file descriptors. The defaults suit a server on a machine of its own; the CLIs take
 * each as a flag.
 */
export interface ServerLimits {
  /** Connections open at once; one more is closed as soon as it is accepted, and logged. */
  maxConnections: number;
  /** Bytes of unfinished frames held across all connections; a connection that would pass it is closed. */
  maxUnfinishedBytes: number;
  /** How long a frame may take from its first byte to its last before its connection is closed. */
  frameTimeoutMs: number;
  /**
   * How long a connection's unsent replies may go without draining (its client reads none of
   * them) before the connection is closed: each may otherwise hold MAX_UNSENT_BYTES plus one
   * reply for ever.
   */
  writeTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<ServerLimits> = {
  maxConnections: 1_000,
  maxUnfinishedBytes: 256 << 20,
  frameTimeoutMs: 30_000,
  writeTimeoutMs: 60_000,
};

/** The longest a timer can wait: Node clamps a longer delay to 1 ms. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The bytes of unfinished frames held across a server's connections, against one bound: frames
 * up to 16 MiB each on a thousand connections would otherwise hold 16 GB.
 */
export class UnfinishedFrames {
  private held = 0;

  constructor(readonly limit: number) {}

  /** Bytes held now, by all connections together. */
  get total(): number {
    return this.held;
  }

  /**
   * Moves what one connection holds from `before` to `after` bytes; false, changing nothing, when
   * growing would pass the bound (shrinking always succeeds).
   */
  resize(before: number, after: number): boolean {
    const next = this.held - before + after;
    if (after > before && next > this.limit) return false;
    this.held = next;
    return true;
  }
}
