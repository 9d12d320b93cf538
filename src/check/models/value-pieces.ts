/**
 * The values of an append store's writes, numbered, with the lengths they come in, so that a read's
 * value can be cut into them with one lookup per length at each cut.
 */
export class WriteValues {
  private readonly numbers = new Map<string, number>();
  /** The distinct lengths of the values, shortest first (filled by {@link done}). */
  lengths: number[] = [];

  /** The number of `value`, given the next number if it is new. */
  add(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) this.numbers.set(value, (n = this.numbers.size));
    return n;
  }

  /** Called once every value is added. */
  done(): void {
    this.lengths = [...new Set([...this.numbers.keys()].map((value) => value.length))].sort((a, b) => a - b);
  }

  /** The number of the value `text` holds from `start` for `length` characters, or undefined. */
  at(text: string, start: number, length: number): number | undefined {
    return start + length <= text.length ? this.numbers.get(text.slice(start, start + length)) : undefined;
  }

  get size(): number {
    return this.numbers.size;
  }
}

/**
 * Every way a read's value can be cut into a put's value (or nothing) followed by appends' values:
 * the puts it may begin with, and each append value that may follow a cut, as edges between
 * positions in increasing order of where they start. Worked out once per read, so asking whether
 * the value can still be made is a walk over the edges, with no string cut.
 *
 * @example
 * const pieces = new ValuePieces("pab", puts, appends); // puts {"p"}, appends {"a", "b"}
 * pieces.anchors; // [1, number of "p"]: a put of "p" then cut at 1
 * pieces.cut;     // positions 0, 1, 2 and 3 are cuts
 */
export class ValuePieces {
  /** Pairs (length, put number): the value may begin with that put's value. */
  readonly anchors: number[] = [];
  /** Edge e: from position from[e] to to[e], the value of append number append[e]. */
  readonly from: number[] = [];
  readonly to: number[] = [];
  readonly append: number[] = [];
  /** cut[p] is 1 when some cutting from the start, or from a put's value, reaches position p. */
  readonly cut: Uint8Array;

  constructor(readonly value: string, puts: WriteValues, appends: WriteValues) {
    const end = value.length;
    const cut = (this.cut = new Uint8Array(end + 1));
    cut[0] = 1;
    for (const length of puts.lengths) {
      const put = puts.at(value, 0, length);
      if (put === undefined) continue;
      this.anchors.push(length, put);
      cut[length] = 1;
    }
    for (let at = 0; at < end; at++) {
      if (cut[at] === 0) continue;
      for (const length of appends.lengths) {
        const append = appends.at(value, at, length);
        if (append === undefined) continue;
        this.from.push(at);
        this.to.push(at + length);
        this.append.push(append);
        cut[at + length] = 1;
      }
    }
  }
}
