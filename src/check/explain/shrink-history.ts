import { type CheckResult, check } from "../search/index.js";
import type { Operation } from "../history.js";
import type { Model } from "../model.js";

/** The smallest part of an illegal history that is still illegal, as indices into the history. */
export interface MinimalHistory {
  /** The partition (key) the violation is in. */
  key: string;
  /** Operations that stay exactly as recorded: each is needed for the violation. */
  kept: number[];
  /** Writes that stay but whose outcome is not needed (treated as unknown: applied or not). */
  weakened: number[];
  /** How many operations the partition had. */
  total: number;
}

/** Model steps each trial check may take; a trial that runs out counts as "not shown illegal". */
const TRIAL_STEPS = 200_000;
/** Trial checks at most, so shrinking a huge partition stays quick. */
const MAX_TRIALS = 400;

/**
 * Shrinks an illegal history to a 1-minimal illegal part of its failing partition, by weakening
 * only: a read-only operation may be dropped, and a write may forget its outcome (it becomes an
 * operation of unknown outcome). Weakening never adds a violation, so every part it shows is
 * illegal for the same reason as the whole, and a write it keeps is one the violation needs.
 * (Dropping writes instead would make a read of their value "illegal" for a trivial reason.)
 * Chunks are tried from large to single operations, reads before writes, latest first: weakening is monotone,
 * so an operation whose weakening failed once would fail again and one pass gives 1-minimality.
 */
export function minimalIllegalHistory<S, I, O>(
  history: readonly Operation<I, O>[],
  model: Model<S, I, O>,
  /** The whole history's check, when the caller has it already (it is not repeated then). */
  whole: CheckResult<S> = check(history, model, { steps: 10 * TRIAL_STEPS }),
): MinimalHistory | undefined {
  if (whole.verdict !== "illegal") return undefined;
  const partition = whole.partitions.find((p) => p.name === whole.illegalPartition)!;
  const ops = partition.operations;
  const state = new Map<number, "kept" | "weakened" | "dropped">(ops.map((i) => [i, "kept"]));
  const weaken = (i: number) => {
    const op = history[i]!;
    if (op.return === undefined) return "dropped" as const; // already of unknown outcome: the weakest it gets is gone
    return model.readOnly?.(op.input, op.output) ? ("dropped" as const) : ("weakened" as const);
  };
  const build = (trial: ReadonlyMap<number, string>) =>
    ops.flatMap((i) => {
      const op = history[i]!;
      const s = trial.get(i);
      return s === "dropped" ? [] : s === "weakened" ? [{ client: op.client, call: op.call, input: op.input }] : [op];
    });
  let trials = 0;
  const stillIllegal = (trial: ReadonlyMap<number, string>) => ++trials <= MAX_TRIALS && check(build(trial), model, { steps: TRIAL_STEPS }).verdict === "illegal";
  /** Weakens what it can of `group`, in chunks from half of it down to single operations. */
  const shrink = (group: number[]) => {
    for (let chunk = Math.max(1, Math.floor(group.length / 2)); group.length > 0; chunk = Math.max(1, Math.floor(chunk / 2))) {
      for (let start = 0; start < group.length; start += chunk) {
        const targets = group.slice(start, start + chunk).filter((i) => state.get(i) !== weaken(i));
        if (targets.length === 0) continue;
        const trial = new Map(state);
        for (const i of targets) trial.set(i, weaken(i));
        if (stillIllegal(trial)) for (const i of targets) state.set(i, weaken(i));
      }
      if (chunk === 1 || trials > MAX_TRIALS) break;
    }
  };
  // Reads first: a part made of conflicting writes (two puts that both won one version) reads
  // better than one held up by a read of a value no chain of writes could reach. Latest first
  // within each, so what remains is the earliest violation: the first thing that went wrong.
  const latestFirst = (a: number, b: number) => history[b]!.call - history[a]!.call;
  shrink(ops.filter((i) => weaken(i) === "dropped").sort(latestFirst));
  shrink(ops.filter((i) => weaken(i) === "weakened").sort(latestFirst));
  return {
    key: partition.name,
    kept: ops.filter((i) => state.get(i) === "kept"),
    weakened: ops.filter((i) => state.get(i) === "weakened"),
    total: ops.length,
  };
}
