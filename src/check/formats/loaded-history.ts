import type { Operation } from "../history.js";

/**
 * The history file formats kvlab reads.
 *
 * @example
 * const format: FormatName = sniffFormat(text, "run.log"); // e.g. "jepsen-etcd"
 */
export type FormatName = "kvlab" | "porcupine-kv" | "jepsen-etcd";

/**
 * A history read from a file: its format, the name of the shipped model its operations are
 * written for, the operations (inputs and outputs of that model's types), and for each operation
 * the file line of its call, so that explanations can point into the file.
 *
 * When the file holds a time a double cannot hold exactly (a nanosecond timestamp such as
 * 1700000000000000010), every time of the operations is its exact rank among the file's times
 * instead (the checker only compares them), and `timeText` gives the file's text of a time to
 * show; without `timeText` the times are the file's own numbers.
 *
 * @example
 * const { operations, model, lines } = readHistory(text, "run.jsonl");
 * explain(operations, findModel(model)!.model, check(operations, findModel(model)!.model), { label: (i) => `line ${lines[i]}` });
 */
export interface LoadedHistory {
  format: FormatName;
  model: string;
  operations: Operation<unknown, unknown>[];
  lines: number[];
  /** The file's text of an operation's `call` or `return`, present when they are ranks. */
  timeText?: (time: number) => string;
}
