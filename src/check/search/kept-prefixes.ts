/**
 * The longest prefixes of a search's stack of placed operations, kept without copying the stack
 * each time the search leaves one. A kept prefix shares the bottom of the stack until the search
 * pops below it; each pop saves the one element it takes off, before a later placement can
 * overwrite it. A search that meets ever deeper dead ends, as most long linearizable histories
 * do, used to copy its whole stack at each: 21 million elements for 100,000 operations.
 *
 * Invariant, for each kept prefix: its elements [0, shared) are the stack's, [shared, length) are
 * in its buffer; `shared` never exceeds the stack's depth, since pushes write at the depth only.
 *
 * @example
 * const stack = new Int32Array(8);
 * const kept = new KeptPrefixes<string>(stack);
 * stack.set([4, 2, 7]);
 * kept.keep(3, "after 4 2 7");
 * kept.popped(2); // the search undid its third placement
 * stack[2] = 5;   // and placed another
 * kept.prefixes()[0]!.order; // Int32Array [4, 2, 7]
 */
export class KeptPrefixes<S> {
  private count = 0;
  private readonly buffers: Int32Array[] = [];
  private readonly lengths: number[] = [];
  private readonly shared: number[] = [];
  private readonly states: S[] = [];

  constructor(private readonly stack: Int32Array) {}

  /** How many prefixes are kept. */
  get size(): number {
    return this.count;
  }

  /** Forgets every kept prefix (their buffers are reused). */
  clear(): void {
    this.count = 0;
  }

  /** Keeps the stack's bottom `depth` elements, with the state after them. */
  keep(depth: number, state: S): void {
    const k = this.count++;
    this.buffers[k] ??= new Int32Array(this.stack.length);
    this.lengths[k] = depth;
    this.shared[k] = depth;
    this.states[k] = state;
  }

  /** The stack was popped to `depth`: its element there may be overwritten from now on. */
  popped(depth: number): void {
    for (let k = 0; k < this.count; k++) {
      if (this.shared[k]! > depth) {
        this.buffers[k]![depth] = this.stack[depth]!;
        this.shared[k] = depth;
      }
    }
  }

  /** The kept prefixes, in the order they were kept, each as its own array. */
  prefixes(): { order: Int32Array; state: S }[] {
    return this.states.slice(0, this.count).map((state, k) => {
      const order = new Int32Array(this.lengths[k]!);
      order.set(this.stack.subarray(0, this.shared[k]!));
      order.set(this.buffers[k]!.subarray(this.shared[k]!, this.lengths[k]!), this.shared[k]!);
      return { order, state };
    });
  }
}
