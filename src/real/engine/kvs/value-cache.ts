/**
 * The value cache: the values of recently written or read records, kept on their index entries so
 * that a hot key's get costs no pread. Bounded by a byte budget, evicting in insertion order.
 *
 * A value lives on the Location it was read from; a write makes a new Location, so a cached value
 * can never outlive the record it came from. Locations that a write has replaced stay in the queue
 * until evicted and count against the budget until then, which keeps the bound simple and exact.
 */
import type { Location } from "./key-index.js";

/** Larger values are not cached: decoding them costs more than the pread that fetches them. */
const MAX_CACHED_LENGTH = 4096;
/** What an entry costs beside its characters: the string's header, the queue slot. */
const ENTRY_OVERHEAD = 48;

export class ValueCache {
  private queue: Location[] = [];
  private head = 0;
  private bytes = 0;

  constructor(private readonly budget: number) {}

  keep(location: Location, value: string): void {
    if (value.length > MAX_CACHED_LENGTH || this.budget === 0) return;
    location.value = value;
    this.queue.push(location);
    this.bytes += 2 * value.length + ENTRY_OVERHEAD;
    while (this.bytes > this.budget) {
      const oldest = this.queue[this.head++]!;
      this.bytes -= 2 * (oldest.value?.length ?? 0) + ENTRY_OVERHEAD;
      oldest.value = undefined;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
