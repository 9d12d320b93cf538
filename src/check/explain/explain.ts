import type { CheckResult, DeadEnd, PartitionResult, UnknownReason } from "../search/index.js";
import type { Operation } from "../history.js";
import type { Model } from "../model.js";

/**
 * How {@link explain} names operations and how much of a long order it shows.
 *
 * @example
 * explain(history, model, result, { label: (i) => `#${i}`, context: 20 });
 */
export interface ExplainOptions {
  /** A name for operation `i` of the history, e.g. its file line. Default `op i`. */
  label?: (i: number) => string;
  /** How many operations of the longest order to show before the dead end. Default 8. */
  context?: number;
  /** The text of an operation's call or return time, e.g. the file's own (LoadedHistory.timeText). Default the number. */
  time?: (t: number) => string;
}

/**
 * A text explanation of a check result that a student can act on. For a violation: which
 * partition (key), the longest order of its operations that the model accepts, the state after
 * it, each operation that could come next and why it cannot, and the operation whose return
 * forces the rest to wait.
 *
 * @example
 * const result = check(history, kvModel);
 * console.log(explain(history, kvModel, result, { label: (i) => `line ${lines[i]}` }));
 */
export function explain<S, I, O>(
  history: readonly Operation<I, O>[],
  model: Model<S, I, O>,
  result: CheckResult<S>,
  options: ExplainOptions = {},
): string {
  const label = options.label ?? ((i: number) => `op ${i}`);
  const context = options.context ?? 8;
  const time = options.time ?? String;
  const describeOp = (i: number): string => {
    const op = history[i]!;
    const text = operationText(model, op);
    const span = `[${time(op.call)}, ${op.return === undefined ? "never returned" : time(op.return)}]`;
    return `${label(i)} (client ${op.client}, ${span}) ${text}`;
  };
  const describeState = (s: S): string => stateText(model, s);
  const partitionName = (p: PartitionResult<S>): string => (p.name === "" ? "the history" : `key ${JSON.stringify(p.name)}`);

  if (result.verdict === "ok") {
    const ops = result.partitions.reduce((n, p) => n + p.operations.length, 0);
    return `linearizable: ${ops} operations in ${result.partitions.length} partition${result.partitions.length === 1 ? "" : "s"} (${result.steps} search steps)`;
  }
  if (result.verdict === "unknown") {
    const [reason, advice] = UNKNOWN_TEXT[result.unknownReason!];
    const open = result.partitions.filter((p) => p.verdict === "unknown").map(partitionName);
    const done = result.partitions.length - open.length;
    return [
      `unknown: ${reason} after ${result.steps} search steps, before the check could finish.`,
      `${done} of ${result.partitions.length} partitions are linearizable; not finished: ${open.join(", ")}.`,
      `${advice}, or record a shorter history.`,
    ].join("\n");
  }

  const partition = result.partitions.find((p) => p.name === result.illegalPartition)!;
  const deadEnd = partition.deadEnds![0]!;
  const lines = [`not linearizable: ${partitionName(partition)} (${partition.operations.length} operations)`];
  lines.push(...describeOrder(deadEnd, partition, context, describeOp));
  lines.push(`State then: ${describeState(deadEnd.state)}`);
  lines.push(...describeCandidates(deadEnd, label, describeOp, describeState));
  const others = partition.deadEnds!.length - 1;
  if (others > 0) lines.push(`(${others} other order${others === 1 ? " of the same length also ends" : "s of the same length also end"} here.)`);
  return lines.join("\n");
}

/**
 * Why a check ended unknown, and what can help: only the limit that was reached. A larger step
 * budget cannot help a search that ran out of memo, since each step may add to it.
 */
const UNKNOWN_TEXT: Record<UnknownReason, [string, string]> = {
  steps: ["the step budget ran out", "Give the check a larger --budget (search steps)"],
  memory: ["the memory budget ran out", "Give the check more memory with --memory (MiB of memo); a larger --budget cannot help"],
  timeout: ["the timeout expired", "Give the check a longer --timeout"],
};

/**
 * Text for one operation: the model's `describeOperation`, or else its input and output as JSON.
 *
 * @example
 * operationText(kvModel, history[0]); // 'put("x", "a", 0) -> OK'
 */
export function operationText<S, I, O>(model: Model<S, I, O>, op: Operation<I, O>): string {
  return model.describeOperation?.(op.input, op.output) ?? `${JSON.stringify(op.input)} -> ${op.output === undefined ? "?" : JSON.stringify(op.output)}`;
}

/**
 * Text for a state: the model's `describeState`, or else the state as JSON.
 *
 * @example
 * stateText(kvModel, { value: "b", version: 2 }); // '"b" (version 2)'
 */
export function stateText<S, I, O>(model: Model<S, I, O>, state: S): string {
  return model.describeState?.(state) ?? JSON.stringify(state);
}

function describeOrder<S>(deadEnd: DeadEnd<S>, partition: PartitionResult<S>, context: number, describeOp: (i: number) => string): string[] {
  const { order } = deadEnd;
  if (order.length === 0) return ["No operation of it can come first."];
  const lines = [`The longest order the model accepts places ${order.length} of its ${partition.operations.length} operations:`];
  const shown = order.slice(-context);
  if (shown.length < order.length) lines.push(`  ... ${order.length - shown.length} earlier operations`);
  shown.forEach((i, k) => lines.push(`  ${order.length - shown.length + k + 1}. ${describeOp(i)}`));
  return lines;
}

function describeCandidates<S>(
  deadEnd: DeadEnd<S>,
  label: (i: number) => string,
  describeOp: (i: number) => string,
  describeState: (s: S) => string,
): string[] {
  const stuck = deadEnd.stuckRead;
  const lines =
    stuck === undefined
      ? ["None of the operations that may come next fits:"]
      : [
          `${describeOp(stuck)} can no longer return that: from this state, no order of the operations not yet placed leads to it.`,
          "So none of the operations that may come next leads anywhere:",
        ];
  for (const c of deadEnd.candidates) {
    const why =
      c.outcome === "rejected"
        ? "the model does not allow this result in that state"
        : c.outcome === "no-effect"
          ? "its outcome is unknown and here it would change nothing"
          : stuck === undefined
            ? `it fits (state ${describeState(c.after as S)}), but every way on from there was already tried and fails`
            : `it fits (state ${describeState(c.after as S)}), but from there too that read can never be returned`;
    lines.push(`  - ${describeOp(c.op)}: ${why}`);
  }
  if (deadEnd.candidates.length === 0) lines.push("  (none: every operation left was called after one that must come first)");
  const { firstReturn, waiting } = deadEnd;
  if (firstReturn !== undefined && waiting.length > 0) {
    const named = waiting.slice(0, 5).map(label).join(", ") + (waiting.length > 5 ? `, and ${waiting.length - 5} more` : "");
    lines.push(`The rest (${named}) were called after ${label(firstReturn)} returned, so they cannot come before it.`);
  }
  return lines;
}
