/**
 * The value cache: the values of recently written or read records, so that a hot key's get costs
 * no pread. Bounded by a byte budget, evicting in insertion order.
 *
 * A value is filed under its index entry and the entry's stamp, which changes with every write to
 * the key: a cached value can never outlive the record it came from. A value whose record a write
 * has replaced stays in the queue, counted against the budget, until its turn to be evicted; that
 * keeps the bound exact without searching the queue.
 */

/** Larger values are not cached: decoding them costs more than the pread that fetches them. */
const MAX_CACHED_LENGTH = 4096;
/** What an entry costs beside its characters: the string's header, the queue slots. */
const ENTRY_OVERHEAD = 48;

export class ValueCache {
  private readonly values: Array<string | undefined> = [];
  private readonly stamps: number[] = [];
  /** (entry, stamp, cost) triples, oldest first from `head`. */
  private queue: number[] = [];
  private head = 0;
  private bytes = 0;

  constructor(private readonly budget: number) {}

  /** The value cached for `entry` at `stamp`, if any. */
  get(entry: number, stamp: number): string | undefined {
    return this.stamps[entry] === stamp ? this.values[entry] : undefined;
  }

  keep(entry: number, stamp: number, value: string): void {
    const cost = 2 * value.length + ENTRY_OVERHEAD;
    if (value.length > MAX_CACHED_LENGTH || cost > this.budget) return;
    this.values[entry] = value;
    this.stamps[entry] = stamp;
    this.queue.push(entry, stamp, cost);
    this.bytes += cost;
    while (this.bytes > this.budget) {
      const oldest = this.queue[this.head]!;
      if (this.stamps[oldest] === this.queue[this.head + 1]) this.values[oldest] = undefined;
      this.bytes -= this.queue[this.head + 2]!;
      this.head += 3;
    }
    if (this.head > 3072 && 2 * this.head > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
