import type { Operation } from "../history.js";
import type { ReadEvidence } from "../model.js";

/** What the evidence reads of an operation of the versioned store (its model's input, output and state). */
interface KvInputLike {
  op: string;
  value?: string;
  version?: number;
}
interface KvOutputLike {
  value?: string;
  err: string;
}
interface KvStateLike {
  value: string;
  version: number;
}

const NO_READS: readonly number[] = [];

/**
 * What the gets of one key of the versioned store show: a get returns the value of the put that
 * installed the current version (or "" before any). Versions only grow, and a put installs its
 * value only where the version is the one it names; so a get can still return its value from a
 * state only if that is the state's value, or a put of that value still to be placed names a
 * version not below the state's and may have applied (it returned OK or ErrMaybe, or never
 * returned). The get's version is not asked (the model does not check it).
 *
 * @example
 * const ops = [put("a", 0, "OK"), put("b", 1, "OK"), get("a")]; // as Operations
 * const evidence = new KvEvidence(ops);
 * evidence.shownBy(0);                             // [2]: the get shows the put of "a"
 * evidence.track(0, true);
 * evidence.reachable(2, { value: "b", version: 2 }); // false: nothing left puts "a" back
 */
export class KvEvidence implements ReadEvidence<KvStateLike> {
  private readonly placed: Uint8Array;
  /** Per value, the puts of it that may have applied (operation numbers). */
  private readonly putsOf = new Map<string, number[]>();
  private readonly shown: (number[] | undefined)[];

  constructor(private readonly ops: readonly Operation<KvInputLike, KvOutputLike>[]) {
    this.placed = new Uint8Array(ops.length);
    ops.forEach((op, i) => {
      if (op.input.op !== "put" || (op.output !== undefined && op.output.err !== "OK" && op.output.err !== "ErrMaybe")) return;
      const value = op.input.value ?? "";
      const puts = this.putsOf.get(value);
      if (puts) puts.push(i);
      else this.putsOf.set(value, [i]);
    });
    const readsOf = new Map<string, number[]>();
    const gets = ops.flatMap((op, i) => (op.input.op === "get" && op.output !== undefined ? [{ call: op.call, i }] : []));
    gets.sort((a, b) => a.call - b.call || a.i - b.i);
    for (const { i } of gets) {
      const value = ops[i]!.output!.value ?? "";
      const reads = readsOf.get(value);
      if (reads) reads.push(i);
      else readsOf.set(value, [i]);
    }
    this.shown = ops.map((op) => (op.input.op === "put" ? readsOf.get(op.input.value ?? "") : undefined));
  }

  track(i: number, placed: boolean): void {
    this.placed[i] = placed ? 1 : 0;
  }

  shownBy(i: number): readonly number[] {
    return this.shown[i] ?? NO_READS;
  }

  reachable(r: number, state: KvStateLike): boolean {
    const read = this.ops[r]!;
    // A put the model calls read-only (ErrVersion) shows no value: nothing is known against it.
    if (read.input.op !== "get") return true;
    const value = read.output!.value ?? "";
    if (state.value === value) return true;
    for (const p of this.putsOf.get(value) ?? NO_READS) if (this.placed[p] === 0 && this.ops[p]!.input.version! >= state.version) return true;
    return false;
  }
}
