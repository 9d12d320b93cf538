import { MemoryBudget } from "./cache.js";
import { type Operation, validateHistory } from "../history.js";
import type { Model } from "../model.js";
import { PartitionCheck } from "./partition-check.js";
import type { Prefix } from "./search.js";

/**
 * ok: linearizable; illegal: not linearizable; unknown: the budget or the timeout ran out first.
 *
 * @example
 * const verdict: Verdict = check(history, model).verdict;
 */
export type Verdict = "ok" | "illegal" | "unknown";

/**
 * Limits on one check. `steps` and `memory` are deterministic: the same history with the same
 * limits gives the same result on any machine. `timeoutMs` is wall-clock and so is not.
 *
 * @example
 * check(history, kvModel, { steps: 1_000_000, timeoutMs: 5_000 });
 */
export interface CheckOptions {
  /** Model steps plus undos, over all partitions. Default 100 million. */
  steps?: number;
  /**
   * Bytes of memo (explored (linearized set, state) pairs) held at once, counted the same way on
   * every machine: each entry costs 136 bytes plus 4 per word of the part of its set it stores
   * (states are taken as small; for a model with large states, lower this). Default 512 MiB.
   */
  memory?: number;
  /** Give up with `unknown` after this many milliseconds. Default: no timeout. */
  timeoutMs?: number;
  /** How many longest partial linearizations to keep per partition. Default 3. */
  maxPrefixes?: number;
}

/**
 * Why a check ended `unknown`: the step budget, the memory budget, or the timeout.
 *
 * @example
 * check(history, model, { steps: 10 }).unknownReason; // "steps", for any history needing more
 */
export type UnknownReason = "steps" | "memory" | "timeout";

/**
 * One operation that might have come next after a partial linearization, and what became of it:
 * `rejected` by the model in that state, `no-effect` (an operation of unknown outcome that would
 * change nothing there), or `explored` (it fits, but the search had already shown that no order
 * goes on from the state it leads to).
 *
 * @example
 * const rejected = deadEnd.candidates.filter((c) => c.outcome === "rejected").map((c) => history[c.op]);
 */
export interface Candidate<S> {
  op: number;
  outcome: "rejected" | "no-effect" | "explored";
  /** The state it would lead to, unless rejected. */
  after?: S;
}

/**
 * A partial linearization the search could not extend: the operations placed (indices into the
 * history), the state after them, the candidates for the next place, the operation that returned
 * earliest among those not placed, and the operations `waiting` for it (called after it returned).
 * Unknown-outcome operations the model calls read-only never need a place and appear nowhere.
 *
 * @example
 * const [first] = result.partitions.find((p) => p.verdict === "illegal")!.deadEnds!;
 * console.log(first.order.length, model.describeState?.(first.state));
 */
export interface DeadEnd<S> {
  order: number[];
  state: S;
  candidates: Candidate<S>[];
  firstReturn?: number;
  waiting: number[];
  /**
   * Where some candidate fits ("explored") and yet no order goes on: a read still to be placed that
   * can no longer return its output from this state, by the model's read evidence
   * ({@link Model.evidence}), the first in call order, when there is one. The search cuts an order
   * short where one is.
   */
  stuckRead?: number;
}

/**
 * The outcome for one partition (one key, for a P-compositional model).
 *
 * @example
 * for (const p of result.partitions) console.log(p.name, p.verdict, p.linearization);
 */
export interface PartitionResult<S> {
  /** The partition's name (the key), or "" for a model without partitions. */
  name: string;
  verdict: Verdict;
  /** Indices into the history of this partition's operations. */
  operations: number[];
  steps: number;
  /** For ok: the order found, as history indices (unknown-outcome operations appear only if placed). */
  linearization?: number[];
  /** For illegal: the longest partial linearizations found, in discovery order, and why each stops. */
  deadEnds?: DeadEnd<S>[];
}

/**
 * The result of {@link check}. `partitions` are in name order; for `illegal`, `illegalPartition`
 * names the one that failed (the others may be ok or unknown: the search stops at the first).
 *
 * @example
 * const { verdict, illegalPartition, steps } = check(history, kvModel);
 */
export interface CheckResult<S> {
  verdict: Verdict;
  unknownReason?: UnknownReason;
  illegalPartition?: string;
  steps: number;
  partitions: PartitionResult<S>[];
}

const DEFAULT_STEPS = 100_000_000;
const DEFAULT_MEMORY = 512 * 1024 * 1024;
/** Steps a partition runs before the next gets its turn: small enough that one hard partition
 * cannot hide an easy violation elsewhere for long, large enough to cost nothing. */
const SLICE = 10_000;

/**
 * Checks whether `history` is linearizable with respect to `model`.
 *
 * Partitions (when the model has `partition`) are searched round-robin in slices of steps, so a
 * violation in an easy partition is found even when another partition is hard; the first illegal
 * partition ends the check.
 *
 * @example
 * const result = check(history, kvModel);
 * if (result.verdict === "illegal") console.log(explain(history, kvModel, result));
 */
export function check<S, I, O>(
  history: readonly Operation<I, O>[],
  model: Model<S, I, O>,
  options: CheckOptions = {},
): CheckResult<S> {
  validateHistory(history);
  const stepLimit = options.steps ?? DEFAULT_STEPS;
  const deadline = options.timeoutMs === undefined ? Infinity : performance.now() + options.timeoutMs;
  const budget = new MemoryBudget(options.memory ?? DEFAULT_MEMORY);
  const maxPrefixes = options.maxPrefixes ?? 3;

  // A partition's search is made when its turn first comes and dropped when it ends, so a history
  // of many small partitions never holds more than a few searches at once.
  const runs: Run<S, I, O>[] = partitionHistory(history, model);
  let total = 0;
  let stop: "illegal" | UnknownReason | undefined;
  let illegalPartition: string | undefined;
  let active = runs;
  while (active.length > 0 && stop === undefined) {
    for (const run of active) {
      const search = (run.search ??= new PartitionCheck(model, run.operations.map((i) => history[i]!), budget, maxPrefixes));
      const before = search.steps;
      const { status, linearization } = search.advance(Math.min(SLICE, stepLimit - total));
      total += search.steps - before;
      if (status === "ok" || status === "illegal") {
        run.result = { name: run.name, verdict: status, operations: run.operations, steps: search.steps };
        if (linearization !== undefined) run.result.linearization = linearization.map((i) => run.operations[i]!);
        else run.result.deadEnds = search.longest().map((prefix) => deadEnd(history, model, run.operations, prefix));
        search.release();
        run.search = undefined;
      }
      if (status === "illegal") {
        stop = "illegal";
        illegalPartition = run.name;
      } else if (status === "full") stop = "memory";
      else if (total >= stepLimit && status === "running") stop = "steps";
      else if (performance.now() > deadline) stop = "timeout";
      if (stop !== undefined) break;
    }
    active = active.filter((run) => run.result === undefined);
  }

  const partitions = runs.map(
    (run): PartitionResult<S> => run.result ?? { name: run.name, verdict: "unknown", operations: run.operations, steps: run.search?.steps ?? 0 },
  );
  const result: CheckResult<S> = {
    verdict: stop === "illegal" ? "illegal" : stop === undefined ? "ok" : "unknown",
    steps: total,
    partitions,
  };
  if (stop !== undefined && stop !== "illegal") result.unknownReason = stop;
  if (illegalPartition !== undefined) result.illegalPartition = illegalPartition;
  return result;
}

/** One partition's check: its search while it runs, its result once it has ended. */
interface Run<S, I, O> {
  name: string;
  operations: number[];
  search?: PartitionCheck<S, I, O>;
  result?: PartitionResult<S>;
}

/** The history's partitions in name order, each as history indices in history order. */
function partitionHistory<S, I, O>(history: readonly Operation<I, O>[], model: Model<S, I, O>): Run<S, I, O>[] {
  const byName = new Map<string, number[]>();
  history.forEach((op, i) => {
    const name = model.partition ? model.partition(op) : "";
    const group = byName.get(name);
    if (group) group.push(i);
    else byName.set(name, [i]);
  });
  return [...byName.keys()].sort().map((name) => ({ name, operations: byName.get(name)! }));
}

/** What could have come after `prefix`, and why none of it did (operation numbers made global). */
function deadEnd<S, I, O>(
  history: readonly Operation<I, O>[],
  model: Model<S, I, O>,
  operations: readonly number[],
  prefix: Prefix<S>,
): DeadEnd<S> {
  const order = Array.from(prefix.order, (i) => operations[i]!);
  const placed = new Set(order);
  const left = operations.filter((i) => !placed.has(i));
  let firstReturn: number | undefined;
  for (const i of left) {
    const r = history[i]!.return;
    if (r !== undefined && (firstReturn === undefined || r < history[firstReturn]!.return!)) firstReturn = i;
  }
  const horizon = firstReturn === undefined ? Infinity : history[firstReturn]!.return!;
  const candidates: Candidate<S>[] = [];
  const waiting: number[] = [];
  for (const i of left) {
    const op = history[i]!;
    if (op.return === undefined && model.readOnly?.(op.input, undefined)) continue;
    if (op.call > horizon) {
      waiting.push(i);
      continue;
    }
    const after = model.step(prefix.state, op.input, op.output);
    if (after === undefined) candidates.push({ op: i, outcome: "rejected" });
    else if (op.return === undefined && model.equal(after, prefix.state)) candidates.push({ op: i, outcome: "no-effect", after });
    else candidates.push({ op: i, outcome: "explored", after });
  }
  const result: DeadEnd<S> = { order, state: prefix.state, candidates, waiting };
  if (firstReturn !== undefined) result.firstReturn = firstReturn;
  // Where something fits and yet no order goes on, a read the evidence rules out may say why.
  const stuck = candidates.some((c) => c.outcome === "explored") ? stuckRead(history, model, operations, prefix) : undefined;
  if (stuck !== undefined) result.stuckRead = stuck;
  return result;
}

/** The first read in call order (history index) that the model's read evidence says can no longer return its output after `prefix`. */
function stuckRead<S, I, O>(history: readonly Operation<I, O>[], model: Model<S, I, O>, operations: readonly number[], prefix: Prefix<S>): number | undefined {
  if (model.evidence === undefined) return undefined;
  const ops = operations.map((i) => history[i]!);
  const evidence = model.evidence(ops);
  const placed = new Set(prefix.order);
  for (const k of prefix.order) evidence.track(k, true);
  const reads = ops
    .map((op, k) => ({ op, k }))
    .filter(({ op, k }) => !placed.has(k) && op.return !== undefined && op.output !== undefined && model.readOnly?.(op.input, op.output) === true)
    .sort((a, b) => a.op.call - b.op.call || a.k - b.k);
  const stuck = reads.find(({ k }) => !evidence.reachable(k, prefix.state));
  return stuck === undefined ? undefined : operations[stuck.k];
}
