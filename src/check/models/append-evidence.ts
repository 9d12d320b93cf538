import type { Operation } from "../history.js";
import type { ReadEvidence } from "../model.js";
import { ValuePieces, WriteValues } from "./value-pieces.js";

/** What the evidence reads of an operation of the append store (its model's input, output and state). */
interface AppendInput {
  op: string;
  value?: string;
}
interface AppendOutput {
  value?: string;
}
interface AppendState {
  value: string;
}

const NONE = -1;
const NO_READS: readonly number[] = [];

/**
 * What the reads of one key of the append store show: a get's value is the value of the last put
 * before it (or "" at the start) followed by the values of the appends after that put, in order.
 * So a get can still return its value from a state only if the value begins with that state, or
 * with the value of a put still to be placed, and the rest is made of the values of appends still
 * to be placed. Only whether some append of a value is left is asked, not how many, nor which of
 * them may come before the get in real time (an append of "" changes nothing and is not counted):
 * the answer is "can" whenever in doubt.
 *
 * Built when a partition proves hard: each get's value is cut into write values once
 * ({@link ValuePieces}), so the cost is about that of reading the history again, and each question
 * after that is a walk over one get's pieces.
 *
 * @example
 * const ops = [put("a"), append("b"), get("ab")]; // as Operations
 * const evidence = new AppendEvidence(ops);
 * evidence.shownBy(1);                        // [2]: the get shows the append of "b"
 * evidence.reachable(2, { value: "a", hash }); // true
 */
export class AppendEvidence implements ReadEvidence<AppendState> {
  /** Each operation's value number among the appends' (or the puts') values, NONE for others. */
  private readonly appendOf: Int32Array;
  private readonly putOf: Int32Array;
  /** Per value number, how many appends (puts) of it are not placed. */
  private readonly appendsLeft: Int32Array;
  private readonly putsLeft: Int32Array;
  private readonly appendValues = new WriteValues();
  private readonly putValues = new WriteValues();
  /** Each get's pieces (undefined for other operations and for gets that never returned). */
  private readonly pieces: (ValuePieces | undefined)[];
  private readonly shown: (number[] | undefined)[];
  /** Which positions of a get's value the values left can reach (reused, grown on demand). */
  private reached = new Uint8Array(64);

  constructor(private readonly ops: readonly Operation<AppendInput, AppendOutput>[]) {
    const n = ops.length;
    this.appendOf = new Int32Array(n).fill(NONE);
    this.putOf = new Int32Array(n).fill(NONE);
    ops.forEach((op, i) => {
      const value = op.input.value ?? "";
      if (op.input.op === "append" && value !== "") this.appendOf[i] = this.appendValues.add(value);
      else if (op.input.op === "put") this.putOf[i] = this.putValues.add(value);
    });
    this.appendValues.done();
    this.putValues.done();
    this.appendsLeft = new Int32Array(this.appendValues.size);
    this.putsLeft = new Int32Array(this.putValues.size);
    ops.forEach((_, i) => this.track(i, false));
    this.pieces = ops.map((op) => (op.input.op === "get" && op.output !== undefined ? new ValuePieces(op.output.value ?? "", this.putValues, this.appendValues) : undefined));
    this.shown = this.readsShowing();
  }

  track(i: number, placed: boolean): void {
    const step = placed ? -1 : 1;
    if (this.appendOf[i] !== NONE) this.appendsLeft[this.appendOf[i]!]! += step;
    else if (this.putOf[i] !== NONE) this.putsLeft[this.putOf[i]!]! += step;
  }

  shownBy(i: number): readonly number[] {
    return this.shown[i] ?? NO_READS;
  }

  reachable(r: number, state: AppendState): boolean {
    const pieces = this.pieces[r];
    if (pieces === undefined) return true; // not a get: it shows nothing

    const { value, cut, anchors, from, to, append } = pieces;
    const end = value.length;
    const fromState = value.startsWith(state.value) ? state.value.length : NONE;
    if (fromState === end) return true;
    // A state is a put's value and appends' values, so it ends at a cut of any value it begins;
    // one that does not (a state from elsewhere) is not judged: in doubt, it can.
    if (fromState !== NONE && cut[fromState] === 0) return true;
    if (this.reached.length <= end) this.reached = new Uint8Array(2 * (end + 1));
    const reached = this.reached;
    reached.fill(0, 0, end + 1);
    let started = false;
    if (fromState !== NONE) {
      reached[fromState] = 1;
      started = true;
    }
    for (let k = 0; k < anchors.length; k += 2) {
      if (this.putsLeft[anchors[k + 1]!]! === 0) continue;
      if (anchors[k] === end) return true;
      reached[anchors[k]!] = 1;
      started = true;
    }
    if (!started) return false;
    for (let e = 0; e < from.length; e++) if (reached[from[e]!] === 1 && this.appendsLeft[append[e]!]! > 0) reached[to[e]!] = 1;
    return reached[end] === 1;
  }

  /**
   * For each append, the gets some cutting of whose value holds its value; for each put, those
   * whose value may begin with its value: the reads a placement of it can make impossible. Gets in
   * call order.
   */
  private readsShowing(): (number[] | undefined)[] {
    const byAppend: (number[] | undefined)[] = [];
    const byPut: (number[] | undefined)[] = [];
    const gets = this.ops.flatMap((op, i) => (this.pieces[i] === undefined ? [] : [{ call: op.call, i }]));
    gets.sort((a, b) => a.call - b.call || a.i - b.i);
    for (const { i } of gets) {
      const { anchors, append } = this.pieces[i]!;
      for (const a of new Set(append)) (byAppend[a] ??= []).push(i);
      for (let k = 0; k < anchors.length; k += 2) (byPut[anchors[k + 1]!] ??= []).push(i);
    }
    return this.ops.map((_, i) => (this.appendOf[i] !== NONE ? byAppend[this.appendOf[i]!] : this.putOf[i] !== NONE ? byPut[this.putOf[i]!] : undefined));
  }
}
