/** One log entry: the term its leader was in when it took the command, and the command. */
export interface Entry {
  term: number;
  command: unknown;
}

/**
 * A Raft log that may start after a snapshot (the paper's §7): it holds the entries after
 * `snapshotIndex`, and remembers the term of the last entry the snapshot covers, so the consistency
 * check of AppendEntries still works at the snapshot's edge. Indices are the log's own (1-based);
 * index 0, or the snapshot's last index, is the empty prefix everyone agrees on.
 *
 * @example
 * const log = new RaftLog();
 * log.append([{ term: 1, command: "x" }, { term: 1, command: "y" }]);
 * log.compact(1);       // the snapshot now covers index 1
 * log.termAt(1);        // 1 (the snapshot's term)
 * log.from(2);          // [{ term: 1, command: "y" }]
 */
export class RaftLog {
  private rewrites = 0;

  constructor(
    private base = 0,
    private baseTerm = 0,
    private entries: Entry[] = [],
  ) {}

  /** The last index the snapshot covers (0 without a snapshot). */
  get snapshotIndex(): number {
    return this.base;
  }

  /** The term of the entry at snapshotIndex (0 without a snapshot). */
  get snapshotTerm(): number {
    return this.baseTerm;
  }

  /** Changes whenever entries are dropped or the log's start moves: appends alone keep it (see StateEncoder). */
  get generation(): number {
    return this.rewrites;
  }

  get lastIndex(): number {
    return this.base + this.entries.length;
  }

  get lastTerm(): number {
    return this.entries.at(-1)?.term ?? this.baseTerm;
  }

  /** The term at `index`, or undefined when the log does not know it (past its end, or inside the snapshot). */
  termAt(index: number): number | undefined {
    if (index === this.base) return this.baseTerm;
    if (index < this.base || index > this.lastIndex) return undefined;
    return this.entries[index - this.base - 1]!.term;
  }

  /** The entry at `index`, which must be after the snapshot and in the log. */
  entry(index: number): Entry {
    const entry = this.entries[index - this.base - 1];
    if (index <= this.base || !entry) throw new RangeError(`log index ${index} is not held (held: ${this.base + 1}..${this.lastIndex})`);
    return entry;
  }

  /** The entries from `index` on (a new array), at most `limit` of them, for an AppendEntries. */
  from(index: number, limit = Infinity): Entry[] {
    const start = Math.max(index - this.base - 1, 0);
    return this.entries.slice(start, start + limit);
  }

  append(entries: readonly Entry[]): void {
    this.entries.push(...entries);
  }

  /** Drops the entry at `index` and every later one. */
  truncateFrom(index: number): void {
    this.entries.length = Math.max(index - this.base - 1, 0);
    this.rewrites++;
  }

  /** The first index of the run of `term` that holds `index`, not below the snapshot's edge (fast backup's XIndex). */
  firstIndexOfTerm(index: number): number {
    const term = this.termAt(index);
    let first = index;
    while (first - 1 > this.base && this.termAt(first - 1) === term) first--;
    return first;
  }

  /** The last index whose entry has `term`, or undefined if none does (the leader's side of fast backup). */
  lastIndexOfTerm(term: number): number | undefined {
    for (let index = this.lastIndex; index > this.base; index--) {
      const here = this.termAt(index)!;
      if (here === term) return index;
      if (here < term) return undefined;
    }
    return undefined;
  }

  /** The snapshot now covers everything up to `index` (which the log holds): drop those entries. */
  compact(index: number): void {
    const term = this.termAt(index);
    if (term === undefined || index <= this.base) return;
    this.entries = this.entries.slice(index - this.base);
    this.base = index;
    this.baseTerm = term;
    this.rewrites++;
  }

  /**
   * Installs a leader's snapshot ending at (`index`, `term`): entries after it are kept if the log
   * holds that same entry (they may be newer than the snapshot), otherwise the whole log goes.
   */
  installSnapshot(index: number, term: number): void {
    this.entries = this.termAt(index) === term ? this.entries.slice(index - this.base) : [];
    this.base = index;
    this.baseTerm = term;
    this.rewrites++;
  }

  /** Every entry held, with its index (for inspection). */
  indexed(): { index: number; term: number; command: unknown }[] {
    return this.entries.map((entry, i) => ({ index: this.base + 1 + i, term: entry.term, command: entry.command }));
  }

  /** The entries held, as they are (for the state codec). */
  held(): readonly Entry[] {
    return this.entries;
  }
}
