import type { Operation } from "../history.js";
import type { ReadEvidence } from "../model.js";

/** A value a register holds: anything compared with `===`. */
type Value = unknown;

/** What a register model says of its operations, for its evidence. */
export interface RegisterOps<S, I, O> {
  /** What a read shows: the value it returned, or undefined for an operation that shows none (a failed read, a refused compare-and-set). */
  shown(input: I, output: O): { value: Value } | undefined;
  /** What a write may set: the value, or undefined for an operation that can set none (a read, a refused compare-and-set). */
  sets(input: I, output: O | undefined): { value: Value } | undefined;
  /** Whether a write not yet placed can still set its value from `state` on (default: always), e.g. not a versioned put whose version is past. */
  canStillSet?(input: I, state: S): boolean;
  /** The value a state shows a read (default: the state itself). */
  valueIn?(state: S): Value;
}

const NO_READS: readonly number[] = [];

/**
 * What the reads of a register show: the value the last write before them set (or the initial
 * value). So a read can still return its value from a state only if that is the state's value, or a
 * write of that value is still to be placed and can still set it (one that may take effect: a
 * compare-and-set that was refused sets nothing; a versioned put whose version is past never
 * applies). Which writes may come before the read in real time is not asked: in doubt, it can.
 *
 * @example
 * const evidence = new WriteEvidence(ops, registerOps); // ops: write 1, write 2, read -> 1
 * evidence.track(0, true);
 * evidence.reachable(2, 2); // false: nothing left writes 1
 */
export class WriteEvidence<S, I, O> implements ReadEvidence<S> {
  private readonly placed: Uint8Array;
  /** Per value, the operations that may set it. */
  private readonly writersOf = new Map<Value, number[]>();
  private readonly shown: (number[] | undefined)[];

  constructor(
    private readonly ops: readonly Operation<I, O>[],
    private readonly register: RegisterOps<S, I, O>,
  ) {
    this.placed = new Uint8Array(ops.length);
    const readsOf = new Map<Value, number[]>();
    const reads = ops.flatMap((op, i) => (op.output !== undefined && register.shown(op.input, op.output) !== undefined ? [{ call: op.call, i }] : []));
    reads.sort((a, b) => a.call - b.call || a.i - b.i);
    for (const { i } of reads) push(readsOf, register.shown(ops[i]!.input, ops[i]!.output!)!.value, i);
    this.shown = ops.map((op, i) => {
      const set = register.sets(op.input, op.output);
      if (set === undefined) return undefined;
      push(this.writersOf, set.value, i);
      return readsOf.get(set.value);
    });
  }

  track(i: number, placed: boolean): void {
    this.placed[i] = placed ? 1 : 0;
  }

  shownBy(i: number): readonly number[] {
    return this.shown[i] ?? NO_READS;
  }

  reachable(r: number, state: S): boolean {
    const read = this.ops[r]!;
    const shown = read.output === undefined ? undefined : this.register.shown(read.input, read.output);
    if (shown === undefined || (this.register.valueIn ? this.register.valueIn(state) : state) === shown.value) return true;
    const canStillSet = this.register.canStillSet;
    for (const w of this.writersOf.get(shown.value) ?? NO_READS) {
      if (this.placed[w] === 0 && (canStillSet === undefined || canStillSet(this.ops[w]!.input, state))) return true;
    }
    return false;
  }
}

function push<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}
