/**
 * `--shard I/N`: which part of a sweep one process runs. A module of the command-line part, so that
 * `kvlab test` checks the flag as it parses its command line, before it loads a lab or the simulator.
 */
/** Shard `index` (1-based) of `count`, as `--shard I/N` gives it. */
export interface Shard {
  index: number;
  count: number;
}

/** `--shard`'s value as a Shard, or a one-line usage error. */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !(count >= 1 && index >= 1 && index <= count && Number.isSafeInteger(count))) {
    return `--shard must be I/N with 1 ≤ I ≤ N (e.g. 2/4) or auto, got ${text}`;
  }
  return { index, count };
}
