import type { Operation } from "../history.js";

/**
 * The calls and returns of the operations that need a place, in time order: calls before returns
 * at equal times (intervals are closed), then by operation number. Gives each entry's operation
 * and whether it is a return, in typed arrays.
 *
 * Each entry is one small integer (2 × operation, + 1 for a return) with its time in a typed array,
 * so sorting allocates no object per entry; the sort is adaptive, and a history's entries come
 * almost in order. For a partition of 100,000 operations the objects were most of its set-up.
 *
 * @example
 * const { entryOp, isReturn } = timeOrder([{ client: 0, call: 5, return: 9, input: null }], () => true);
 * // entryOp [0, 0], isReturn [0, 1]
 */
export function timeOrder<I, O>(ops: readonly Operation<I, O>[], needsPlace: (i: number) => boolean): { entryOp: Int32Array; isReturn: Uint8Array } {
  const time = new Float64Array(2 * ops.length);
  const codes: number[] = [];
  ops.forEach((op, i) => {
    if (!needsPlace(i)) return;
    time[2 * i] = op.call;
    codes.push(2 * i);
    if (op.return === undefined) return;
    time[2 * i + 1] = op.return;
    codes.push(2 * i + 1);
  });
  codes.sort((a, b) => time[a]! - time[b]! || (a & 1) - (b & 1) || a - b);
  const entryOp = new Int32Array(codes.length);
  const isReturn = new Uint8Array(codes.length);
  codes.forEach((code, e) => {
    entryOp[e] = code >> 1;
    isReturn[e] = code & 1;
  });
  return { entryOp, isReturn };
}
