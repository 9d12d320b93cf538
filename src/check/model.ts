import type { Operation } from "./history.js";

/**
 * A sequential specification: what one object (a register, one key of a store) may do when its
 * operations run one at a time. The checker asks whether a concurrent history could have been
 * produced by some one-at-a-time order of its operations that respects real time.
 *
 * `step` returns the state after the operation, or `undefined` when the operation could not have
 * returned `output` in `state`. `output` is `undefined` for an operation of unknown outcome (a
 * call with no return): the step then says what the operation does if it took effect.
 *
 * `equal` and `hash` let the search remember (linearized set, state) pairs it has explored:
 * states that are `equal` must have the same `hash`.
 *
 * @example
 * const counter: Model<number, { add: number }, { total: number }> = {
 *   init: () => 0,
 *   step: (n, input, output) =>
 *     output === undefined || output.total === n + input.add ? n + input.add : undefined,
 *   equal: (a, b) => a === b,
 *   hash: (n) => n | 0,
 * };
 */
export interface Model<S, I, O> {
  /** The state before any operation. */
  init(): S;
  /** The state after `input` returned `output` in `state`, or `undefined` if it could not. */
  step(state: S, input: I, output: O | undefined): S | undefined;
  /** Whether two states are the same. */
  equal(a: S, b: S): boolean;
  /** A 32-bit hash of a state; `equal` states must hash equally. */
  hash(state: S): number;
  /**
   * The name of the independent part of the state an operation touches (a key), when the model
   * is P-compositional: each partition is then checked on its own, which is exponentially cheaper.
   * Omit it when every operation touches the same object.
   */
  partition?(op: Operation<I, O>): string;
  /**
   * An optional hint that lets the search prune: true when this operation, whenever `step`
   * accepts it, leaves the state unchanged (a read, a failed compare-and-set). Such an operation
   * can be placed as soon as it fits, and one of unknown outcome need not be placed at all.
   * Saying true wrongly makes the checker unsound; saying false is always safe.
   */
  readOnly?(input: I, output: O | undefined): boolean;
  /**
   * An optional hint for models whose reads show which writes came before them (an append-only
   * string: a read of "ab" shows that the append of "a" and then the append of "b" came after a put
   * or the start). Built once per partition, over its operations, when the partition proves hard:
   * the search then asks it, after each placement, whether the reads still to be placed can return
   * what they returned from here, and leaves a state where one cannot at once, instead of trying
   * every order of the other operations first. Saying a read cannot wrongly makes the checker
   * unsound; saying it can is always safe.
   */
  evidence?(ops: readonly Operation<I, O>[]): ReadEvidence<S>;
  /** Text for an operation in explanations, e.g. `put('x', 'a', 0) -> OK`. */
  describeOperation?(input: I, output: O | undefined): string;
  /** Text for a state in explanations, e.g. `'a' (version 1)`. */
  describeState?(state: S): string;
}

/**
 * What a model's reads show about the writes before them, over one partition's operations
 * (numbered as in the array {@link Model.evidence} was given). It keeps count of the operations
 * placed so far; the search tells it of every placement and every undo.
 *
 * @example
 * const evidence = appendKvModel.evidence!(ops); // ops: put "a", append "b", get -> "ab"
 * evidence.reachable(2, { value: "a", hash: stateHash("a") }); // true: the append of "b" is left
 * evidence.track(1, true);                                        // the append is placed
 * evidence.reachable(2, { value: "x", hash: stateHash("x") }); // false: nothing left makes "ab"
 */
export interface ReadEvidence<S> {
  /** Operation `i` was placed (`placed` true), or its placement undone (false). */
  track(i: number, placed: boolean): void;
  /** The reads (operation numbers, in call order) whose outputs show operation `i`, e.g. the reads whose value holds an append's value. */
  shownBy(i: number): readonly number[];
  /**
   * False when read `r` (an operation the model calls read-only, that returned with an output: the
   * search asks about no other) can never return its output any more: no order of the operations not yet placed leads from `state` to a state
   * where it does. True for a read it knows nothing of (say a put refused with ErrVersion).
   */
  reachable(r: number, state: S): boolean;
}

/**
 * A specification whose operations may leave the object in one of several states (a put that
 * may or may not have been applied, a counter that may have lost an update). `step` returns every
 * possible next state; an empty array means the operation could not have returned `output`.
 * Turn it into a {@link Model} with {@link powerset}.
 *
 * @example
 * const lossy: NondeterministicModel<number, { write: number }, {}> = {
 *   init: () => [0],
 *   step: (n, input) => [n, input.write], // the write may have been lost
 *   equal: (a, b) => a === b,
 *   hash: (n) => n,
 * };
 */
export interface NondeterministicModel<S, I, O> extends Omit<Model<S, I, O>, "init" | "step"> {
  /** The states the object may start in. */
  init(): S[];
  /** Every state the object may be in after the operation; empty if it could not have returned `output`. */
  step(state: S, input: I, output: O | undefined): S[];
}

/**
 * The deterministic model whose state is the set of states a {@link NondeterministicModel} may be
 * in (the subset construction). Sets are kept sorted by hash with duplicates removed, so equal
 * sets compare and hash equally.
 *
 * @example
 * const model = powerset(lossy);
 * model.step([0], { write: 5 }, {}); // [0, 5] (in hash order)
 */
export function powerset<S, I, O>(m: NondeterministicModel<S, I, O>): Model<S[], I, O> {
  const normalise = (states: S[]): S[] => {
    const sorted = [...states].sort((a, b) => m.hash(a) - m.hash(b));
    return sorted.filter((s, i) => !sorted.slice(0, i).some((t) => m.equal(s, t)));
  };
  const model: Model<S[], I, O> = {
    init: () => normalise(m.init()),
    step: (states, input, output) => {
      const next = normalise(states.flatMap((s) => m.step(s, input, output)));
      return next.length === 0 ? undefined : next;
    },
    equal: (a, b) => a.length === b.length && a.every((s) => b.some((t) => m.equal(s, t))),
    hash: (states) => states.reduce((h, s) => (Math.imul(h, 31) + m.hash(s)) | 0, states.length),
    describeState: (states) => `{${states.map((s) => m.describeState?.(s) ?? JSON.stringify(s)).join(", ")}}`,
  };
  if (m.partition) model.partition = m.partition.bind(m);
  if (m.readOnly) model.readOnly = m.readOnly.bind(m);
  const evidence = m.evidence?.bind(m);
  if (evidence) {
    // A set of states can still show a read when any state in it can.
    model.evidence = (ops) => {
      const of = evidence(ops);
      return { track: (i, placed) => of.track(i, placed), shownBy: (i) => of.shownBy(i), reachable: (r, states) => states.some((s) => of.reachable(r, s)) };
    };
  }
  if (m.describeOperation) model.describeOperation = m.describeOperation.bind(m);
  return model;
}

/**
 * FNV-1a's offset basis, 0x811c9dc5, as a signed 32-bit integer: a default above 2^31 would be a
 * heap number to V8 and deoptimise every caller that passes a small seed.
 */
const FNV_OFFSET = 0x811c9dc5 | 0;

/**
 * A model state's hash for the checker's memo tables, from the state's text (FNV-1a, signed 32-bit).
 * `seed` chains parts: `stateHash(value, stateHash(prefix))`, or a version number as the seed.
 * Its values live only in the memo tables of one check; nothing records them.
 *
 * @example
 * stateHash("abc") === stateHash("abc"); // true
 */
export function stateHash(s: string, seed = FNV_OFFSET): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
