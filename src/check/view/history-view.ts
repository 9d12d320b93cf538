import type { CheckResult, DeadEnd } from "../search/index.js";
import { explain, operationText, stateText } from "../explain/index.js";
import type { LoadedHistory } from "../formats/index.js";
import type { Model } from "../model.js";
import type { RunView, ViewOperation } from "./run-view.js";
import { FOCUS_OPERATIONS, focusOf, nearest, roleRank, SHOWN_OPERATIONS, SummaryBuilder } from "./run-window.js";
import { minimalIllegalHistory } from "../explain/index.js";

/** A history file as `kvlab check` read and checked it. */
export interface CheckedHistory {
  /** The file's name, as the page's title. */
  file: string;
  loaded: LoadedHistory;
  /** The model it was checked against. */
  model: Model<unknown, unknown, unknown>;
  result: CheckResult<unknown>;
  /** The command that checks it again. */
  rerun?: string;
}

const CANDIDATE_TEXT: Record<DeadEnd<unknown>["candidates"][number]["outcome"], string> = {
  rejected: "the model does not allow its result in the state before it",
  "no-effect": "its outcome is unknown, and there it would change nothing",
  explored: "it fits, but every order that goes on from there fails",
};

/**
 * The run viewer's data for a checked history: its operations only (a history file records no
 * messages or faults). Each operation is placed by the check: in the linearization of an ok
 * partition, in the longest partial order of the illegal one, or among the operations that could
 * not come next; hovering shows its line, input, output and the model's state before and after it.
 * The explanation is `explain`'s text, naming operations by file line as `kvlab check` does.
 * When the file's times were replaced by their ranks (a time no double holds), the chart is
 * drawn in ranks, says so in its unit, and each operation shows the file's own times.
 *
 * @example
 * const loaded = readHistory(text, file);
 * const model = findModel(loaded.model)!.model;
 * writeFileSync("out.html", renderRunView(historyView({ file, loaded, model, result: check(loaded.operations, model) })));
 */
export function historyView({ file, loaded, model, result, rerun }: CheckedHistory): RunView {
  const { operations, lines, timeText } = loaded;
  const label = (i: number): string => `line ${lines[i]}`;
  const [summary = "", ...explanation] = explain(operations, model, result, { label, ...(timeText ? { time: timeText } : {}) }).split("\n");
  const placement = new Map<number, Pick<ViewOperation, "role" | "order" | "details">>();

  // The state before and after each placed operation, by running the order through the model.
  const place = (order: readonly number[], role: "linearized" | "placed"): void => {
    let state = model.init();
    order.forEach((i, k) => {
      const op = operations[i]!;
      const after = model.step(state, op.input, op.output);
      placement.set(i, { role, order: k + 1, details: { "state before": stateText(model, state), "state after": after === undefined ? "(rejected)" : stateText(model, after) } });
      state = after ?? state;
    });
  };
  const unfinished = result.verdict === "illegal" ? "no: the check stops at the first illegal partition" : `not finished when the check ran out of ${result.unknownReason === "timeout" ? "time" : result.unknownReason}`;
  for (const partition of result.partitions) {
    if (partition.verdict === "unknown") for (const i of partition.operations) placement.set(i, { role: "other", details: { checked: unfinished } });
    if (partition.linearization) place(partition.linearization, "linearized");
    const deadEnd = partition.deadEnds?.[0];
    if (deadEnd === undefined) continue;
    place(deadEnd.order, "placed");
    for (const c of deadEnd.candidates) {
      const details: Record<string, string> = { "state before": stateText(model, deadEnd.state), "why not next": CANDIDATE_TEXT[c.outcome] };
      if (c.after !== undefined) details["state after"] = stateText(model, c.after);
      placement.set(c.op, { role: "unplaced", details });
    }
    if (deadEnd.firstReturn !== undefined) {
      for (const i of deadEnd.waiting) placement.set(i, { role: "other", details: { "waits for": `${label(deadEnd.firstReturn)}, which returned before it was called` } });
    }
  }

  // The smallest part that is still illegal (the same shrink a failed run gets): its operations
  // are marked, unless already highlighted as what could not come next.
  const minimal = result.verdict === "illegal" ? minimalIllegalHistory(operations, model, result) : undefined;
  if (minimal) {
    const mark = (i: number, how: string) => {
      const placed = placement.get(i) ?? { role: "other" as const, details: {} };
      placement.set(i, { ...placed, role: placed.role === "unplaced" ? "unplaced" : "minimal", details: { ...placed.details, "smallest illegal part": how } });
    };
    for (const i of minimal.kept) mark(i, "yes, as recorded");
    for (const i of minimal.weakened) mark(i, "yes, only as a write that happened at some time (or not)");
    const named = (list: readonly number[]) => list.map(label).join(", ");
    explanation.push(
      `The smallest part that is still not linearizable: ${named(minimal.kept)}${minimal.weakened.length ? `, and ${named(minimal.weakened)} only as writes that may have applied` : ""} (${minimal.kept.length + minimal.weakened.length} of the partition's ${minimal.total} operations).`,
    );
  }

  const lane = (i: number): string => `client ${operations[i]!.client}`;
  // A long history is drawn around the violation (or its last instant): see run-window.ts.
  // The operations that could not be placed are the violation: they come first, then the rest of
  // the smallest illegal part.
  const rank = (i: number) => roleRank(placement.get(i)?.role);
  const spans = operations.map((op) => ({ callMs: op.call, returnMs: op.return }));
  const last = spans.reduce((latest, span) => Math.max(latest, span.returnMs ?? span.callMs), 0);
  const top = operations.reduce((highest, _, i) => Math.max(highest, rank(i)), 0);
  const focus = focusOf(
    spans.filter((_, i) => top > 0 && rank(i) === top).slice(0, FOCUS_OPERATIONS),
    last,
  );
  const shown = nearest(spans, focus, SHOWN_OPERATIONS, rank);
  const counts = new SummaryBuilder();
  operations.forEach((op, i) => counts.operation(op.call, lane(i), operationText(model, op).split(/[(\s]/)[0] || "operation"));
  const rest = counts.build({ operations: shown.length, messages: 0, markers: 0, ...focusOf(shown.map((i) => spans[i]!), last) });
  const lanes = [...new Set(shown.map((i) => lane(i)))].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const view: RunView = {
    title: file,
    verdict: result.verdict,
    summary,
    explanation,
    lanes,
    operations: shown.map((i): ViewOperation => {
      const op = operations[i]!;
      const placed = placement.get(i) ?? { role: "other", details: {} };
      const viewOp: ViewOperation = {
        id: i,
        lane: lane(i),
        callMs: op.call,
        label: operationText(model, op),
        key: model.partition?.(op) ?? "",
        role: placed.role,
        details: {
          line: String(lines[i]),
          ...(timeText ? { "call in the file": timeText(op.call), "return in the file": op.return === undefined ? "never returned" : timeText(op.return) } : {}),
          input: JSON.stringify(op.input),
          output: op.output === undefined ? "none: the outcome is unknown" : JSON.stringify(op.output),
          ...placed.details,
        },
      };
      if (op.return !== undefined) viewOp.returnMs = op.return;
      if (placed.order !== undefined) viewOp.order = placed.order;
      return viewOp;
    }),
    messages: [],
    markers: [],
    timeUnit: timeText ? "rank" : "",
    ...(rest ? { rest } : {}),
  };
  if (rerun !== undefined) view.rerun = rerun;
  return view;
}
