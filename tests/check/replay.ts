import type { Model, Operation, PartitionResult } from "../../src/check/index.js";

/**
 * Replays `order` (history indices) through `model` from its initial state, checking real-time
 * order on the way; returns the final state, or throws saying what is wrong. Independent of the
 * checker, so tests can verify the linearizations and prefixes it reports.
 */
export function replay<S, I, O>(history: readonly Operation<I, O>[], model: Model<S, I, O>, order: readonly number[]): S {
  let state = model.init();
  order.forEach((i, k) => {
    const op = history[i]!;
    for (const j of order.slice(k + 1)) {
      const later = history[j]!;
      if (later.return !== undefined && later.return < op.call) throw new Error(`op ${j} returned before op ${i} was called but comes after it`);
    }
    const next = model.step(state, op.input, op.output);
    if (next === undefined) throw new Error(`the model rejects op ${i} at position ${k}`);
    state = next;
  });
  return state;
}

/** Throws unless `partition.linearization` is a linearization of the partition's operations. */
export function verifyLinearization<S, I, O>(history: readonly Operation<I, O>[], model: Model<S, I, O>, partition: PartitionResult<S>): void {
  const order = partition.linearization;
  if (!order) throw new Error(`partition ${partition.name} has no linearization`);
  const mine = new Set(partition.operations);
  if (new Set(order).size !== order.length) throw new Error("an operation appears twice");
  for (const i of order) if (!mine.has(i)) throw new Error(`op ${i} is not in partition ${partition.name}`);
  for (const i of partition.operations) {
    if (history[i]!.return !== undefined && !order.includes(i)) throw new Error(`completed op ${i} is missing`);
  }
  replay(history, model, order);
}
