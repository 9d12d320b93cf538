import seedrandom from "seedrandom";
import type { SimOp } from "./simulate.js";

/** A token no put or append ever writes (theirs are `x <process> <n> y`), so a read holding it is impossible. */
export const CORRUPTION = "x bad y";

/**
 * The same operations with one completed get, drawn by `seed` from the middle third of the history,
 * reading a value no state of its key ever held: the history is then illegal whatever the order of
 * its concurrent operations, and a checker has to get halfway through to see it.
 */
export function corrupt(ops: readonly SimOp[], seed: string): SimOp[] {
  const third = Math.floor(ops.length / 3);
  const gets = ops.flatMap((op, i) => (op.f === "get" && op.outcome === "ok" && i >= third && i < ops.length - third ? [i] : []));
  if (gets.length === 0) throw new Error("corrupt: no completed get in the middle third of the history");
  const victim = gets[Math.floor(seedrandom(seed)() * gets.length)]!;
  return ops.map((op, i) => (i === victim ? { ...op, read: `${op.read!}${CORRUPTION}` } : op));
}
